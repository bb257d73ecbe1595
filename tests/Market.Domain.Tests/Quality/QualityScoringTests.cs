using Market.Domain.Quality;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Quality;

public class QualityScoringTests
{
    private static readonly DateTimeOffset Now = TestJobs.Now;
    private static readonly Guid Worker = AgentLayer.WorkerUserId(1);
    private static readonly Guid OtherWorker = AgentLayer.WorkerUserId(2);

    private static ReviewOutcome Outcome(int daysAgo, ReviewOutcomeKind kind, ReviewGrades? grades = null, int rework = 0, Guid? worker = null) =>
        new(worker ?? Worker, Now.AddDays(-daysAgo), kind, grades, rework);

    private static GoldResult GoldAt(int daysAgo, int compared, int correct, Guid? worker = null) =>
        new(new GoldRecordId(Guid.NewGuid()), worker ?? Worker, Now.AddDays(-daysAgo), compared, correct, []);

    [Fact]
    public void Compute_OnASyntheticHistory_MatchesTheHandCalculation()
    {
        ReviewOutcome[] outcomes =
        [
            Outcome(1, ReviewOutcomeKind.AcceptedByReviewer, new ReviewGrades(5, 4)),
            Outcome(10, ReviewOutcomeKind.AcceptedByReviewer, new ReviewGrades(4, 4), rework: 1),
            Outcome(30, ReviewOutcomeKind.AcceptedByReviewer, new ReviewGrades(3, 5)),
            Outcome(40, ReviewOutcomeKind.Rejected, rework: 2),
            Outcome(50, ReviewOutcomeKind.AcceptedOnAppeal),
            Outcome(2, ReviewOutcomeKind.AutoAcceptedNotSampled),
            Outcome(3, ReviewOutcomeKind.AutoAcceptedOverdue),
            Outcome(91, ReviewOutcomeKind.Rejected, rework: 2),
            Outcome(5, ReviewOutcomeKind.Rejected, worker: OtherWorker),
        ];
        GoldResult[] gold = [GoldAt(5, 10, 9), GoldAt(20, 10, 8), GoldAt(100, 10, 0), GoldAt(1, 10, 0, OtherWorker)];

        var score = QualityScoring.Compute(Worker, outcomes, gold, Now);

        // Judged 5 (three accepted by a reviewer, one rejected, one overturned on appeal); accepted 4 → 8,000.
        Assert.Equal((5, 4, 1), (score.Judged, score.Accepted, score.Rejected));
        Assert.Equal(8_000, score.ComponentValue(QualityComponentKind.AcceptanceRate));
        // Grades 5+4+3 = 12 over 3 → (12 − 3) × 10,000 ÷ 12 = 7,500; format 4+4+5 = 13 → 100,000 ÷ 12 = 8,333.
        Assert.Equal((3, 12, 13), (score.Graded, score.AccuracyGradeSum, score.FormatGradeSum));
        Assert.Equal(7_500, score.ComponentValue(QualityComponentKind.AccuracyGrade));
        Assert.Equal(8_333, score.ComponentValue(QualityComponentKind.FormatGrade));
        // Reviewed 5, of which 2 went back for rework → rework rate 4,000 → first time right 6,000.
        Assert.Equal((5, 2), (score.Reviewed, score.Reworked));
        Assert.Equal(6_000, score.ComponentValue(QualityComponentKind.FirstTimeRight));
        // Gold 17 of 20 → 8,500.
        Assert.Equal((20, 17), (score.GoldCellsCompared, score.GoldCellsCorrect));
        Assert.Equal(8_500, score.ComponentValue(QualityComponentKind.GoldAccuracy));
        Assert.Equal(2, score.AutoAccepted);
        // (8,000×4,000 + 7,500×2,000 + 8,333×1,000 + 6,000×1,500 + 8,500×1,500) ÷ 10,000 = 77,083,000 ÷ 10,000 → 7,708.
        Assert.Equal(7_708, score.Score);
        Assert.Equal((Now.AddDays(-90), Now), (score.WindowStart, score.WindowEnd));
    }

