using System.Diagnostics.CodeAnalysis;
using Market.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Market.Web.Auth;

public sealed record SignInOutcome(ApiProblem? Problem, string? PreferredLanguage)
{
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;
}

/// <summary>Exchanges credentials for API tokens and turns the caller's profile into the cookie session.</summary>
public sealed class SignInService(MarketAuthClient authClient, TimeProvider timeProvider)
{
    public async Task<SignInOutcome> SignInAsync(
        HttpContext context, string email, string password, string? twoFactorCode, CancellationToken cancellationToken)
    {
        var code = string.IsNullOrWhiteSpace(twoFactorCode) ? null : twoFactorCode.Trim();
        var login = await authClient.LoginAsync(new LoginRequest(email.Trim(), password, code), cancellationToken);
        return login.Succeeded ? await StartSessionAsync(context, login.Value, cancellationToken) : new SignInOutcome(login.Problem, null);
    }

    /// <summary>Turns 2FA on with the ticket a sign-in gave and the first code from the app, and signs the user in.</summary>
    public async Task<SignInOutcome> ActivateTwoFactorAsync(HttpContext context, string setupTicket, string code, CancellationToken cancellationToken)
    {
        var activated = await authClient.ActivateTwoFactorAsync(setupTicket, code.Replace(" ", string.Empty, StringComparison.Ordinal), cancellationToken);
        return activated.Succeeded ? await StartSessionAsync(context, activated.Value, cancellationToken) : new SignInOutcome(activated.Problem, null);
    }

    private async Task<SignInOutcome> StartSessionAsync(HttpContext context, TokenResponse tokens, CancellationToken cancellationToken)
    {
        var me = await authClient.GetMeAsync(tokens.AccessToken, cancellationToken);
        if (!me.Succeeded)
        {
            return new SignInOutcome(me.Problem, null);
        }

        var principal = UserPrincipalFactory.Create(me.Value, timeProvider.GetUtcNow());
        var properties = new AuthenticationProperties { IsPersistent = false };
        UserSessionTokens.StoreTokens(properties, tokens, timeProvider);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, properties);
        return new SignInOutcome(null, me.Value.PreferredLanguage);
    }

    public static Task SignOutAsync(HttpContext context) =>
        context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
}
