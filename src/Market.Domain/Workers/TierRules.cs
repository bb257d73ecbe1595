using System.Globalization;
using Market.Domain.Common;
using Market.Domain.Quality;

namespace Market.Domain.Workers;

/// <summary>
/// What a worker must show over the last 90 days to hold a tier: accepted units, acceptance rate of the work a reviewer
/// judged (basis points), mean review grade (hundredths: 450 = 4.50 on the 1–5 scale) and the rework rate of reviewed
/// work (basis points, at most).
/// </summary>
public sealed record TierRequirement(int MinAcceptedUnits, int MinAcceptanceRateBasisPoints, int MinMeanGradeHundredths, int MaxReworkRateBasisPoints)
{
    public void Validate(string tier)
    {
        Check(MinAcceptedUnits is >= 1 and <= 100_000, tier, "min accepted units must be 1–100,000");
        Check(MinAcceptanceRateBasisPoints is >= 0 and <= 10_000, tier, "min acceptance rate must be 0–10,000 basis points");
        Check(MinMeanGradeHundredths is >= 100 and <= 500, tier, "min mean grade must be 100–500 (1.00–5.00)");
        Check(MaxReworkRateBasisPoints is >= 0 and <= 10_000, tier, "max rework rate must be 0–10,000 basis points");
    }

    public bool IsAtLeastAsStrictAs(TierRequirement other) =>
        MinAcceptedUnits >= other.MinAcceptedUnits
        && MinAcceptanceRateBasisPoints >= other.MinAcceptanceRateBasisPoints
        && MinMeanGradeHundredths >= other.MinMeanGradeHundredths
        && MaxReworkRateBasisPoints <= other.MaxReworkRateBasisPoints;

    private static void Check(bool ok, string tier, string message)
    {
        if (!ok)
        {
            throw new UnprocessableInputException("tier_threshold_out_of_range", $"Tier {tier}: {message}.");
        }
    }
}

/// <summary>An agent's thresholds for tiers A and S (B is everyone past Trial who does not reach A).</summary>
public sealed record TierThresholds(TierRequirement A, TierRequirement S)
{
    /// <summary>A: 40 units, 95 %, 4.00, ≤ 15 % rework. S: 120 units, 98 %, 4.50, ≤ 5 % rework.</summary>
    public static TierThresholds Default { get; } = new(new TierRequirement(40, 9_500, 400, 1_500), new TierRequirement(120, 9_800, 450, 500));

    public TierThresholds Validated()
    {
        ArgumentNullException.ThrowIfNull(A);
        ArgumentNullException.ThrowIfNull(S);
        A.Validate("A");
        S.Validate("S");
        if (!S.IsAtLeastAsStrictAs(A))
        {
            throw new UnprocessableInputException("tier_thresholds_not_ordered", "Every threshold of tier S must be at least as strict as tier A's.");
        }

        return this;
    }
}

/// <summary>Everything a tier decision is made from, kept with the decision so the worker can see why.</summary>
/// <param name="AcceptedUnits">Units accepted in the window (by a reviewer, on appeal, or without review).</param>
/// <param name="Judged">Outcomes a reviewer (or an appeal) judged: the acceptance-rate denominator.</param>
/// <param name="GradeSum">Sum of accuracy and format grades over <paramref name="Graded"/> outcomes.</param>
/// <param name="Violations">Certifications revoked for cause in the window.</param>
/// <param name="LifetimeAcceptedUnits">Accepted units ever, for the end of Trial.</param>
public sealed record TierInputs(
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    DateTimeOffset RegisteredAt,
    int LifetimeAcceptedUnits,
    int AcceptedUnits,
    int Judged,
    int JudgedAccepted,
    int Graded,
    int GradeSum,
    int Reviewed,
    int Reworked,
    int Violations)
{
    public int? AcceptanceRateBasisPoints => Judged == 0 ? null : (int)((long)JudgedAccepted * 10_000 / Judged);

    public int? MeanGradeHundredths => Graded == 0 ? null : (int)((long)GradeSum * 100 / (2L * Graded));

    public int? ReworkRateBasisPoints => Reviewed == 0 ? null : (int)((long)Reworked * 10_000 / Reviewed);

    /// <summary>The inputs over the 90 days before <paramref name="asOf"/>, from review outcomes.</summary>
    public static TierInputs From(
        IEnumerable<ReviewOutcome> outcomes, int lifetimeAcceptedUnits, DateTimeOffset registeredAt, int violations, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var start = asOf - TierRules.Window;
        var window = outcomes.Where(o => o.DecidedAt >= start && o.DecidedAt < asOf).ToList();
        var judged = window.Where(o => o.WasJudged).ToList();
        var graded = window.Where(o => o.Grades is not null).ToList();
        var reviewed = window.Where(o => o.WasReviewed).ToList();
        return new TierInputs(
            start,
            asOf,
            registeredAt,
            lifetimeAcceptedUnits,
            window.Count(o => o.IsAccepted),
            judged.Count,
            judged.Count(o => o.IsAccepted),
            graded.Count,
            graded.Sum(o => o.Grades!.Accuracy + o.Grades.Format),
            reviewed.Count,
            reviewed.Count(o => o.ReworkRounds > 0),
            violations);
    }
}

