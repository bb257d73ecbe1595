namespace Market.Web.Auth;

public static class MarketClaimTypes
{
    public const string UserId = "market:user_id";
    public const string TenantKind = "market:tenant_kind";
    public const string TenantId = "market:tenant_id";
    public const string TenantName = "market:tenant_name";
    public const string SignedInAt = "market:signed_in_at";
}
