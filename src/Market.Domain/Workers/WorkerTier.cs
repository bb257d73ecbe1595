using Market.Domain.Jobs;

namespace Market.Domain.Workers;

/// <summary>
/// A worker's standing, recomputed monthly from the last 90 days. A new worker is <see cref="Trial"/> for
/// their first month or first 20 accepted units. The tier decides QC sampling, payout schedules and access
/// to confidential work.
/// </summary>
public enum WorkerTier
{
    Trial = 0,
    B = 1,
    A = 2,
    S = 3,
}

public static class TierAccess
{
    /// <summary>
    /// The most confidential work a tier may be given: Trial and B only <see cref="ConfidentialityLevel.Standard"/>,
    /// A up to <see cref="ConfidentialityLevel.Confidential"/>, S everything including
    /// <see cref="ConfidentialityLevel.PersonalData"/>. Confidential material goes only to workers with a
    /// proven record, and personal data only to the best of them, because the agent carries the guarantee.
    /// </summary>
    public static ConfidentialityLevel MaxConfidentiality(WorkerTier tier) => tier switch
    {
        WorkerTier.Trial or WorkerTier.B => ConfidentialityLevel.Standard,
        WorkerTier.A => ConfidentialityLevel.Confidential,
        WorkerTier.S => ConfidentialityLevel.PersonalData,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    public static bool Allows(WorkerTier tier, ConfidentialityLevel level) => level <= MaxConfidentiality(tier);
}
