using Market.Domain.Agents;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Units;

namespace Market.Domain.Subcontracting;

public enum SubcontractStatus
{
    Proposed = 0,
    Accepted = 1,
    Declined = 2,
    Cancelled = 3,
}

public enum SubcontractPriceBasis
{
    PerUnit = 0,
    Total = 1,
}

/// <summary>
/// The contracting (lead) agent hands a set of a job's units to an allied agent (地域間連携). Money flows
/// client → lead → sub-agent → worker. The lead keeps the quality guarantee towards the client: it still
/// sees every unit and its progress, while the sub-agent sees and assigns only its own units
/// (<see cref="UnitVisibility"/>).
/// </summary>
public sealed class Subcontract : AggregateRoot
{
    private readonly List<WorkUnitId> _unitIds = [];

    private Subcontract()
    {
    }

    private Subcontract(SubcontractId id, JobId jobId, Guid leadAgentId, Guid subAgentId, Yen agreedPrice, SubcontractPriceBasis priceBasis, DateTimeOffset now)
    {
        Id = id;
        JobId = jobId;
        LeadAgentId = leadAgentId;
        SubAgentId = subAgentId;
        AgreedPrice = agreedPrice;
        PriceBasis = priceBasis;
        Status = SubcontractStatus.Proposed;
        ProposedAt = now;
    }

    public SubcontractId Id { get; private set; }

    public JobId JobId { get; private set; }

    public Guid LeadAgentId { get; private set; }

    public Guid SubAgentId { get; private set; }

    /// <summary>The units handed over, in plan order.</summary>
    public IReadOnlyList<WorkUnitId> UnitIds => _unitIds;

    /// <summary>Per unit or for the whole set, as <see cref="PriceBasis"/> says.</summary>
    public Yen AgreedPrice { get; private set; }

    public SubcontractPriceBasis PriceBasis { get; private set; }

    public Yen TotalPrice => PriceBasis == SubcontractPriceBasis.PerUnit ? AgreedPrice * _unitIds.Count : AgreedPrice;

    public SubcontractStatus Status { get; private set; }

    public string? EndReason { get; private set; }

    public DateTimeOffset ProposedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>Proposed or accepted: its units are spoken for and cannot go into another subcontract.</summary>
    public bool IsLive => Status is SubcontractStatus.Proposed or SubcontractStatus.Accepted;

    public bool Covers(WorkUnitId unitId) => _unitIds.Contains(unitId);

    /// <param name="leadAgentId">The agent proposing; it must be the job's contracting agent.</param>
    /// <param name="units">The units to hand over; each must still be unstarted (planned or in the pool).</param>
    /// <param name="existingSubcontracts">The job's subcontracts so far; a unit may be in only one live one.</param>
    public static Subcontract Propose(
        SubcontractId id,
        Job job,
        Guid leadAgentId,
        Agent subAgent,
        IReadOnlyCollection<WorkUnit> units,
        IEnumerable<Subcontract> existingSubcontracts,
        Yen agreedPrice,
        SubcontractPriceBasis priceBasis,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(subAgent);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(existingSubcontracts);
        Guard.Against(job.ContractedAgentId != leadAgentId, "subcontract_not_lead_agent", "Only the job's contracting agent can subcontract its units.");
        Guard.Against(
            job.Status is not (JobStatus.Contracted or JobStatus.InProgress),
            "subcontract_job_not_active",
            "Units can only be subcontracted while the job is contracted or in progress.");
        Guard.Against(subAgent.Id == leadAgentId, "subcontract_to_self", "An agent cannot subcontract to itself.");
        EligibilityException.ThrowIfAny(AgentEligibility.EvaluateForSubcontract(subAgent, job));
        Guard.Against(units.Count == 0, "subcontract_no_units", "Choose at least one unit to subcontract.");
        if (units.Any(u => u.JobId != job.Id))
        {
            throw new ArgumentException("Every unit must belong to the job.", nameof(units));
        }

        Guard.Against(
            units.Any(u => u.Status is not (WorkUnitStatus.Pending or WorkUnitStatus.Available)),
            "subcontract_unit_started",
            "Only units no worker has started can be subcontracted.");
        var taken = existingSubcontracts.Where(s => s.JobId == job.Id && s.IsLive).SelectMany(s => s.UnitIds).ToHashSet();
        Guard.Against(
            units.Any(u => taken.Contains(u.Id)),
            "subcontract_unit_already_subcontracted",
            "A unit can be in only one live subcontract.");
        Guard.Against(!agreedPrice.IsPositive, "subcontract_price_not_positive", "The agreed price must be more than ¥0.");
        if (!Enum.IsDefined(priceBasis))
        {
            throw new UnprocessableInputException("subcontract_price_basis_unknown", "Unknown price basis.");
        }

        var subcontract = new Subcontract(id, job.Id, leadAgentId, subAgent.Id, agreedPrice, priceBasis, now);
        subcontract._unitIds.AddRange(units.OrderBy(u => u.Sequence).Select(u => u.Id).Distinct());
        subcontract.Raise(new SubcontractProposed(id, job.Id, leadAgentId, subAgent.Id, subcontract._unitIds.Count, subcontract.TotalPrice, now));
        return subcontract;
    }

