using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Assignments;

public enum AssignedBy
{
    Coordinator = 0,
    AutoAssign = 1,
    Claim = 2,
}

public enum AssignmentStatus
{
    Active = 0,
    Submitted = 1,
    Released = 2,
    Expired = 3,
    Revoked = 4,
}

/// <summary>
/// A worker's lease on one unit. It runs for <see cref="LeaseLengthFor"/> from the assignment or the last
/// activity; a lapsed lease is reaped and the unit returns to the pool. Every draft and submission names the
/// assignment, so work from a lost lease is refused. State changes that also move the unit go through
/// <see cref="UnitAssignment"/>, which keeps the two aggregates in step.
/// </summary>
public sealed class Assignment : AggregateRoot
{
    /// <summary>Short units still get half an hour: a slow rural line or a phone call should not cost the unit.</summary>
    public const int MinLeaseMinutes = 30;

    public const string LeaseExpiredReason = "lease_expired";

    private Assignment()
    {
    }

    private Assignment(AssignmentId id, WorkUnit unit, Guid workerId, Guid agentId, AssignedBy assignedBy, DateTimeOffset now)
    {
        Id = id;
        UnitId = unit.Id;
        JobId = unit.JobId;
        WorkerId = workerId;
        AgentId = agentId;
        AssignedBy = assignedBy;
        Status = AssignmentStatus.Active;
        LeaseMinutes = (int)LeaseLengthFor(unit.EstimatedMinutes).TotalMinutes;
        AssignedAt = now;
        LastActivityAt = now;
        ExpiresAt = now + LeaseLength;
    }

    public AssignmentId Id { get; private set; }

    public WorkUnitId UnitId { get; private set; }

    public JobId JobId { get; private set; }

    /// <summary>The worker's user id.</summary>
    public Guid WorkerId { get; private set; }

    /// <summary>The agent whose team works the unit (the sub-agent for subcontracted units).</summary>
    public Guid AgentId { get; private set; }

    public AssignedBy AssignedBy { get; private set; }

    public AssignmentStatus Status { get; private set; }

    /// <summary>Fixed when assigned, so a renewal extends by the same amount the worker was first given.</summary>
    public int LeaseMinutes { get; private set; }

    public TimeSpan LeaseLength => TimeSpan.FromMinutes(LeaseMinutes);

    public DateTimeOffset AssignedAt { get; private set; }

    public DateTimeOffset LastActivityAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>The reason given when the assignment was released, revoked or expired.</summary>
    public string? EndReason { get; private set; }

    /// <summary>Twice the unit's estimated time, and at least <see cref="MinLeaseMinutes"/>.</summary>
    public static TimeSpan LeaseLengthFor(int estimatedMinutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(estimatedMinutes);
        return TimeSpan.FromMinutes(Math.Max(MinLeaseMinutes, 2L * estimatedMinutes));
    }

    /// <summary>Active with time left on the lease. At <see cref="ExpiresAt"/> exactly the lease has lapsed.</summary>
    public bool IsLive(DateTimeOffset now) => Status == AssignmentStatus.Active && now < ExpiresAt;

    /// <summary>Counts towards the worker's concurrent units until it ends, even if lapsed and not yet reaped.</summary>
    public bool CountsTowardsWorkerLoad => Status == AssignmentStatus.Active;

    /// <summary>A worker sees a unit's content only while holding its live assignment.</summary>
    public bool GrantsContentAccessTo(Guid userId, DateTimeOffset now) => WorkerId == userId && IsLive(now);

    /// <summary>The presented assignment is this one, still active and within its lease; otherwise 409.</summary>
    public void EnsureCanSubmit(AssignmentId presented, DateTimeOffset now)
    {
        Guard.Against(presented != Id, "assignment_mismatch", "This assignment no longer holds the unit (it was reassigned).");
        EnsureLeaseHeld(now);
    }

    /// <summary>Activity on the unit extends the lease to <paramref name="now"/> plus the lease length. Not raised as an event: autosave renews often.</summary>
    public void Renew(DateTimeOffset now)
    {
        EnsureLeaseHeld(now);
        LastActivityAt = now;
        ExpiresAt = now + LeaseLength;
    }

