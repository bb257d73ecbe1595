using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Market.Api.Identity;

public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);

/// <summary>
/// Issues and redeems the API's bearer tokens with the same protectors ASP.NET Core's bearer-token handler
/// validates them with (ADR 0003), so handlers can return the tokens as their result.
/// </summary>
public sealed class TokenIssuer(
    SignInManager<AppUser> signInManager,
    IOptionsMonitor<BearerTokenOptions> bearerOptions,
    TimeProvider clock)
{
    private BearerTokenOptions Options => bearerOptions.Get(IdentityConstants.BearerScheme);

    public async Task<TokenResponse> IssueAsync(AppUser user)
    {
        var principal = await signInManager.CreateUserPrincipalAsync(user);
        return Issue(principal);
    }

    /// <summary>The user behind a refresh token if it is unexpired and their security stamp is unchanged; else null.</summary>
    public async Task<AppUser?> RedeemRefreshTokenAsync(string refreshToken)
    {
        var ticket = Options.RefreshTokenProtector.Unprotect(refreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires <= clock.GetUtcNow())
        {
            return null;
        }

        return await signInManager.ValidateSecurityStampAsync(ticket.Principal);
    }

    private TokenResponse Issue(ClaimsPrincipal principal)
    {
        var options = Options;
        var now = clock.GetUtcNow();
        var access = new AuthenticationTicket(
            principal,
            new AuthenticationProperties { ExpiresUtc = now + options.BearerTokenExpiration },
            IdentityConstants.BearerScheme);
        var refresh = new AuthenticationTicket(
            principal,
            new AuthenticationProperties { ExpiresUtc = now + options.RefreshTokenExpiration },
            $"{IdentityConstants.BearerScheme}:RefreshToken");
        return new TokenResponse(
            "Bearer",
            options.BearerTokenProtector.Protect(access),
            (long)options.BearerTokenExpiration.TotalSeconds,
            options.RefreshTokenProtector.Protect(refresh));
    }
}
