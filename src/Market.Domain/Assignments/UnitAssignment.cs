using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using Market.Domain.Tenancy;
using Market.Domain.Units;

namespace Market.Domain.Assignments;

/// <summary>
/// Moves a unit and its assignment together, so the unit's <see cref="WorkUnit.AssignmentId"/> and the lease
/// never disagree. The caller saves both in one transaction; each method checks everything before it changes
/// anything.
/// </summary>
public static class UnitAssignment
{
    public const string NotInAgentPool = "unit_not_in_agent_pool";
    public const string WorkerNotInAgent = "worker_not_in_agent";

    /// <summary>Hands <paramref name="unit"/> to a worker of <paramref name="agent"/> after checking every eligibility rule.</summary>
    /// <param name="subcontracts">The job's subcontracts: they decide which agent hands the unit out (<see cref="UnitVisibility.AssigningAgentId"/>).</param>
    /// <param name="twin">For a double-keyed data-entry unit, its twin (required then).</param>
    public static Assignment Assign(
        AssignmentId id,
        Job job,
        IReadOnlyCollection<Subcontract> subcontracts,
        WorkUnit unit,
        WorkUnit? twin,
        AssignmentCandidate worker,
        Agent agent,
        AssignedBy assignedBy,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(agent);
        var refusals = new List<Refusal>();
        if (UnitVisibility.AssigningAgentId(job, subcontracts, unit) != agent.Id)
        {
            refusals.Add(new Refusal(NotInAgentPool, "The unit is not in this agent's pool (it belongs to the lead or to a sub-agent)."));
        }

        if (worker.Profile.AgentId != agent.Id)
        {
            refusals.Add(new Refusal(WorkerNotInAgent, "The worker is not registered with this agent."));
        }

        refusals.AddRange(WorkerEligibility.Evaluate(worker, unit, job, twin));
        EligibilityException.ThrowIfAny(refusals);

        unit.Assign(worker.WorkerId, id.Value, now, twin);
        return Assignment.Start(id, unit, worker.WorkerId, agent.Id, assignedBy, now);
    }

    /// <summary>The worker submits with the assignment id they were given; a lost or lapsed lease is refused.</summary>
    public static void Submit(WorkUnit unit, Assignment assignment, AssignmentId presented, DateTimeOffset now)
    {
        EnsureSameUnit(unit, assignment);
        assignment.EnsureCanSubmit(presented, now);
        EnsureUnitHeldBy(unit, assignment);
        unit.Submit(assignment.Id.Value, now);
        assignment.Submit(presented, now);
    }

    /// <summary>The worker gives the unit back with a reason; it returns to the pool.</summary>
    public static void Release(WorkUnit unit, Assignment assignment, string reason, DateTimeOffset now)
    {
        EnsureSameUnit(unit, assignment);
        assignment.EnsureActive();
        EnsureUnitHeldBy(unit, assignment);
        unit.Release(assignment.Id.Value, reason, now);
        assignment.Release(reason, now);
    }

    /// <summary>A coordinator takes the unit back (to reassign it, or because the worker was suspended); it returns to the pool.</summary>
    public static void Revoke(WorkUnit unit, Assignment assignment, string reason, DateTimeOffset now)
    {
        EnsureSameUnit(unit, assignment);
        assignment.EnsureActive();
        EnsureUnitHeldBy(unit, assignment);
        unit.Release(assignment.Id.Value, reason, now);
        assignment.Revoke(reason, now);
    }

    /// <summary>The reaper: a lease past its expiry ends and the unit returns to the pool.</summary>
    public static void ExpireLease(WorkUnit unit, Assignment assignment, DateTimeOffset now)
    {
        EnsureSameUnit(unit, assignment);
        assignment.EnsureCanExpire(now);
        EnsureUnitHeldBy(unit, assignment);
        unit.Release(assignment.Id.Value, Assignment.LeaseExpiredReason, now);
        assignment.Expire(now);
    }

    /// <summary>A reviewer returns the work to the same worker, who gets a fresh lease to fix it.</summary>
    public static void RequestRework(WorkUnit unit, Assignment assignment, string reason, DateTimeOffset now)
    {
        EnsureSameUnit(unit, assignment);
        assignment.EnsureCanReopen();
        EnsureUnitHeldBy(unit, assignment);
        unit.RequestRework(reason, now);
        assignment.ReopenForRework(now);
    }

    private static void EnsureSameUnit(WorkUnit unit, Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(assignment);
        assignment.EnsureFor(unit);
    }

    private static void EnsureUnitHeldBy(WorkUnit unit, Assignment assignment) =>
        Guard.Against(
            unit.AssignmentId != assignment.Id.Value,
            "assignment_mismatch",
            "This assignment no longer holds the unit (it was reassigned).");
}
