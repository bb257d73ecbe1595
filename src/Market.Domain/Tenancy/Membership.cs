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

    /// <summary>The reason given with the latest suspension.</summary>
    public string? StatusReason { get; private set; }

    public DateTimeOffset? StatusChangedAt { get; private set; }

    /// <summary>
    /// Stops the user signing in. For a worker this mirrors <see cref="Workers.WorkerProfile.Suspend"/>: the
    /// handler of <see cref="Workers.WorkerSuspended"/> calls it in the same transaction.
    /// </summary>
    public void Suspend(string reason, DateTimeOffset now)
    {
        Guard.Against(Status != MembershipStatus.Active, "membership_not_active", "Only an active membership can be suspended.");
        StatusReason = ReasonText.Of(reason, "membership_suspension_reason_required");
        Status = MembershipStatus.Suspended;
        StatusChangedAt = now;
    }

    public void Reinstate(DateTimeOffset now)
    {
        Guard.Against(Status != MembershipStatus.Suspended, "membership_not_suspended", "Only a suspended membership can be reinstated.");
        Status = MembershipStatus.Active;
        StatusReason = null;
        StatusChangedAt = now;
    }

    /// <summary>Leaving is final; the user keeps what they are owed.</summary>
    public void Leave(DateTimeOffset now)
    {
        Guard.Against(Status == MembershipStatus.Left, "membership_has_left", "The membership has already ended.");
        Status = MembershipStatus.Left;
        StatusChangedAt = now;
    }
}