    /// <summary>A draft autosave: checks the presented assignment like a submission, then renews the lease.</summary>
    public void RecordActivity(AssignmentId presented, DateTimeOffset now)
    {
        EnsureCanSubmit(presented, now);
        Renew(now);
    }

    internal static Assignment Start(AssignmentId id, WorkUnit unit, Guid workerId, Guid agentId, AssignedBy assignedBy, DateTimeOffset now)
    {
        if (!Enum.IsDefined(assignedBy))
        {
            throw new ArgumentOutOfRangeException(nameof(assignedBy), assignedBy, null);
        }

        var assignment = new Assignment(id, unit, workerId, agentId, assignedBy, now);
        assignment.Raise(new UnitAssigned(id, assignment.UnitId, assignment.JobId, workerId, agentId, assignedBy, assignment.ExpiresAt, now));
        return assignment;
    }

    internal void Submit(AssignmentId presented, DateTimeOffset now)
    {
        EnsureCanSubmit(presented, now);
        Status = AssignmentStatus.Submitted;
        LastActivityAt = now;
        EndedAt = now;
        Raise(new AssignmentSubmitted(Id, UnitId, WorkerId, now));
    }

    /// <summary>The worker gives the unit back; allowed until the reaper has ended the lease.</summary>
    internal void Release(string reason, DateTimeOffset now)
    {
        EnsureActive();
        End(AssignmentStatus.Released, ReasonText.Of(reason, "assignment_reason_required"), now);
        Raise(new AssignmentReleased(Id, UnitId, WorkerId, EndReason!, now));
    }

    /// <summary>A coordinator takes the unit back (to reassign it, or because the worker was suspended).</summary>
    internal void Revoke(string reason, DateTimeOffset now)
    {
        EnsureActive();
        End(AssignmentStatus.Revoked, ReasonText.Of(reason, "assignment_reason_required"), now);
        Raise(new AssignmentRevoked(Id, UnitId, WorkerId, EndReason!, now));
    }

    internal void Expire(DateTimeOffset now)
    {
        EnsureCanExpire(now);
        End(AssignmentStatus.Expired, LeaseExpiredReason, now);
        Raise(new LeaseExpired(Id, UnitId, WorkerId, ExpiresAt, now));
    }

    /// <summary>A reviewer returned the work to the same worker: the assignment is active again with a fresh lease.</summary>
    internal void ReopenForRework(DateTimeOffset now)
    {
        EnsureCanReopen();
        Status = AssignmentStatus.Active;
        LastActivityAt = now;
        ExpiresAt = now + LeaseLength;
        EndedAt = null;
        Raise(new AssignmentReopenedForRework(Id, UnitId, WorkerId, ExpiresAt, now));
    }

    internal void EnsureCanExpire(DateTimeOffset now)
    {
        EnsureActive();
        Guard.Against(now < ExpiresAt, "assignment_lease_not_expired", "The lease has not expired yet.");
    }

    internal void EnsureCanReopen() =>
        Guard.Against(Status != AssignmentStatus.Submitted, "assignment_not_submitted", "Only submitted work can be returned for rework.");

    internal void EnsureFor(WorkUnit unit)
    {
        if (unit.Id != UnitId)
        {
            throw new ArgumentException($"Assignment {Id} is for unit {UnitId}, not {unit.Id}.", nameof(unit));
        }
    }

    /// <summary>A reaped lease reads as expired too, so a late submit says why it lost the unit.</summary>
    private void EnsureLeaseHeld(DateTimeOffset now)
    {
        Guard.Against(
            Status == AssignmentStatus.Expired || (Status == AssignmentStatus.Active && now >= ExpiresAt),
            "assignment_lease_expired",
            "The lease on this unit has expired.");
        Guard.Against(Status != AssignmentStatus.Active, "assignment_not_active", "The assignment has ended.");
    }

    internal void EnsureActive() =>
        Guard.Against(Status != AssignmentStatus.Active, "assignment_not_active", "The assignment has ended.");

    private void End(AssignmentStatus status, string reason, DateTimeOffset now)
    {
        Status = status;
        EndReason = reason;
        EndedAt = now;
    }
}