    [Fact]
    public void Compute_WithoutGradesOrGold_ReweightsTheComponentsThatHaveData()
    {
        ReviewOutcome[] outcomes = [Outcome(1, ReviewOutcomeKind.Rejected), Outcome(2, ReviewOutcomeKind.AcceptedOnAppeal)];

        var score = QualityScoring.Compute(Worker, outcomes, [], Now);

        Assert.Null(score.ComponentValue(QualityComponentKind.AccuracyGrade));
        Assert.Null(score.ComponentValue(QualityComponentKind.GoldAccuracy));
        // (5,000×4,000 + 10,000×1,500) ÷ 5,500 = 6,363.6 → 6,363.
        Assert.Equal(6_363, score.Score);
    }

    [Fact]
    public void Compute_WithOnlyUnreviewedAcceptances_HasNoScore()
    {
        ReviewOutcome[] outcomes = [Outcome(1, ReviewOutcomeKind.AutoAcceptedNotSampled), Outcome(2, ReviewOutcomeKind.AutoAcceptedOverdue)];

        var score = QualityScoring.Compute(Worker, outcomes, [], Now);

        Assert.Null(score.Score);
        Assert.Equal(2, score.AutoAccepted);
        Assert.Equal(0, score.Judged);
    }

    [Fact]
    public void Compute_AutoAcceptedAfterRework_CountsTheReworkButNotTheAcceptance()
    {
        ReviewOutcome[] outcomes = [Outcome(1, ReviewOutcomeKind.AutoAcceptedOverdue, rework: 1), Outcome(2, ReviewOutcomeKind.AcceptedByReviewer, new ReviewGrades(5, 5))];

        var score = QualityScoring.Compute(Worker, outcomes, [], Now);

        Assert.Equal((1, 2, 1), (score.Judged, score.Reviewed, score.Reworked));
        Assert.Equal(10_000, score.ComponentValue(QualityComponentKind.AcceptanceRate));
        Assert.Equal(5_000, score.ComponentValue(QualityComponentKind.FirstTimeRight));
    }

    [Fact]
    public void Compute_AbandonedRework_CountsAgainstFirstTimeRightButIsNotJudged()
    {
        ReviewOutcome[] outcomes = [Outcome(1, ReviewOutcomeKind.ReworkAbandoned, rework: 1), Outcome(2, ReviewOutcomeKind.AcceptedByReviewer, new ReviewGrades(5, 5))];

        var score = QualityScoring.Compute(Worker, outcomes, [], Now);

        Assert.Equal((1, 1, 2, 1), (score.Judged, score.Accepted, score.Reviewed, score.Reworked));
        Assert.Equal(5_000, score.ComponentValue(QualityComponentKind.FirstTimeRight));
    }

    [Fact]
    public void Compute_CountsOutcomesFromExactly90DaysAgoButNotEarlierOrLater()
    {
        ReviewOutcome[] outcomes =
        [
            new(Worker, Now.AddDays(-90), ReviewOutcomeKind.Rejected, null, 0),
            new(Worker, Now.AddDays(-90).AddTicks(-1), ReviewOutcomeKind.AcceptedByReviewer, new ReviewGrades(5, 5), 0),
            new(Worker, Now.AddTicks(1), ReviewOutcomeKind.AcceptedByReviewer, new ReviewGrades(5, 5), 0),
        ];

        var score = QualityScoring.Compute(Worker, outcomes, [], Now);

        Assert.Equal((1, 0), (score.Judged, score.Accepted));
        Assert.Equal(0, score.ComponentValue(QualityComponentKind.AcceptanceRate));
    }

    [Fact]
    public void Weights_AddUpToTheWholeScore()
    {
        Assert.Equal(
            10_000,
            QualityScoring.AcceptanceWeight + QualityScoring.AccuracyWeight + QualityScoring.FormatWeight + QualityScoring.FirstTimeRightWeight + QualityScoring.GoldWeight);
    }
}
