using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;

namespace Market.Domain.Agents;

/// <summary>
/// Whether an agent may offer for a job (and so see it among open jobs), or take a share of it as a
/// sub-agent. Every rule is checked and every refusal returned, so the agent sees all that stands in its way.
/// </summary>
public static class AgentEligibility
{
    public const string NotApproved = "agent_not_approved";
    public const string RegionMismatch = "agent_region_mismatch";
    public const string LacksPrivacyMark = "agent_lacks_privacy_mark";
    public const string CapacityFull = "agent_capacity_full";

    /// <summary>
    /// Job states that occupy the contracting agent: from contract until the client accepts the delivery.
    /// The caller's <c>activeLoad</c> is the number of jobs in these states that the agent leads, plus those
    /// in which it holds an accepted subcontract. Submitted offers do not count: most of them are not won.
    /// </summary>
    public static readonly IReadOnlyList<JobStatus> LoadBearingStatuses =
        [JobStatus.Contracted, JobStatus.InProgress, JobStatus.Delivered, JobStatus.RevisionRequested];

    /// <summary>The reasons the agent may not offer for <paramref name="job"/>; empty when it may.</summary>
    /// <param name="activeLoad">Jobs occupying the agent now (see <see cref="LoadBearingStatuses"/>).</param>
    public static IReadOnlyList<Refusal> Evaluate(Agent agent, Job job, int activeLoad)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(activeLoad);
        var refusals = EvaluateForWork(agent, job);
        if (activeLoad >= agent.MaxConcurrentJobs)
        {
            refusals.Add(new Refusal(CapacityFull, $"The agent already holds {activeLoad} of its {agent.MaxConcurrentJobs} concurrent jobs."));
        }

        return refusals;
    }

    /// <summary>
    /// The reasons <paramref name="subAgent"/> may not take units of <paramref name="job"/> under a subcontract:
    /// the same client-facing rules as for contracting (vetted, in the preferred region, Privacy Mark for
    /// personal data), since the client's conditions follow the work. Capacity is the sub-agent's own call
    /// when it accepts.
    /// </summary>
    public static IReadOnlyList<Refusal> EvaluateForSubcontract(Agent subAgent, Job job) => EvaluateForWork(subAgent, job);

    private static List<Refusal> EvaluateForWork(Agent agent, Job job)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(job);
        var refusals = new List<Refusal>();
        if (!agent.IsApproved)
        {
            refusals.Add(new Refusal(NotApproved, "Only an agent approved by the platform operator can take work."));
        }

        if (job.RegionPreference.Count > 0 && !job.RegionPreference.Contains(agent.Prefecture, StringComparer.Ordinal))
        {
            refusals.Add(new Refusal(RegionMismatch, $"The client wants the work done in {string.Join("・", job.RegionPreference)}."));
        }

        if (job.Confidentiality == ConfidentialityLevel.PersonalData && !agent.Holds(OrganisationCertification.PrivacyMark))
        {
            refusals.Add(new Refusal(LacksPrivacyMark, "Jobs with personal data need an agent holding the Privacy Mark."));
        }

        return refusals;
    }
}
