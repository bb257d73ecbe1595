using System.Globalization;
using System.Security.Claims;
using Market.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Market.Web.Auth;

public static class SessionServices
{
    public static IServiceCollection AddMarketSessions(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Every cookie (session, antiforgery, language) is HttpOnly, and Secure everywhere but on a developer's machine.
        services.Configure<CookiePolicyOptions>(policy =>
        {
            policy.Secure = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            policy.HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always;
            policy.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
        services.Configure<SessionOptions>(configuration.GetSection(SessionOptions.SectionName));
        services.AddScoped<SessionCookieEvents>();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<SessionOptions>>((cookie, session) =>
            {
                cookie.ExpireTimeSpan = session.Value.IdleTimeout;
                cookie.EventsType = typeof(SessionCookieEvents);
            });
        return services;
    }
}

public sealed class SessionOptions
{
    public const string SectionName = "Market:Session";

    /// <summary>A session unused for this long ends (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>QC reviewers see whole records of personal-data work, so their idle sessions end sooner.</summary>
    public TimeSpan ReviewerIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often a session is checked with the API (which checks the user's security stamp, roles and membership).
    /// With the API's own 30 s check, a suspended user's cookie stops working within 60 s even on pages that call
    /// nothing of the API.
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Every cookie session: ends after the idle timeout of its roles, and is re-checked with the API every
/// <see cref="SessionOptions.RevalidationInterval"/>; a refusal (revoked, suspended) ends it, an outage does not.
/// Roles the API no longer reports are dropped from the cookie at the same time.
/// </summary>
public sealed class SessionCookieEvents(MarketAuthClient authClient, IOptions<SessionOptions> options, TimeProvider clock, ILogger<SessionCookieEvents> logger)
    : CookieAuthenticationEvents
{
    private const string ValidatedAtKey = ".market.validated";

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        var shortSession = context.Principal?.IsInRole(MarketRoles.AgentReviewer) == true;
        if (shortSession)
        {
            if (context.Properties.IssuedUtc is { } lastActive && now - lastActive > settings.ReviewerIdleTimeout)
            {
                await EndAsync(context, "idle");
                return;
            }

            context.ShouldRenew = true; // the issue time then marks the last activity
        }

        if (ValidatedAt(context.Properties) is { } validatedAt && now - validatedAt < settings.RevalidationInterval)
        {
            return;
        }

        var accessToken = context.Properties.GetTokenValue(SessionTokenNames.AccessToken);
        var refreshToken = context.Properties.GetTokenValue(SessionTokenNames.RefreshToken);
        if (accessToken is null || refreshToken is null)
        {
            await EndAsync(context, "no_tokens");
            return;
        }

        var me = await authClient.GetMeAsync(accessToken, context.HttpContext.RequestAborted);
        if (!me.Succeeded && me.Problem.Status == StatusCodes.Status401Unauthorized)
        {
            var refreshed = await authClient.RefreshAsync(refreshToken, context.HttpContext.RequestAborted);
            if (refreshed.Succeeded)
            {
                UserSessionTokens.StoreTokens(context.Properties, refreshed.Value, clock);
                me = await authClient.GetMeAsync(refreshed.Value.AccessToken, context.HttpContext.RequestAborted);
            }
            else if (refreshed.Problem.Status < StatusCodes.Status500InternalServerError)
            {
                await EndAsync(context, refreshed.Problem.Code);
                return;
            }
        }

        if (!me.Succeeded)
        {
            if (me.Problem.Status is >= 400 and < 500 and not StatusCodes.Status429TooManyRequests)
            {
                await EndAsync(context, me.Problem.Code);
            }

            // An outage must not sign everyone out: the check is tried again on the next request.
            return;
        }

        var current = context.Principal!;
        var roles = current.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal);
        if (!roles.SequenceEqual(me.Value.Roles.Order(StringComparer.Ordinal)))
        {
            var signedInAt = DateTimeOffset.TryParse(current.FindFirstValue(MarketClaimTypes.SignedInAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at
                : now;
            context.ReplacePrincipal(UserPrincipalFactory.Create(me.Value, signedInAt));
        }

        context.Properties.Items[ValidatedAtKey] = now.ToString("o", CultureInfo.InvariantCulture);
        context.ShouldRenew = true;
    }

    /// <summary>A session is as fresh as the sign-in (or refresh) that created it.</summary>
    public override Task SigningIn(CookieSigningInContext context)
    {
        context.Properties.Items.TryAdd(ValidatedAtKey, clock.GetUtcNow().ToString("o", CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }

    private static DateTimeOffset? ValidatedAt(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(ValidatedAtKey, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;

    private async Task EndAsync(CookieValidatePrincipalContext context, string? why)
    {
        logger.LogInformation("Session ended ({Reason}).", why);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
