using System.Globalization;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Assignments;

/// <summary>What put a ranked candidate ahead of the next one.</summary>
public enum RankingFactor
{
    QualityBand = 0,
    FairShare = 1,
    WorkerId = 2,
}

/// <summary>One candidate's outcome, with the figures behind it, so a coordinator can see why this worker.</summary>
/// <param name="Rank">1-based among the eligible; null when refused.</param>
/// <param name="QualityScore">Basis points (10,000 = perfect), as used for ranking.</param>
/// <param name="QualityScoreEstimated">The worker has no score yet; <paramref name="QualityScore"/> is the team median.</param>
/// <param name="RecentEarnings">What the worker earned in the recent period.</param>
/// <param name="FairShare">The team's recent earnings in proportion to the worker's weekly hours.</param>
/// <param name="AheadOfNextBy">What put this candidate ahead of the next eligible one; null for the last and for the refused.</param>
public sealed record AutoAssignDecision(
    Guid WorkerId,
    int? Rank,
    IReadOnlyList<Refusal> Refusals,
    int QualityScore,
    bool QualityScoreEstimated,
    Yen RecentEarnings,
    Yen FairShare,
    RankingFactor? AheadOfNextBy,
    string Explanation)
{
    public bool IsEligible => Refusals.Count == 0;

    public int QualityBand => AutoAssignPolicy.BandOf(QualityScore);
}

/// <summary>
/// Orders a team's workers for a unit. Eligible workers come first: by quality band (higher first), then by
/// how much of their fair share of the team's recent earnings they have received (less first), then by worker
/// id so the order is total and repeatable. Refused workers follow, by worker id, with their reasons.
/// <para>
/// Quality is compared in bands of <see cref="QualityBandWidth"/> rather than exactly: otherwise a 0.01-point
/// difference would always win and fair share would never decide anything. A worker's fair share is the
/// team's recent earnings split in proportion to weekly hours, so a 10-hour worker is not expected to earn
/// what a 40-hour one does. A worker with no score yet ranks at the team median rather than last, so new
/// workers get work to be scored on.
/// </para>
/// </summary>
public static class AutoAssignPolicy
{
    public const int MaxQualityScore = 10_000;

    /// <summary>Five percentage points.</summary>
    public const int QualityBandWidth = 500;

    public static int BandOf(int qualityScore) => qualityScore / QualityBandWidth;

    /// <param name="candidates">The team (the pool fair shares are computed over).</param>
    /// <param name="recentEarningsByWorker">Recent earnings by worker user id; a missing worker earned nothing.</param>
    /// <param name="qualityScoreByWorker">Quality scores in basis points by worker user id; a missing worker has no score yet.</param>
    /// <param name="twin">For a double-keyed data-entry unit, its twin (required then).</param>
    public static IReadOnlyList<AutoAssignDecision> Rank(
        IReadOnlyList<AssignmentCandidate> candidates,
        WorkUnit unit,
        Job job,
        IReadOnlyDictionary<Guid, Yen> recentEarningsByWorker,
        IReadOnlyDictionary<Guid, int> qualityScoreByWorker,
        WorkUnit? twin = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(recentEarningsByWorker);
        ArgumentNullException.ThrowIfNull(qualityScoreByWorker);
        if (candidates.Select(c => c.WorkerId).Distinct().Count() != candidates.Count)
        {
            throw new ArgumentException("A worker appears more than once among the candidates.", nameof(candidates));
        }

        var knownScores = new List<int>();
        foreach (var candidate in candidates)
        {
            if (qualityScoreByWorker.TryGetValue(candidate.WorkerId, out var score))
            {
                ArgumentOutOfRangeException.ThrowIfNegative(score, nameof(qualityScoreByWorker));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(score, MaxQualityScore, nameof(qualityScoreByWorker));
                knownScores.Add(score);
            }
        }

        knownScores.Sort();
        var teamMedian = knownScores.Count == 0 ? 0 : knownScores[(knownScores.Count - 1) / 2];

        var rows = candidates.Select(c =>
        {
            var earned = recentEarningsByWorker.GetValueOrDefault(c.WorkerId, Yen.Zero);
            if (earned.IsNegative)
            {
                throw new ArgumentOutOfRangeException(nameof(recentEarningsByWorker), earned, "Recent earnings cannot be negative.");
            }

            var known = qualityScoreByWorker.TryGetValue(c.WorkerId, out var s);
            return new Row(c, WorkerEligibility.Evaluate(c, unit, job, twin), known ? s : teamMedian, !known, earned);
        }).ToList();

        var teamEarnings = Yen.Sum(rows.Select(r => r.Earned));
        var teamHours = rows.Sum(r => (long)r.Candidate.Profile.HoursPerWeek);

        var eligible = rows.Where(r => r.Refusals.Count == 0).ToList();
        eligible.Sort(Compare);
        var refused = rows.Where(r => r.Refusals.Count > 0).OrderBy(r => r.Candidate.WorkerId).ToList();

        var decisions = new List<AutoAssignDecision>(rows.Count);
        for (var i = 0; i < eligible.Count; i++)
        {
            var row = eligible[i];
            RankingFactor? aheadBy = i + 1 < eligible.Count ? FactorBetween(row, eligible[i + 1]) : null;
            var fairShare = FairShareOf(row, teamEarnings, teamHours);
            decisions.Add(new AutoAssignDecision(
                row.Candidate.WorkerId,
                i + 1,
                row.Refusals,
                row.Score,
                row.Estimated,
                row.Earned,
                fairShare,
                aheadBy,
                ExplainRanked(row, i + 1, eligible.Count, fairShare, aheadBy)));
        }

        foreach (var row in refused)
        {
            decisions.Add(new AutoAssignDecision(
                row.Candidate.WorkerId,
                null,
                row.Refusals,
                row.Score,
                row.Estimated,
                row.Earned,
                FairShareOf(row, teamEarnings, teamHours),
                null,
                "Not eligible: " + string.Join(" ", row.Refusals.Select(r => $"[{r.Code}] {r.Message}"))));
        }

        return decisions;
    }

