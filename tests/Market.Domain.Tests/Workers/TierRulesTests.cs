using Market.Domain.Common;
using Market.Domain.Quality;
using Market.Domain.Workers;

namespace Market.Domain.Tests.Workers;

public sealed class TierRulesTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset LongAgo = AsOf.AddYears(-1);
    private static readonly Guid Worker = Guid.Parse("0b7f9c2e-5555-4a6a-9a55-6f1d2c3b4a05");

    /// <summary>
    /// A synthetic 90-day history: <paramref name="unsampled"/> accepted without review, <paramref name="graded"/> accepted
    /// by a reviewer with the given grades, <paramref name="rejected"/> rejections, and <paramref name="reworked"/> of the
    /// graded ones sent back once first.
    /// </summary>
    private static List<ReviewOutcome> History(int unsampled, int graded, int accuracy, int format, int rejected = 0, int reworked = 0)
    {
        var outcomes = new List<ReviewOutcome>();
        var at = AsOf.AddDays(-80);
        for (var i = 0; i < unsampled; i++)
        {
            outcomes.Add(new ReviewOutcome(Worker, at.AddHours(i), ReviewOutcomeKind.AutoAcceptedNotSampled, null, 0));
        }

        for (var i = 0; i < graded; i++)
        {
            outcomes.Add(new ReviewOutcome(Worker, at.AddHours(i), ReviewOutcomeKind.AcceptedByReviewer, new ReviewGrades(accuracy, format), i < reworked ? 1 : 0));
        }

        for (var i = 0; i < rejected; i++)
        {
            outcomes.Add(new ReviewOutcome(Worker, at.AddHours(i), ReviewOutcomeKind.Rejected, null, 0));
        }

        return outcomes;
    }

    private static TierDecision Decide(List<ReviewOutcome> history, int lifetime = 500, DateTimeOffset? registered = null, int violations = 0, TierThresholds? thresholds = null) =>
        TierRules.Decide(TierInputs.From(history, lifetime, registered ?? LongAgo, violations, AsOf), thresholds ?? TierThresholds.Default);

    [Fact]
    public void Decide_InTheFirstMonth_IsTrial_WhateverTheRecord()
    {
        var decision = Decide(History(200, 50, 5, 5), registered: AsOf.AddDays(-20));

        Assert.Equal(WorkerTier.Trial, decision.Tier);
        Assert.StartsWith("trial_first_month", Assert.Single(decision.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BeforeTwentyAcceptedUnits_IsTrial_EvenAfterAMonth()
    {
        Assert.Equal(WorkerTier.Trial, Decide(History(10, 9, 5, 5), lifetime: 19).Tier);
        Assert.Equal(WorkerTier.B, Decide(History(10, 10, 5, 5), lifetime: 20).Tier);
    }

    [Fact]
    public void Decide_AnExcellentHighVolumeRecord_IsS()
    {
        // 110 unsampled + 20 graded = 130 accepted ≥ 120; 20/20 judged accepted; mean grade 4.75; 1/20 = 5 % rework.
        var decision = Decide(Mixed(History(110, 20, 5, 5, reworked: 1)));

        Assert.Equal(WorkerTier.S, decision.Tier);
        Assert.Empty(decision.Reasons);
    }

    /// <summary>Half the graded outcomes at 5/5 and half at 5/4: a mean of 4.75.</summary>
    private static List<ReviewOutcome> Mixed(List<ReviewOutcome> history)
    {
        var graded = history.Where(o => o.Grades is not null).ToList();
        for (var i = 0; i < graded.Count; i += 2)
        {
            history[history.IndexOf(graded[i])] = graded[i] with { Grades = new ReviewGrades(5, 4) };
        }

        return history;
    }

    [Fact]
    public void Decide_GoodButLowerVolume_IsA_AndSaysWhatSLacks()
    {
        // 50 accepted (≥ 40, < 120), 20/21 judged accepted = 95.2 %, grades 4/4, no rework.
        var decision = Decide(History(30, 20, 4, 4, rejected: 1));

        Assert.Equal(WorkerTier.A, decision.Tier);
        Assert.Contains(decision.Reasons, r => r.StartsWith("s_min_accepted_units: 50 of 120", StringComparison.Ordinal));
        Assert.Contains(decision.Reasons, r => r.StartsWith("s_min_mean_grade: 400", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_ManyRejections_IsB()
    {
        // 60 accepted, but 20/25 judged accepted = 80 %.
        var decision = Decide(History(40, 20, 4, 4, rejected: 5));

        Assert.Equal(WorkerTier.B, decision.Tier);
        Assert.Contains(decision.Reasons, r => r.StartsWith("a_min_acceptance_rate: 8000", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_HighReworkRate_IsB()
    {
        // 10 of 20 graded were sent back once: 50 % rework.
        Assert.Equal(WorkerTier.B, Decide(History(40, 20, 4, 4, reworked: 10)).Tier);
    }

    [Fact]
    public void Decide_NoJudgedWork_CannotProveA()
    {
        var decision = Decide(History(200, 0, 5, 5));

        Assert.Equal(WorkerTier.B, decision.Tier);
        Assert.Contains(decision.Reasons, r => r == "a_min_acceptance_rate: no data below 9500 bp");
    }

    [Fact]
    public void Decide_AViolationInTheWindow_CapsAtB()
    {
        var decision = Decide(Mixed(History(110, 20, 5, 5)), violations: 1);

        Assert.Equal(WorkerTier.B, decision.Tier);
        Assert.Equal(["violations: 1 in the last 90 days"], decision.Reasons);
    }

    [Fact]
    public void Decide_OnlyTheLast90DaysBeforeAsOfCount()
    {
        var old = History(0, 0, 5, 5);
        for (var i = 0; i < 200; i++)
        {
            old.Add(new ReviewOutcome(Worker, AsOf.AddDays(-91), ReviewOutcomeKind.AcceptedByReviewer, new ReviewGrades(5, 5), 0));
            old.Add(new ReviewOutcome(Worker, AsOf.AddHours(1), ReviewOutcomeKind.AcceptedByReviewer, new ReviewGrades(5, 5), 0)); // after as-of
        }

        var inputs = TierInputs.From(old, 500, LongAgo, 0, AsOf);

        Assert.Equal(0, inputs.AcceptedUnits);
        Assert.Equal(AsOf.AddDays(-90), inputs.WindowStart);
    }

    [Fact]
    public void Decide_WithAnAgentsStricterThresholds_UsesThem()
    {
        var strict = new TierThresholds(new TierRequirement(60, 9_500, 400, 1_500), TierThresholds.Default.S).Validated();

        Assert.Equal(WorkerTier.A, Decide(History(30, 20, 4, 4, rejected: 1)).Tier);
        Assert.Equal(WorkerTier.B, Decide(History(30, 20, 4, 4, rejected: 1), thresholds: strict).Tier);
    }

    [Fact]
    public void Thresholds_WhereSIsLaxerThanA_AreRefused()
    {
        var upsideDown = new TierThresholds(TierThresholds.Default.S, TierThresholds.Default.A);

        Assert.Equal("tier_thresholds_not_ordered", Assert.Throws<UnprocessableInputException>(() => upsideDown.Validated()).Code);
        Assert.Equal("tier_threshold_out_of_range",
            Assert.Throws<UnprocessableInputException>(() => (TierThresholds.Default with { A = new TierRequirement(40, 9_500, 600, 1_500) }).Validated()).Code);
    }

    [Theory]
    [InlineData("2026-02-28T14:59:59Z", "2026-02", "2026-01-31T15:00:00Z")]
    [InlineData("2026-02-28T15:00:00Z", "2026-03", "2026-02-28T15:00:00Z")]
    public void Period_IsTheMonthInJapanTime_AsOfItsFirstInstant(string now, string key, string asOf)
    {
        var period = TierPeriod.Of(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(key, period.Key);
        Assert.Equal(DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture), period.AsOf);
    }
}
