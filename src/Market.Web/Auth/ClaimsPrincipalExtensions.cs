using System.Globalization;
using System.Security.Claims;

namespace Market.Web.Auth;

public static class ClaimsPrincipalExtensions
{
    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? string.Empty;

    public static string? TenantName(this ClaimsPrincipal user) => user.FindFirstValue(MarketClaimTypes.TenantName);

    public static string TenantKind(this ClaimsPrincipal user) => user.FindFirstValue(MarketClaimTypes.TenantKind) ?? "Platform";

    public static DateTimeOffset? SignedInAt(this ClaimsPrincipal user) =>
        DateTimeOffset.TryParse(user.FindFirstValue(MarketClaimTypes.SignedInAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;

    public static IReadOnlyList<string> MarketRoleNames(this ClaimsPrincipal user) =>
        MarketRoles.All.Where(user.IsInRole).ToList();
}
