using System.Security.Claims;
using Market.Domain.Tenancy;

namespace Market.Api.Infrastructure;

public static class MarketClaimTypes
{
    public const string TenantKind = "market:tenant_kind";
    public const string TenantId = "market:tenant_id";
}

/// <summary>
/// The caller of the current request or job. The tenant comes from the caller's membership (put into the
/// token at sign-in), never from the request body or route.
/// </summary>
public interface ICurrentUser
{
    Guid? UserId { get; }

    bool IsAuthenticated { get; }

    TenantKind? TenantKind { get; }

    Guid? TenantId { get; }

    bool IsInRole(string role);

    /// <summary>True for platform operators and for background work running outside any request.</summary>
    bool SeesAllTenants { get; }
}

public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    private bool InRequest => accessor.HttpContext is not null;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public Guid? UserId =>
        IsAuthenticated && Guid.TryParse(Principal!.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public TenantKind? TenantKind =>
        IsAuthenticated && Enum.TryParse<TenantKind>(Principal!.FindFirstValue(MarketClaimTypes.TenantKind), out var kind) ? kind : null;

    public Guid? TenantId =>
        IsAuthenticated && Guid.TryParse(Principal!.FindFirstValue(MarketClaimTypes.TenantId), out var id) ? id : null;

    public bool IsInRole(string role) => Principal?.IsInRole(role) == true;

    public bool SeesAllTenants => !InRequest || (IsAuthenticated && TenantKind == Domain.Tenancy.TenantKind.Platform);
}
