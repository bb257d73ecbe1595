using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Units;
using Market.Domain.Workers;

namespace Market.Domain.Assignments;

/// <summary>A worker together with what eligibility needs to know about them beyond the profile, as loaded by the caller.</summary>
/// <param name="ActiveUnitCount">The worker's active assignments (<see cref="Assignment.CountsTowardsWorkerLoad"/>).</param>
/// <param name="ValidCertifications">Codes of the worker's certifications valid now (<see cref="CertificationCodes"/>).</param>
public sealed record AssignmentCandidate(WorkerProfile Profile, int ActiveUnitCount, IReadOnlySet<string> ValidCertifications)
{
    public Guid WorkerId => Profile.UserId;
}

/// <summary>
/// Whether a worker may be given a unit, however it is handed out (by a coordinator, by auto-assign or by
/// claiming). Every rule is checked and every refusal returned.
/// </summary>
public static class WorkerEligibility
{
    public const string NotActive = "worker_not_active";
    public const string LacksSkill = "worker_lacks_skill";
    public const string TierTooLowForConfidentiality = "worker_tier_too_low_for_confidentiality";
    public const string AtCapacity = "worker_at_capacity";
    public const string CertificationMissing = "worker_certification_missing";
    public const string AlreadyKeyedTwin = "worker_already_keyed_twin";

    /// <summary>
    /// The rules that refuse a worker whatever the unit: inactive, at capacity, without the certification every
    /// unit requires, or without a valid certification for any of the job types they do. A claim checks these first so the worker hears the real reason, not "nothing available".
    /// </summary>
    public static IReadOnlyList<Refusal> EvaluateForAnyUnit(AssignmentCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var refusals = new List<Refusal>();
        if (!candidate.Profile.IsActive)
        {
            refusals.Add(new Refusal(NotActive, $"The worker's membership is {candidate.Profile.Status}."));
        }

        if (candidate.ActiveUnitCount >= candidate.Profile.MaxConcurrentUnits)
        {
            refusals.Add(new Refusal(AtCapacity, $"The worker already holds {candidate.ActiveUnitCount} of their {candidate.Profile.MaxConcurrentUnits} units."));
        }

        if (!candidate.ValidCertifications.Contains(CertificationCodes.Confidentiality))
        {
            refusals.Add(new Refusal(CertificationMissing, $"The worker lacks a valid certification: {CertificationCodes.Confidentiality}."));
        }
        else if (candidate.Profile.Skills.Count > 0 && !candidate.Profile.Skills.Any(CertifiedScope.Of(candidate.ValidCertifications).JobTypes.Contains))
        {
            refusals.Add(new Refusal(
                CertificationMissing,
                $"The worker holds no valid certification for the work they do ({string.Join(", ", candidate.Profile.Skills)})."));
        }

        return refusals;
    }

    /// <param name="twin">For a double-keyed data-entry unit, its twin (required then): one worker never keys both rounds.</param>
    public static IReadOnlyList<Refusal> Evaluate(AssignmentCandidate candidate, WorkUnit unit, Job job, WorkUnit? twin = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Evaluate(candidate.Profile, unit, job, candidate.ActiveUnitCount, candidate.ValidCertifications, twin);
    }

    /// <param name="activeUnitCount">The worker's active assignments (<see cref="Assignment.CountsTowardsWorkerLoad"/>).</param>
    /// <param name="validCertifications">
    /// Codes of the worker's certifications that allow new work now (<see cref="WorkerCertification.AllowsNewWorkAt"/>);
    /// the rule is <see cref="RequiredCertifications"/>.
    /// </param>
    /// <param name="twin">For a double-keyed data-entry unit, its twin (required then): one worker never keys both rounds.</param>
    public static IReadOnlyList<Refusal> Evaluate(
        WorkerProfile profile,
        WorkUnit unit,
        Job job,
        int activeUnitCount,
        IReadOnlySet<string> validCertifications,
        WorkUnit? twin = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(validCertifications);
        ArgumentOutOfRangeException.ThrowIfNegative(activeUnitCount);
        if (unit.JobId != job.Id)
        {
            throw new ArgumentException($"Unit {unit.Id} is not part of job {job.Id}.", nameof(unit));
        }

        if (unit.TwinUnitId != twin?.Id)
        {
            throw new ArgumentException(
                unit.TwinUnitId is null ? "This unit has no twin." : "Pass this unit's twin so double keying can be checked.",
                nameof(twin));
        }

        var refusals = new List<Refusal>();
        if (!profile.IsActive)
        {
            refusals.Add(new Refusal(NotActive, $"The worker's membership is {profile.Status}."));
        }

        if (!profile.HasSkill(job.Type))
        {
            refusals.Add(new Refusal(LacksSkill, $"The worker does not do {job.Type} work."));
        }

        if (!TierAccess.Allows(profile.Tier, job.Confidentiality))
        {
            refusals.Add(new Refusal(
                TierTooLowForConfidentiality,
                $"Tier {profile.Tier} may take {TierAccess.MaxConfidentiality(profile.Tier)} work at most; this job is {job.Confidentiality}."));
        }

        if (activeUnitCount >= profile.MaxConcurrentUnits)
        {
            refusals.Add(new Refusal(AtCapacity, $"The worker already holds {activeUnitCount} of their {profile.MaxConcurrentUnits} units."));
        }

        var missing = RequiredCertifications.Missing(job, validCertifications);
        if (missing.Count > 0)
        {
            refusals.Add(new Refusal(CertificationMissing, $"The worker lacks a valid certification: {string.Join(", ", missing)}."));
        }

        if (twin is not null && twin.WorkerId == profile.UserId)
        {
            refusals.Add(new Refusal(AlreadyKeyedTwin, "The worker keyed the other round of these records; each round goes to a different worker."));
        }

        return refusals;
    }
}
