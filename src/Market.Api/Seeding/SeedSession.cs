using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Market.Api.Identity;
using Market.Api.Persistence;
using MediatR;
using Microsoft.AspNetCore.Identity;

namespace Market.Api.Seeding;

/// <summary>
/// Times in the demo files, relative to the moment the demo is loaded (the anchor): <c>-84 10:00</c> is 10:00 in
/// Japan 84 days before today, <c>+5 17:00</c> five days after; <c>now-40m</c>, <c>now-3h</c>, <c>now-2d</c> count back
/// from the anchor itself. Durations: <c>40m</c>, <c>3h</c>, <c>2d</c>.
/// </summary>
public sealed partial class SeedTimes(DateTimeOffset anchor)
{
    public static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    public DateTimeOffset Anchor { get; } = anchor;

    /// <summary>Midnight in Japan at the start of the anchor's day.</summary>
    public DateTimeOffset Today { get; } = new DateTimeOffset(anchor.ToOffset(JapanOffset).Date, JapanOffset);

    public DateTimeOffset DaysAgo(double days) => Anchor - TimeSpan.FromDays(days);

    public DateTimeOffset At(int dayOffset, int hour, int minute = 0) => Today.AddDays(dayOffset).AddHours(hour).AddMinutes(minute);

    public DateTimeOffset Parse(string text)
    {
        var trimmed = text.Trim();
        if (DayTime().Match(trimmed) is { Success: true } day)
        {
            return At(
                int.Parse(day.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                int.Parse(day.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(day.Groups[3].Value, CultureInfo.InvariantCulture));
        }

        if (trimmed.StartsWith("now-", StringComparison.Ordinal))
        {
            return Anchor - Duration(trimmed[4..]);
        }

        throw new InvalidOperationException($"'{text}' is not a demo time (\"-84 10:00\", \"+5 17:00\" or \"now-40m\").");
    }

    /// <summary>A time that must already have happened: every step of the story lies before the anchor.</summary>
    public DateTimeOffset Past(string text)
    {
        var at = Parse(text);
        return at < Anchor
            ? at
            : throw new InvalidOperationException($"'{text}' is not in the past of the demo (the story happens before it is loaded).");
    }

    public static TimeSpan Duration(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new InvalidOperationException($"'{text}' is not a duration (\"40m\", \"3h\", \"2d\").");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => TimeSpan.FromDays(value),
        };
    }

    [GeneratedRegex(@"^([+-]?\d+) (\d{1,2}):(\d{2})$")]
    private static partial Regex DayTime();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(m|h|d)$")]
    private static partial Regex DurationPattern();
}

/// <summary>
/// Runs the application's own requests as a named demo user at a chosen instant: the clock is pinned there, and the
/// request's caller is that user, with the claims a sign-in would give them (so tenancy filters, ownership checks and
/// audit entries apply as they would over HTTP). <c>null</c> as the user means the scheduler (no caller).
/// </summary>
public sealed class SeedSession(IServiceProvider services, PinnableClock clock)
{
    public const string Domain = DemoAccounts.Domain;

    private readonly Dictionary<string, ClaimsPrincipal> _principals = new(StringComparer.Ordinal);

    /// <summary><c>worker1</c> → <c>worker1@demo.furusato.example</c>; full addresses pass through.</summary>
    public static string Email(string person) => person.Contains('@', StringComparison.Ordinal) ? person : $"{person}@{Domain}";

    public async Task<T> SendAsync<T>(string? person, DateTimeOffset at, IRequest<T> request, CancellationToken cancellationToken)
    {
        var principal = person is null ? null : await PrincipalAsync(Email(person), cancellationToken);
        clock.Pin(at);
        await using var scope = services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        if (principal is not null)
        {
            accessor.HttpContext = new DefaultHttpContext { User = principal, RequestServices = scope.ServiceProvider };
        }

        try
        {
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, cancellationToken);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    /// <summary>Direct work on the model at <paramref name="at"/>, as background work (every tenant visible).</summary>
    public async Task<T> WithDbAsync<T>(DateTimeOffset at, Func<IServiceProvider, MarketDbContext, Task<T>> work)
    {
        clock.Pin(at);
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<MarketDbContext>());
    }

    public Task WithDbAsync(DateTimeOffset at, Func<IServiceProvider, MarketDbContext, Task> work) =>
        WithDbAsync(at, async (s, db) =>
        {
            await work(s, db);
            return true;
        });

    /// <summary>Forgets cached sign-ins (after memberships change).</summary>
    public void Forget(string person) => _principals.Remove(Email(person));

    private async Task<ClaimsPrincipal> PrincipalAsync(string email, CancellationToken cancellationToken)
    {
        if (_principals.TryGetValue(email, out var cached))
        {
            return cached;
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"The demo story names {email}, who is not in seed-data (world.json or workers.csv).");
        cancellationToken.ThrowIfCancellationRequested();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        _principals[email] = principal;
        return principal;
    }
}
