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
        if (!login.Succeeded)
        {
            return new SignInOutcome(login.Problem, null);
        }

        var me = await authClient.GetMeAsync(login.Value.AccessToken, cancellationToken);
        if (!me.Succeeded)
        {
            return new SignInOutcome(me.Problem, null);
        }

        var principal = UserPrincipalFactory.Create(me.Value, timeProvider.GetUtcNow());
        var properties = new AuthenticationProperties { IsPersistent = false };
        UserSessionTokens.StoreTokens(properties, login.Value, timeProvider);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, properties);
        return new SignInOutcome(null, me.Value.PreferredLanguage);
    }

    public static Task SignOutAsync(HttpContext context) =>
        context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
}
