using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Pricing;
using Market.Domain.Quality;
using Market.Domain.Subcontracting;
using Market.Domain.Units;

namespace Market.Domain.Money;

/// <summary>
/// The one earning transaction for an accepted unit, posted when the unit is accepted whether or not the
/// client has paid. Its idempotency key is <c>earning:{unitId}</c>, so a unique key on it makes "exactly once"
/// hold in the database.
/// <para>
/// A unit done by the contracting agent's own worker (P = <see cref="RateCard.PayFor"/>, W = withholding on P):
/// <code>
///   Dr AgentCost(agent)                       P
///   Cr WorkerPayable(agent, worker)           P − W
///   Cr WithholdingTaxPayable(agent)           W      (only when W &gt; 0)
/// </code>
/// A subcontracted unit (money flows client → lead → sub-agent → worker; C = the unit's share of the
/// subcontract price): the lead's cost and debt to the sub-agent, the sub-agent's revenue and claim on the
/// lead, then the sub-agent's cost and debt to its worker, all in one transaction so none can be posted
/// without the others:
/// <code>
///   Dr AgentCost(lead)                        C
///   Cr AgentPayable(lead → sub)               C
///   Dr AgentReceivable(sub ← lead)            C
///   Cr AgentRevenue(sub)                      C
///   Dr AgentCost(sub)                         P
///   Cr WorkerPayable(sub, worker)             P − W
///   Cr WithholdingTaxPayable(sub)             W      (only when W &gt; 0)
/// </code>
/// The lead's revenue is posted by the client's invoice, not here. Withholding is taken at earning time, on
/// the unit's pay as one payment, by the agent that pays the worker; payouts then move the net payable only.
/// </para>
/// </summary>
public static class Earnings
{
    public const string KeyPrefix = "earning:";

    /// <param name="agentId">The agent whose worker did the unit: the contracting agent, or the sub-agent of <paramref name="subcontract"/>.</param>
    /// <param name="subcontract">The accepted subcontract covering the unit, if the unit was subcontracted.</param>
    /// <param name="revision">
    /// 0 for the unit's earning. After that earning was reversed (say, posted at a wrong rate), the corrected
    /// earning is posted with revision 1, 2, … so its key (<c>earning:{unitId}:r{revision}</c>) is new.
    /// </param>
    public static LedgerTransaction ForAcceptedUnit(
        Job job,
        WorkUnit unit,
        RateCard rateCard,
        Guid agentId,
        Subcontract? subcontract,
        WithholdingConfig withholding,
        DateTimeOffset now,
        int revision = 0)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(rateCard);
        ArgumentNullException.ThrowIfNull(withholding);
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        if (unit.JobId != job.Id)
        {
            throw new ArgumentException("The unit does not belong to this job.", nameof(unit));
        }

