using Market.Domain.Common;
using Market.Domain.Jobs;

namespace Market.Domain.Subcontracting;

public readonly record struct SubcontractId(Guid Value)
{
    public static SubcontractId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public sealed record SubcontractProposed(SubcontractId SubcontractId, JobId JobId, Guid LeadAgentId, Guid SubAgentId, int UnitCount, Yen TotalPrice, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record SubcontractAccepted(SubcontractId SubcontractId, JobId JobId, Guid LeadAgentId, Guid SubAgentId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record SubcontractDeclined(SubcontractId SubcontractId, JobId JobId, Guid LeadAgentId, Guid SubAgentId, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record SubcontractCancelled(SubcontractId SubcontractId, JobId JobId, Guid LeadAgentId, Guid SubAgentId, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;
