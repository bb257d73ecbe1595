using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Subcontracting;

/// <summary>
/// Which agent sees and assigns a unit. The lead (contracting) agent sees every unit of its job, because it
/// guarantees the whole deliverable to the client. A sub-agent sees only the units of a subcontract it has
/// accepted. Nobody else sees anything. A proposed subcontract shows the sub-agent its summary (count,
/// price), not the units, until it accepts.
/// </summary>
public static class UnitVisibility
{
    /// <param name="subcontracts">The job's subcontracts (others are ignored).</param>
    public static bool CanSee(Guid agentId, Job job, IEnumerable<Subcontract> subcontracts, WorkUnit unit)
    {
        EnsureUnitOfJob(job, unit);
        ArgumentNullException.ThrowIfNull(subcontracts);
        return job.ContractedAgentId == agentId
            || subcontracts.Any(s => s.JobId == job.Id && s.Status == SubcontractStatus.Accepted && s.SubAgentId == agentId && s.Covers(unit.Id));
    }

    public static IReadOnlyList<WorkUnit> VisibleUnits(Guid agentId, Job job, IReadOnlyCollection<Subcontract> subcontracts, IEnumerable<WorkUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        return units.Where(u => CanSee(agentId, job, subcontracts, u)).ToList();
    }

    /// <summary>
    /// The agent whose team works the unit: the sub-agent of an accepted subcontract holding it, otherwise the
    /// lead. Null while the unit sits in a proposed subcontract, so neither side hands it out before the
    /// sub-agent answers; null too before the job is contracted.
    /// </summary>
    public static Guid? AssigningAgentId(Job job, IEnumerable<Subcontract> subcontracts, WorkUnit unit)
    {
        EnsureUnitOfJob(job, unit);
        ArgumentNullException.ThrowIfNull(subcontracts);
        var holding = subcontracts.FirstOrDefault(s => s.JobId == job.Id && s.IsLive && s.Covers(unit.Id));
        return holding switch
        {
            { Status: SubcontractStatus.Accepted } => holding.SubAgentId,
            { Status: SubcontractStatus.Proposed } => null,
            _ => job.ContractedAgentId,
        };
    }

    private static void EnsureUnitOfJob(Job job, WorkUnit unit)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(unit);
        if (unit.JobId != job.Id)
        {
            throw new ArgumentException($"Unit {unit.Id} is not part of job {job.Id}.", nameof(unit));
        }
    }
}