    /// <summary>The top-ranked eligible worker, or null when nobody in the team may take the unit.</summary>
    public static AutoAssignDecision? Pick(IReadOnlyList<AutoAssignDecision> ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        return ranking.FirstOrDefault(d => d.IsEligible);
    }

    private static int Compare(Row x, Row y)
    {
        var byBand = BandOf(y.Score).CompareTo(BandOf(x.Score));
        if (byBand != 0)
        {
            return byBand;
        }

        var byShare = CompareShareReceived(x, y);
        return byShare != 0 ? byShare : x.Candidate.WorkerId.CompareTo(y.Candidate.WorkerId);
    }

    /// <summary>
    /// Compares earned ÷ fair share. Every fair share is the same team total times hours ÷ team hours, so the
    /// comparison reduces to earned ÷ hours, done by cross-multiplying to stay in integers.
    /// </summary>
    private static int CompareShareReceived(Row x, Row y) =>
        ((Int128)x.Earned.Amount * y.Candidate.Profile.HoursPerWeek).CompareTo((Int128)y.Earned.Amount * x.Candidate.Profile.HoursPerWeek);

    private static RankingFactor FactorBetween(Row ahead, Row next) =>
        BandOf(ahead.Score) != BandOf(next.Score) ? RankingFactor.QualityBand
        : CompareShareReceived(ahead, next) != 0 ? RankingFactor.FairShare
        : RankingFactor.WorkerId;

    private static Yen FairShareOf(Row row, Yen teamEarnings, long teamHours) =>
        teamHours == 0 ? Yen.Zero : teamEarnings.MultiplyByFraction(row.Candidate.Profile.HoursPerWeek, teamHours);

    private static string ExplainRanked(Row row, int rank, int of, Yen fairShare, RankingFactor? aheadBy)
    {
        var band = BandOf(row.Score);
        var quality = row.Estimated
            ? $"no quality score yet, ranked at the team median {Percent(row.Score)}"
            : $"quality {Percent(row.Score)}";
        var share = fairShare.IsPositive
            ? $"earned {row.Earned} of a {fairShare} fair share ({(row.Earned.Amount * 100 / fairShare.Amount).ToString(CultureInfo.InvariantCulture)}%)"
            : $"earned {row.Earned}; the team has no recent earnings";
        var ahead = aheadBy switch
        {
            RankingFactor.QualityBand => "; ahead of the next on quality band",
            RankingFactor.FairShare => "; ahead of the next on fair share",
            RankingFactor.WorkerId => "; level with the next, ahead by worker id",
            _ => string.Empty,
        };
        return $"Rank {rank} of {of}: {quality} (band {Percent(band * QualityBandWidth)}–{Percent(Math.Min(MaxQualityScore, (band + 1) * QualityBandWidth))}); {share} for {row.Candidate.Profile.HoursPerWeek} h/week{ahead}.";
    }

    private static string Percent(int basisPoints) =>
        string.Create(CultureInfo.InvariantCulture, $"{basisPoints / 100}.{basisPoints % 100:00}%");

    private sealed record Row(AssignmentCandidate Candidate, IReadOnlyList<Refusal> Refusals, int Score, bool Estimated, Yen Earned);
}
