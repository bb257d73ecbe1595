using System.Collections.Concurrent;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Market.Api.Infrastructure;

/// <summary>How many calls of one kind a window allows from one IP address and for one user (or target account).</summary>
public sealed class RateLimitRule
{
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
/// of the lockout), registration (per address), claiming units and uploading files (per signed-in user). Held in
/// each instance's memory, so with N instances the effective limit is at most N times the configured one.
/// </summary>
public sealed class UserAndIpRateLimiter(IOptions<UserAndIpRateLimitOptions> options)
{
    private readonly ConcurrentDictionary<string, PartitionedRateLimiter<string>> limiters = new();

    /// <summary>Takes one permit for the IP and one for the user; throws <see cref="RateLimitedException"/> when either is spent.</summary>
    public void Take(string category, string? ip, string? user)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var rule = options.Value.For(category);
        Acquire($"{category}:ip", rule.PerIp, rule.Window, ip ?? "unknown");
        if (!string.IsNullOrEmpty(user))
        {
            Acquire($"{category}:user", rule.PerUser, rule.Window, user);
        }
    }

    private void Acquire(string limiterName, int permits, TimeSpan window, string key)
    {
        var limiter = limiters.GetOrAdd(limiterName, _ => PartitionedRateLimiter.Create<string, string>(k =>
            RateLimitPartition.GetFixedWindowLimiter(k, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permits),
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            })));
        using var lease = limiter.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            throw new RateLimitedException(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window);
        }
    }
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
            http.RequestServices.GetRequiredService<UserAndIpRateLimiter>().Take(category, http.Connection.RemoteIpAddress?.ToString(), user);
            return await next(context);
        });
}
