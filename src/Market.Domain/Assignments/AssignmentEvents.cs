using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Assignments;

public readonly record struct AssignmentId(Guid Value)
{
    public static AssignmentId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public sealed record UnitAssigned(AssignmentId AssignmentId, WorkUnitId UnitId, JobId JobId, Guid WorkerId, Guid AgentId, AssignedBy AssignedBy, DateTimeOffset ExpiresAt, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record AssignmentSubmitted(AssignmentId AssignmentId, WorkUnitId UnitId, Guid WorkerId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record AssignmentReleased(AssignmentId AssignmentId, WorkUnitId UnitId, Guid WorkerId, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record AssignmentRevoked(AssignmentId AssignmentId, WorkUnitId UnitId, Guid WorkerId, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The reaper found the lease lapsed; the unit went back to the pool.</summary>
public sealed record LeaseExpired(AssignmentId AssignmentId, WorkUnitId UnitId, Guid WorkerId, DateTimeOffset ExpiresAt, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record AssignmentReopenedForRework(AssignmentId AssignmentId, WorkUnitId UnitId, Guid WorkerId, DateTimeOffset ExpiresAt, DateTimeOffset OccurredAt) : IDomainEvent;
