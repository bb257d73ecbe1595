using System.Security.Claims;
using Market.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Market.Api.Infrastructure;

/// <summary>How many calls of one kind a window allows from one IP address and for one user (or target account).</summary>
public sealed class RateLimitRule
{
    /// <summary>Calls per window from one address; 0 counts no addresses (the load balancer in front limits them).</summary>
    public int PerIp { get; set; }

    public int PerUser { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class UserAndIpRateLimitOptions
{
    public const string SectionName = "RateLimits";

    public bool Enabled { get; set; } = true;

    public RateLimitRule Login { get; set; } = new() { PerIp = 30, PerUser = 10, Window = TimeSpan.FromMinutes(1) };

    public RateLimitRule Register { get; set; } = new() { PerIp = 10, PerUser = 3, Window = TimeSpan.FromMinutes(10) };

    public RateLimitRule Claim { get; set; } = new() { PerIp = 240, PerUser = 30, Window = TimeSpan.FromMinutes(1) };

    public RateLimitRule Upload { get; set; } = new() { PerIp = 60, PerUser = 20, Window = TimeSpan.FromMinutes(10) };

    public RateLimitRule For(string category) => category switch
    {
        RateLimited.Login => Login,
        RateLimited.Register => Register,
        RateLimited.Claim => Claim,
        RateLimited.Upload => Upload,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown rate-limit category."),
    };
}

/// <summary>A call over its limit: 429 with Retry-After.</summary>
public sealed class RateLimitedException(TimeSpan retryAfter) : Exception("Too many requests; wait and try again.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Fixed-window limits per IP address and per user for the calls worth abusing: sign-in (per target account, on top
/// of the lockout), registration (per address), claiming units and uploading files (per signed-in user). The counters
/// live in PostgreSQL (<c>rate_limit_counters</c>), so every API instance counts against the same limit (ADR 0042);
/// windows are aligned to the Unix epoch, so all instances agree where a window starts.
/// </summary>
public sealed class UserAndIpRateLimiter(IOptions<UserAndIpRateLimitOptions> options, MarketDbContext db, TimeProvider clock)
{
    // One round trip per call, whatever it counts: drop the keys' ended windows, then count this call in the current
    // window of each key (the address's, the user's). The upsert takes the rows' locks in the keys' order (address
    // first), so concurrent calls on any instance each see a distinct count and never wait on each other in a cycle.
    private const string CountSql = """
        WITH ended AS (DELETE FROM rate_limit_counters WHERE key = ANY (@keys) AND window_start < @window_start)
        INSERT INTO rate_limit_counters (key, window_start, count)
        SELECT k.key, @window_start, 1 FROM unnest(@keys) WITH ORDINALITY AS k(key, n) ORDER BY k.n
        ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
        RETURNING key, count
        """;

    /// <summary>
    /// Takes one permit for the IP and one for the user; throws <see cref="RateLimitedException"/> when either is spent.
    /// A rule with <see cref="RateLimitRule.PerIp"/> 0 does not count addresses at all: for a deployment whose load
    /// balancer limits each address itself, or where many users share one address (the bench's load generator).
    /// </summary>
    public async Task TakeAsync(string category, string? ip, string? user, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var rule = options.Value.For(category);
        var limits = new List<(string Key, int Permits)>(2);
        if (rule.PerIp > 0)
        {
            limits.Add((Key($"{category}:ip:{ip ?? "unknown"}"), rule.PerIp));
        }

        if (!string.IsNullOrEmpty(user))
        {
            limits.Add((Key($"{category}:user:{user}"), rule.PerUser));
        }

        if (limits.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var windowTicks = Math.Max(TimeSpan.TicksPerSecond, rule.Window.Ticks);
        var sinceEpoch = (now - DateTimeOffset.UnixEpoch).Ticks;
        var windowStart = DateTimeOffset.UnixEpoch.AddTicks(sinceEpoch - (sinceEpoch % windowTicks));

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(CountSql, connection);
            command.Parameters.AddWithValue("keys", limits.Select(l => l.Key).ToArray());
            command.Parameters.AddWithValue("window_start", windowStart.UtcDateTime);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (limits.Any(l => counts.GetValueOrDefault(l.Key) > Math.Max(1, l.Permits)))
        {
            throw new RateLimitedException(windowStart.AddTicks(windowTicks) - now);
        }
    }

    private static string Key(string key) => key.Length > 300 ? key[..300] : key;
}

public static class RateLimited
{
    public const string Login = "login";
    public const string Register = "register";
    public const string Claim = "claim";
    public const string Upload = "upload";

    /// <summary>
    /// Limits the endpoint per IP and per user. <paramref name="subject"/> names the "user" of an anonymous call from its
    /// bound arguments (the account a sign-in targets); otherwise it is the signed-in caller.
    /// </summary>
    public static TBuilder WithUserAndIpRateLimit<TBuilder>(this TBuilder builder, string category, Func<IList<object?>, string?>? subject = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var user = subject?.Invoke(context.Arguments)?.Trim().ToUpperInvariant() ?? http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            await http.RequestServices.GetRequiredService<UserAndIpRateLimiter>()
                .TakeAsync(category, http.Connection.RemoteIpAddress?.ToString(), user, http.RequestAborted);
            return await next(context);
        });
}
