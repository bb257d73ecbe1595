namespace Market.Domain.Quality;

public enum ReviewOutcomeKind
{
    AcceptedByReviewer = 0,
    AcceptedOnAppeal = 1,
    AutoAcceptedNotSampled = 2,
    AutoAcceptedOverdue = 3,
    Rejected = 4,

    /// <summary>Returned for rework and never resubmitted: counts against first-time-right only.</summary>
    ReworkAbandoned = 5,
}

/// <summary>How one review task ended (<see cref="ReviewTask.ToOutcome"/>), as the quality score reads it.</summary>
public sealed record ReviewOutcome(Guid WorkerId, DateTimeOffset DecidedAt, ReviewOutcomeKind Kind, ReviewGrades? Grades, int ReworkRounds)
{
    /// <summary>A reviewer (or, on appeal, the agent owner) judged the work: the outcome says something about its quality.</summary>
    public bool WasJudged => Kind is ReviewOutcomeKind.AcceptedByReviewer or ReviewOutcomeKind.AcceptedOnAppeal or ReviewOutcomeKind.Rejected;

    /// <summary>Judged, or sent back at least once before the final outcome.</summary>
    public bool WasReviewed => WasJudged || ReworkRounds > 0;

    public bool IsAccepted => Kind is not (ReviewOutcomeKind.Rejected or ReviewOutcomeKind.ReworkAbandoned);
}

public enum QualityComponentKind
{
    AcceptanceRate = 0,
    AccuracyGrade = 1,
    FormatGrade = 2,
    FirstTimeRight = 3,
    GoldAccuracy = 4,
}

/// <param name="Value">0–10,000 basis points; null when the worker has no data for it in the window.</param>
/// <param name="Weight">Its weight in basis points of the whole score (the weights add up to 10,000).</param>
public sealed record QualityComponent(QualityComponentKind Kind, int? Value, int Weight);

/// <summary>
/// A worker's quality over the window, with every input, so the worker can see how it was reached.
/// </summary>
/// <param name="Score">0–10,000 basis points; null when the window holds no reviewed work and no gold.</param>
/// <param name="Judged">Outcomes a reviewer or the agent owner judged: the acceptance-rate denominator.</param>
/// <param name="Reviewed">Outcomes a reviewer looked at (judged, or sent back for rework): the rework-rate denominator.</param>
/// <param name="Reworked">Reviewed outcomes that were sent back for rework at least once.</param>
/// <param name="AutoAccepted">Accepted without a reviewer (not sampled, or overdue): counted but not scored.</param>
public sealed record QualityScore(
    Guid WorkerId,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    int? Score,
    int Judged,
    int Accepted,
    int Rejected,
    int AutoAccepted,
    int Graded,
    int AccuracyGradeSum,
    int FormatGradeSum,
    int Reviewed,
    int Reworked,
    int GoldCellsCompared,
    int GoldCellsCorrect,
    IReadOnlyList<QualityComponent> Components)
{
    public int? ComponentValue(QualityComponentKind kind) => Components.Single(c => c.Kind == kind).Value;
}

/// <summary>
/// The rolling quality score of a worker (検品 results over the last 90 days), in basis points, as
/// <see cref="Assignments.AutoAssignPolicy"/> ranks by it. Each component is a share in basis points:
/// <list type="bullet">
/// <item>acceptance rate: accepted ÷ judged, where judged means a reviewer (or an appeal) decided — work
/// accepted without review says nothing about quality, so it is left out rather than inflating the rate of
/// lightly sampled tiers;</item>
/// <item>accuracy and format grades: the mean grade mapped from 1–5 onto 0–10,000 ((mean − 1) ÷ 4);</item>
/// <item>first time right: 10,000 minus the rework rate (reviewed work sent back at least once);</item>
/// <item>gold accuracy: correct gold cells ÷ gold cells keyed.</item>
/// </list>
/// Weights: acceptance 40 %, accuracy 20 %, format 10 %, first time right 15 %, gold 15 %. Acceptance weighs
/// most because a rejection costs the client a redo; rework costs only the worker's own time. A component
/// without data (transcribers have no gold; unsampled S-tier workers may have no grades) drops out and the
/// others are reweighted, so nobody is scored down for data they could not produce. Every division truncates.
/// </summary>
public static class QualityScoring
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(90);

    public const int AcceptanceWeight = 4_000;
    public const int AccuracyWeight = 2_000;
    public const int FormatWeight = 1_000;
    public const int FirstTimeRightWeight = 1_500;
    public const int GoldWeight = 1_500;

    private const int Full = 10_000;

    /// <summary>Scores the outcomes and gold results decided in [<paramref name="now"/> − 90 days, <paramref name="now"/>]; others are ignored.</summary>
    public static QualityScore Compute(Guid workerId, IEnumerable<ReviewOutcome> outcomes, IEnumerable<GoldResult> goldResults, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(goldResults);
        var start = now - Window;
        bool InWindow(DateTimeOffset at) => at >= start && at <= now;

        var mine = outcomes.Where(o => o.WorkerId == workerId && InWindow(o.DecidedAt)).ToList();
        var gold = goldResults.Where(g => g.WorkerId == workerId && InWindow(g.ScoredAt)).ToList();

        var judged = mine.Where(o => o.WasJudged).ToList();
        var accepted = judged.Count(o => o.IsAccepted);
        var graded = mine.Where(o => o.Grades is not null).ToList();
        var accuracySum = graded.Sum(o => o.Grades!.Accuracy);
        var formatSum = graded.Sum(o => o.Grades!.Format);
        var reviewed = mine.Where(o => o.WasReviewed).ToList();
        var reworked = reviewed.Count(o => o.ReworkRounds > 0);
        var goldCompared = gold.Sum(g => g.CellsCompared);
        var goldCorrect = gold.Sum(g => g.CellsCorrect);

        QualityComponent[] components =
        [
            new(QualityComponentKind.AcceptanceRate, Share(accepted, judged.Count), AcceptanceWeight),
            new(QualityComponentKind.AccuracyGrade, GradeShare(accuracySum, graded.Count), AccuracyWeight),
            new(QualityComponentKind.FormatGrade, GradeShare(formatSum, graded.Count), FormatWeight),
            new(QualityComponentKind.FirstTimeRight, reviewed.Count == 0 ? null : Full - Share(reworked, reviewed.Count), FirstTimeRightWeight),
            new(QualityComponentKind.GoldAccuracy, Share(goldCorrect, goldCompared), GoldWeight),
        ];

        var scored = components.Where(c => c.Value is not null).ToList();
        int? score = scored.Count == 0
            ? null
            : (int)(scored.Sum(c => (long)c.Value!.Value * c.Weight) / scored.Sum(c => (long)c.Weight));

        return new QualityScore(
            workerId,
            start,
            now,
            score,
            judged.Count,
            accepted,
            judged.Count - accepted,
            mine.Count(o => o.Kind is ReviewOutcomeKind.AutoAcceptedNotSampled or ReviewOutcomeKind.AutoAcceptedOverdue),
            graded.Count,
            accuracySum,
            formatSum,
            reviewed.Count,
            reworked,
            goldCompared,
            goldCorrect,
            components);
    }

    private static int? Share(long part, long whole) => whole == 0 ? null : (int)(part * Full / whole);

    private static int? GradeShare(long sum, int count) =>
        count == 0 ? null : (int)((sum - (long)count * ReviewGrades.Min) * Full / ((long)count * (ReviewGrades.Max - ReviewGrades.Min)));
}
