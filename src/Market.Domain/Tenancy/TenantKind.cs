namespace Market.Domain.Tenancy;

/// <summary>Who a user acts for: the platform operator, a client firm / public body, or a local agent (hub).</summary>
public enum TenantKind
{
    Platform = 0,
    Client = 1,
    Agent = 2,
}