        Guard.Against(unit.Status != WorkUnitStatus.Accepted, "earning_unit_not_accepted", "A unit earns its pay only once it is accepted.");
        var workerId = unit.WorkerId ?? throw new InvalidOperationException("An accepted unit names the worker who did it.");
        return Build(job, unit, rateCard, agentId, workerId, subcontract, withholding, now, KeyFor(unit.Id, revision))
            ?? throw new UnprocessableInputException("ledger_amount_not_positive", "The unit pays nothing, so there is no earning to post.");
    }

    /// <summary>
    /// The earning for a QC acceptance (<see cref="SubmissionAccepted"/>), or null when the work pays ¥0 (nothing is
    /// owed, so nothing is posted). Keyed by the unit (<c>earning:{unitId}</c>) when the unit itself was accepted with
    /// this work; keyed by the review task (<c>earning:task:{taskId}</c>) when an appeal was overturned after the unit
    /// had gone to someone else — the appellant is paid, and the unit's own earning stays free for whoever finishes it.
    /// </summary>
    public static LedgerTransaction? ForAcceptance(
        SubmissionAccepted accepted,
        Job job,
        WorkUnit unit,
        RateCard rateCard,
        Subcontract? subcontract,
        WithholdingConfig withholding)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(unit);
        if (accepted.UnitId != unit.Id || accepted.JobId != job.Id)
        {
            throw new ArgumentException("The acceptance is of another unit.", nameof(accepted));
        }

        if (accepted.UnitAccepted)
        {
            Guard.Against(unit.Status != WorkUnitStatus.Accepted, "earning_unit_not_accepted", "A unit earns its pay only once it is accepted.");
            Guard.Against(unit.WorkerId != accepted.WorkerId, "earning_worker_mismatch", "The unit was accepted with another worker's work.");
        }

        var key = accepted.UnitAccepted ? KeyFor(unit.Id) : KeyForTask(accepted.TaskId);
        return Build(job, unit, rateCard, accepted.AgentId, accepted.WorkerId, subcontract, withholding, accepted.OccurredAt, key);
    }

    public static string KeyForTask(ReviewTaskId taskId) => $"{KeyPrefix}task:{taskId.Value}";

    private static LedgerTransaction? Build(
        Job job,
        WorkUnit unit,
        RateCard rateCard,
        Guid agentId,
        Guid workerId,
        Subcontract? subcontract,
        WithholdingConfig withholding,
        DateTimeOffset now,
        string key)
    {
        ArgumentNullException.ThrowIfNull(rateCard);
        ArgumentNullException.ThrowIfNull(withholding);
        var leadAgentId = job.ContractedAgentId;
        Guard.Against(leadAgentId is null, "earning_job_not_contracted", "The job has no contracting agent.");

        var pay = rateCard.PayFor(job, unit);
        var withheld = withholding.WithholdingOn(job.Type, pay);
        var entries = new List<LedgerEntry>();
        if (subcontract is null)
        {
            Guard.Against(agentId != leadAgentId, "earning_agent_not_contracted", "Only the contracting agent, or a sub-agent through its subcontract, pays for the job's units.");
        }
        else
        {
            Guard.Against(subcontract.JobId != job.Id || !subcontract.Covers(unit.Id), "earning_subcontract_not_covering_unit", "The subcontract does not cover this unit.");
            Guard.Against(subcontract.Status != SubcontractStatus.Accepted, "earning_subcontract_not_accepted", "Only an accepted subcontract moves money between agents.");
            Guard.Against(subcontract.SubAgentId != agentId || subcontract.LeadAgentId != leadAgentId, "earning_agent_not_contracted", "The unit's agent must be the subcontract's sub-agent.");
            var price = UnitShareOfPrice(subcontract, unit.Id);
            if (price.IsPositive)
            {
                entries.Add(LedgerEntry.Debit(LedgerAccount.AgentCost(subcontract.LeadAgentId), price));
                entries.Add(LedgerEntry.Credit(LedgerAccount.AgentPayable(subcontract.LeadAgentId, agentId), price));
                entries.Add(LedgerEntry.Debit(LedgerAccount.AgentReceivable(agentId, subcontract.LeadAgentId), price));
                entries.Add(LedgerEntry.Credit(LedgerAccount.AgentRevenue(agentId), price));
            }
        }

        if (pay.IsPositive)
        {
            entries.Add(LedgerEntry.Debit(LedgerAccount.AgentCost(agentId), pay));
            entries.Add(LedgerEntry.Credit(LedgerAccount.WorkerPayable(agentId, workerId), pay - withheld));
            if (withheld.IsPositive)
            {
                entries.Add(LedgerEntry.Credit(LedgerAccount.WithholdingTaxPayable(agentId), withheld));
            }
        }

        if (entries.Count == 0)
        {
            return null;
        }

        return LedgerTransaction.Create(
            LedgerTransactionKind.Earning,
            key,
            now,
            $"Unit {unit.Sequence} of job {job.Id} accepted: pay {pay}, withheld {withheld}",
            entries);
    }

    public static string KeyFor(WorkUnitId unitId, int revision = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        return revision == 0 ? $"{KeyPrefix}{unitId}" : $"{KeyPrefix}{unitId}:r{revision}";
    }

    /// <summary>
    /// What an earning's key (<see cref="KeyFor"/>, <see cref="KeyForTask"/>), or its reversal's, was posted for: the
    /// unit, or the review task of an appeal overturned after the unit was accepted. Both null for any other key.
    /// </summary>
    public static (WorkUnitId? Unit, ReviewTaskId? Task) SubjectOf(string idempotencyKey)
    {
        var key = LedgerTransaction.OriginalKeyOf(idempotencyKey);
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return (null, null);
        }

        var rest = key[KeyPrefix.Length..];
        if (rest.StartsWith("task:", StringComparison.Ordinal))
        {
            return Guid.TryParse(rest["task:".Length..], out var task) ? (null, new ReviewTaskId(task)) : (null, null);
        }

        var revision = rest.IndexOf(":r", StringComparison.Ordinal);
        return Guid.TryParse(revision < 0 ? rest : rest[..revision], out var unit) ? (new WorkUnitId(unit), null) : (null, null);
    }

    /// <summary>
    /// A unit's part of the subcontract price. A per-unit price is the price itself; a total price is spread
    /// over the units in plan order so the shares add up to the total exactly: the k-th unit gets
    /// ⌊T·k/n⌋ − ⌊T·(k−1)/n⌋ (which is ¥0 for some units when T &lt; n; they then carry no inter-agent entries).
    /// </summary>
    public static Yen UnitShareOfPrice(Subcontract subcontract, WorkUnitId unitId)
    {
        ArgumentNullException.ThrowIfNull(subcontract);
        var index = subcontract.UnitIds.ToList().IndexOf(unitId);
        if (index < 0)
        {
            throw new ArgumentException("The subcontract does not cover this unit.", nameof(unitId));
        }

        if (subcontract.PriceBasis == SubcontractPriceBasis.PerUnit)
        {
            return subcontract.AgreedPrice;
        }

        var count = subcontract.UnitIds.Count;
        return subcontract.AgreedPrice.MultiplyByFraction(index + 1, count) - subcontract.AgreedPrice.MultiplyByFraction(index, count);
    }
}