/// <summary>A tier decision and, for each tier above the result, the requirements that were not met.</summary>
public sealed record TierDecision(WorkerTier Tier, IReadOnlyList<string> Reasons);

/// <summary>
/// The monthly tier rule. <see cref="WorkerTier.Trial"/> until the worker has been registered a month <em>and</em> has
/// 20 accepted units (the later of the two ends Trial, so nobody leaves it on a lucky first week). Past Trial: a
/// violation in the window (a certification revoked for cause) means <see cref="WorkerTier.B"/>; otherwise the highest
/// of S and A whose every requirement is met, else B. A figure without data (no judged work, so no acceptance rate)
/// does not meet a requirement: a tier is earned on evidence.
/// </summary>
public static class TierRules
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(90);
    public const int TrialMonths = 1;
    public const int TrialAcceptedUnits = 20;

    public static TierDecision Decide(TierInputs inputs, TierThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(thresholds);
        var reasons = new List<string>();
        var trialEnds = inputs.RegisteredAt.AddMonths(TrialMonths);
        if (inputs.WindowEnd < trialEnds)
        {
            reasons.Add($"trial_first_month: registered {inputs.RegisteredAt:u}, trial runs until {trialEnds:u}");
        }

        if (inputs.LifetimeAcceptedUnits < TrialAcceptedUnits)
        {
            reasons.Add($"trial_first_units: {inputs.LifetimeAcceptedUnits} of {TrialAcceptedUnits} accepted units");
        }

        if (reasons.Count > 0)
        {
            return new TierDecision(WorkerTier.Trial, reasons);
        }

        if (inputs.Violations > 0)
        {
            return new TierDecision(WorkerTier.B, [$"violations: {inputs.Violations} in the last 90 days"]);
        }

        var sMisses = Misses("s", inputs, thresholds.S);
        if (sMisses.Count == 0)
        {
            return new TierDecision(WorkerTier.S, []);
        }

        var aMisses = Misses("a", inputs, thresholds.A);
        return aMisses.Count == 0
            ? new TierDecision(WorkerTier.A, sMisses)
            : new TierDecision(WorkerTier.B, [.. aMisses, .. sMisses]);
    }

    private static List<string> Misses(string tier, TierInputs inputs, TierRequirement requirement)
    {
        var misses = new List<string>();
        if (inputs.AcceptedUnits < requirement.MinAcceptedUnits)
        {
            misses.Add(Invariant($"{tier}_min_accepted_units: {inputs.AcceptedUnits} of {requirement.MinAcceptedUnits}"));
        }

        if (inputs.AcceptanceRateBasisPoints is not { } rate || rate < requirement.MinAcceptanceRateBasisPoints)
        {
            misses.Add(Invariant($"{tier}_min_acceptance_rate: {Show(inputs.AcceptanceRateBasisPoints)} below {requirement.MinAcceptanceRateBasisPoints} bp"));
        }

        if (inputs.MeanGradeHundredths is not { } grade || grade < requirement.MinMeanGradeHundredths)
        {
            misses.Add(Invariant($"{tier}_min_mean_grade: {Show(inputs.MeanGradeHundredths)} below {requirement.MinMeanGradeHundredths} (hundredths)"));
        }

        if (inputs.ReworkRateBasisPoints is not { } rework || rework > requirement.MaxReworkRateBasisPoints)
        {
            misses.Add(Invariant($"{tier}_max_rework_rate: {Show(inputs.ReworkRateBasisPoints)} above {requirement.MaxReworkRateBasisPoints} bp"));
        }

        return misses;
    }

    private static string Show(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "no data";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The month a tier recomputation belongs to, in Japan time (months close in Asia/Tokyo like the payout months):
/// the evaluation is made as of the first instant of that month, so running the job again that month sees the same
/// 90 days and decides the same.
/// </summary>
public sealed record TierPeriod(string Key, DateTimeOffset AsOf)
{
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9); // Japan has no daylight saving time

    public static TierPeriod Of(DateTimeOffset now)
    {
        var local = now.ToOffset(JapanOffset);
        var start = new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, JapanOffset);
        return new TierPeriod(start.ToString("yyyy-MM", CultureInfo.InvariantCulture), start.ToUniversalTime());
    }
}
