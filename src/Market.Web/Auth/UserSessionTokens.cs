using System.Globalization;
using Market.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Market.Web.Auth;

public enum RefreshStatus
{
    Refreshed,
    Refused,
    Unavailable,
}

public sealed record RefreshOutcome(RefreshStatus Status, string? AccessToken = null);

/// <summary>
/// Reads the API tokens kept in the auth cookie and replaces them after a refresh.
/// A refresh is remembered for the rest of the request because the cookie handler keeps
/// answering with the ticket it read from the incoming cookie, and the API rotates refresh tokens.
/// </summary>
public sealed class UserSessionTokens(MarketAuthClient authClient, TimeProvider timeProvider, ILogger<UserSessionTokens> logger)
{
    private static readonly object RefreshKey = new();

    public async Task<string?> GetAccessTokenAsync(HttpContext context)
    {
        if (context.Items[RefreshKey] is Task<RefreshOutcome> { IsCompletedSuccessfully: true } refreshed && refreshed.Result.AccessToken is { } token)
        {
            return token;
        }

        return await context.GetTokenAsync(CookieAuthenticationDefaults.AuthenticationScheme, SessionTokenNames.AccessToken);
    }

    /// <summary>Refreshes now when the access token expires within <paramref name="minimumValidity"/>.</summary>
    public async Task RefreshIfExpiringAsync(HttpContext context, TimeSpan minimumValidity, CancellationToken cancellationToken)
    {
        if (context.Items[RefreshKey] is Task<RefreshOutcome>)
        {
            return;
        }

        var expiresAt = await context.GetTokenAsync(CookieAuthenticationDefaults.AuthenticationScheme, SessionTokenNames.ExpiresAt);
        var accessToken = await GetAccessTokenAsync(context);
        if (accessToken is null
            || (DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                && at - timeProvider.GetUtcNow() > minimumValidity))
        {
            return;
        }

        await RefreshAsync(context, accessToken, cancellationToken);
    }

    public async Task<RefreshOutcome> RefreshAsync(HttpContext context, string rejectedAccessToken, CancellationToken cancellationToken)
    {
        if (context.Items[RefreshKey] is not Task<RefreshOutcome> refresh)
        {
            refresh = RefreshOnceAsync(context, cancellationToken);
            context.Items[RefreshKey] = refresh;
        }

        var outcome = await refresh;
        if (outcome.AccessToken is not null && outcome.AccessToken == rejectedAccessToken)
        {
            logger.LogInformation("The API refused a freshly refreshed token; signing the user out.");
            await EndSessionAsync(context);
            return new RefreshOutcome(RefreshStatus.Refused);
        }

        return outcome;
    }

    private async Task<RefreshOutcome> RefreshOnceAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var current = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var refreshToken = current.Properties?.GetTokenValue(SessionTokenNames.RefreshToken);
        if (!current.Succeeded || refreshToken is null)
        {
            await EndSessionAsync(context);
            return new RefreshOutcome(RefreshStatus.Refused);
        }

        var result = await authClient.RefreshAsync(refreshToken, cancellationToken);
        if (!result.Succeeded)
        {
            // An outage must not sign everyone out: only a refusal from the API ends the session.
            if (result.Problem.Status >= StatusCodes.Status500InternalServerError)
            {
                logger.LogWarning("The API could not refresh the session ({Code}); keeping it for a later try.", result.Problem.Code);
                return new RefreshOutcome(RefreshStatus.Unavailable);
            }

            logger.LogInformation("The API refused to refresh the session ({Code}); signing the user out.", result.Problem.Code);
            await EndSessionAsync(context);
            return new RefreshOutcome(RefreshStatus.Refused);
        }

        var properties = current.Properties!;
        StoreTokens(properties, result.Value, timeProvider);
        if (context.Response.HasStarted)
        {
            logger.LogWarning("Tokens were refreshed after the response started; the cookie keeps the old ones until the next refresh.");
        }
        else
        {
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, current.Principal!, properties);
        }

        return new RefreshOutcome(RefreshStatus.Refreshed, result.Value.AccessToken);
    }

    public static void StoreTokens(AuthenticationProperties properties, TokenResponse tokens, TimeProvider timeProvider)
    {
        var expiresAt = timeProvider.GetUtcNow().AddSeconds(tokens.ExpiresIn);
        properties.StoreTokens(
        [
            new AuthenticationToken { Name = SessionTokenNames.AccessToken, Value = tokens.AccessToken },
            new AuthenticationToken { Name = SessionTokenNames.RefreshToken, Value = tokens.RefreshToken },
            new AuthenticationToken { Name = SessionTokenNames.ExpiresAt, Value = expiresAt.ToString("o", CultureInfo.InvariantCulture) },
        ]);
    }

    private static async Task EndSessionAsync(HttpContext context)
    {
        if (!context.Response.HasStarted)
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
