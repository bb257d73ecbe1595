using Market.Domain.Common;

namespace Market.Domain.Tenancy;

public enum MembershipStatus
{
    Active = 0,
    Suspended = 1,
    Left = 2,
}

/// <summary>
/// Ties a user to the tenant they act for, in one role. The tenant of a request is read from here,
/// never from a value the caller sends.
/// </summary>
public sealed class Membership
{
    private Membership()
    {
        Role = string.Empty;
    }

    public Membership(Guid id, Guid userId, string role, Guid? tenantId, DateTimeOffset now)
    {
        var kind = Roles.TenantKindOf(role);
        Guard.Against(kind == TenantKind.Platform && tenantId is not null, "platform_membership_has_no_tenant", "Platform operators do not belong to a tenant.");
        Guard.Against(kind != TenantKind.Platform && tenantId is null, "membership_needs_tenant", "Client and agent members must belong to a tenant.");
        Id = id;
        UserId = userId;
        Role = role;
        TenantKind = kind;
        TenantId = tenantId;
        Status = MembershipStatus.Active;
        JoinedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Role { get; private set; }

    public TenantKind TenantKind { get; private set; }

    /// <summary>The client firm or agent; null for platform operators.</summary>
    public Guid? TenantId { get; private set; }

    public MembershipStatus Status { get; private set; }

    public DateTimeOffset JoinedAt { get; private set; }
}