    public void Accept(Guid actingAgentId, DateTimeOffset now)
    {
        EnsureSubAgent(actingAgentId);
        EnsureProposed();
        Status = SubcontractStatus.Accepted;
        DecidedAt = now;
        Raise(new SubcontractAccepted(Id, JobId, LeadAgentId, SubAgentId, now));
    }

    public void Decline(Guid actingAgentId, string reason, DateTimeOffset now)
    {
        EnsureSubAgent(actingAgentId);
        EnsureProposed();
        var trimmed = ReasonText.Of(reason, "subcontract_reason_required");
        Status = SubcontractStatus.Declined;
        EndReason = trimmed;
        DecidedAt = now;
        Raise(new SubcontractDeclined(Id, JobId, LeadAgentId, SubAgentId, trimmed, now));
    }

    /// <summary>
    /// The lead takes the units back. Once the sub-agent has accepted, only while none of them has been
    /// started by a worker: work in the sub-agent's hands is settled between the agents, not flipped back.
    /// </summary>
    /// <param name="units">This subcontract's units, to see whether work has started.</param>
    public void Cancel(Guid actingAgentId, string reason, IReadOnlyCollection<WorkUnit> units, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(units);
        Guard.Against(actingAgentId != LeadAgentId, "subcontract_not_lead_agent", "Only the lead agent can cancel a subcontract.");
        Guard.Against(!IsLive, "subcontract_not_live", "The subcontract has already ended.");
        if (units.Count != _unitIds.Count || units.Any(u => !Covers(u.Id)))
        {
            throw new ArgumentException("Pass exactly this subcontract's units.", nameof(units));
        }

        Guard.Against(
            units.Any(u => u.Status is not (WorkUnitStatus.Pending or WorkUnitStatus.Available or WorkUnitStatus.Withdrawn)),
            "subcontract_work_started",
            "Work has started on the subcontracted units.");
        var trimmed = ReasonText.Of(reason, "subcontract_reason_required");
        Status = SubcontractStatus.Cancelled;
        EndReason = trimmed;
        DecidedAt = now;
        Raise(new SubcontractCancelled(Id, JobId, LeadAgentId, SubAgentId, trimmed, now));
    }

    private void EnsureSubAgent(Guid actingAgentId) =>
        Guard.Against(actingAgentId != SubAgentId, "subcontract_not_sub_agent", "Only the agent the units were offered to can answer.");

    private void EnsureProposed() =>
        Guard.Against(Status != SubcontractStatus.Proposed, "subcontract_not_proposed", "The subcontract has already been answered.");
}
