using System.Globalization;
using System.Security.Claims;
using Market.Web.Api;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Market.Web.Auth;

public static class UserPrincipalFactory
{
    public static ClaimsPrincipal Create(MeResponse me, DateTimeOffset signedInAt)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, me.UserId.ToString()),
            new(MarketClaimTypes.UserId, me.UserId.ToString()),
            new(ClaimTypes.Name, me.DisplayName),
            new(ClaimTypes.Email, me.Email),
            new(MarketClaimTypes.TenantKind, me.Tenant.Kind),
            new(MarketClaimTypes.SignedInAt, signedInAt.ToString("o", CultureInfo.InvariantCulture)),
        };
        if (me.Tenant.Id is { } tenantId)
        {
            claims.Add(new Claim(MarketClaimTypes.TenantId, tenantId.ToString()));
        }

        if (!string.IsNullOrWhiteSpace(me.Tenant.Name))
        {
            claims.Add(new Claim(MarketClaimTypes.TenantName, me.Tenant.Name));
        }

        claims.AddRange(me.Roles.Select(role => new Claim(ClaimTypes.Role, role)));

        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }
}
