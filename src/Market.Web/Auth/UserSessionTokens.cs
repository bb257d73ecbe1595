using System.Globalization;
using Market.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Market.Web.Auth;

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
        if (context.Items[RefreshKey] is Task<string?> { IsCompletedSuccessfully: true } refreshed && refreshed.Result is { } token)
        {
            return token;
        }

        return await context.GetTokenAsync(CookieAuthenticationDefaults.AuthenticationScheme, SessionTokenNames.AccessToken);
    }

    public async Task<string?> RefreshAsync(HttpContext context, string rejectedAccessToken, CancellationToken cancellationToken)
    {
        if (context.Items[RefreshKey] is not Task<string?> refresh)
        {
            refresh = RefreshOnceAsync(context, cancellationToken);
            context.Items[RefreshKey] = refresh;
        }

        var accessToken = await refresh;
        if (accessToken is not null && accessToken == rejectedAccessToken)
        {
            logger.LogInformation("The API refused a freshly refreshed token; signing the user out.");
            await EndSessionAsync(context);
            return null;
        }

        return accessToken;
    }

    private async Task<string?> RefreshOnceAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var current = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var refreshToken = current.Properties?.GetTokenValue(SessionTokenNames.RefreshToken);
        if (!current.Succeeded || refreshToken is null)
        {
            await EndSessionAsync(context);
            return null;
        }

        var result = await authClient.RefreshAsync(refreshToken, cancellationToken);
        if (!result.Succeeded)
        {
            logger.LogInformation("The API refused to refresh the session ({Code}); signing the user out.", result.Problem.Code);
            await EndSessionAsync(context);
            return null;
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

        return result.Value.AccessToken;
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
