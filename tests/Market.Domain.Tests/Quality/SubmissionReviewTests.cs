using Market.Domain.Assignments;
using Market.Domain.Common;
using Market.Domain.Quality;
using Market.Domain.Units;
using Market.Domain.Workers;
using static Market.Domain.Tests.Quality.QualityFixture;

namespace Market.Domain.Tests.Quality;

public class SubmissionReviewTests
{
    private static readonly DateTimeOffset ReviewAt = SubmittedAt.AddHours(3);

    public static TheoryData<string> Decisions() => new() { "accept", "rework", "reject" };

    private static void Decide(string decision, SubmittedWork work, ReviewTask task, Guid reviewerId, DateTimeOffset at)
    {
        switch (decision)
        {
            case "accept":
                SubmissionReview.Accept(task, work.Unit, reviewerId, ReviewerCertified, new ReviewGrades(4, 5), at);
                break;
            case "rework":
                SubmissionReview.ReturnForRework(task, work.Unit, work.Assignment, reviewerId, ReviewerCertified, [ReviewReasonCodes.Typo], null, at.AddDays(1), at);
                break;
            default:
                SubmissionReview.Reject(task, work.Unit, reviewerId, ReviewerCertified, ReviewReasonCodes.MissingText, "後半が未入力です", at);
                break;
        }
    }

    [Fact]
    public void Open_WhenNotSampled_AcceptsTheUnitAtOnceAsAutomatic()
    {
        var work = Submit();

        var task = SubmissionReview.Open(ReviewTaskId.New(), work.Unit, work.Assignment, SubmissionId, WorkerTier.S, ReviewNothing, Seed, SubmittedAt);

        Assert.False(task.Sampled);
        Assert.Equal(ReviewStatus.AutoAccepted, task.Status);
        Assert.Equal(AcceptanceKind.NotSampled, task.AcceptedBy);
        Assert.Equal(WorkUnitStatus.Accepted, work.Unit.Status);
        var accepted = Single<SubmissionAccepted>(task.DomainEvents);
        Assert.True(accepted.IsAuto);
        Assert.Null(accepted.Grades);
        Assert.Equal((work.Unit.Id, WorkerId, work.Job.Id), (accepted.UnitId, accepted.WorkerId, accepted.JobId));
    }

    [Fact]
    public void Open_WhenSampled_WaitsForAReviewerUntil72HoursLater()
    {
        var work = Submit();

        var task = SubmissionReview.Open(ReviewTaskId.New(), work.Unit, work.Assignment, SubmissionId, WorkerTier.Trial, SamplingPolicy.Default, Seed, SubmittedAt);

        Assert.True(task.Sampled);
        Assert.Equal(ReviewStatus.AwaitingReview, task.Status);
        Assert.Equal(WorkUnitStatus.Submitted, work.Unit.Status);
        Assert.Equal(SubmittedAt.AddHours(72), task.AutoAcceptDueAt);
        Assert.Equal(SubmittedAt.AddHours(72), Single<SubmissionAwaitingReview>(task.DomainEvents).AutoAcceptDueAt);
        Assert.Empty(task.DomainEvents.OfType<SubmissionAccepted>());
    }

    [Fact]
    public void Open_RecordsTheDrawOnTheSubmissionSoTheDecisionCanBeAudited()
    {
        var work = Submit();

        var task = SubmissionReview.Open(ReviewTaskId.New(), work.Unit, work.Assignment, SubmissionId, WorkerTier.A, SamplingPolicy.Default, Seed, SubmittedAt);

        Assert.Equal(SamplingPolicy.Draw(Seed, SubmissionId), task.SamplingDraw);
        Assert.Equal(2_000, task.SamplingShare);
        Assert.Equal(task.SamplingDraw < 2_000, task.Sampled);
        Assert.Equal(WorkerTier.A, task.WorkerTier);
    }

    [Fact]
    public void Open_WhenTheUnitIsNoLongerSubmitted_IsRefused()
    {
        var (work, task) = AwaitingReview();
        SubmissionReview.Accept(task, work.Unit, ReviewerId, ReviewerCertified, new ReviewGrades(3, 3), ReviewAt);

        var refusal = Assert.Throws<DomainRuleException>(() =>
            SubmissionReview.Open(ReviewTaskId.New(), work.Unit, work.Assignment, Guid.NewGuid(), WorkerTier.B, ReviewEverything, Seed, ReviewAt));

        Assert.Equal("review_not_submitted", refusal.Code);
    }

    [Fact]
    public void Accept_WithGrades_AcceptsTheUnitAndRaisesSubmissionAcceptedWithTheGrades()
    {
        var (work, task) = AwaitingReview();

        SubmissionReview.Accept(task, work.Unit, ReviewerId, ReviewerCertified, new ReviewGrades(4, 5), ReviewAt);

        Assert.Equal(ReviewStatus.Accepted, task.Status);
        Assert.Equal(AcceptanceKind.Reviewed, task.AcceptedBy);
        Assert.Equal(new ReviewGrades(4, 5), task.Grades);
        Assert.Equal(ReviewAt, task.DecidedAt);
        Assert.Equal(WorkUnitStatus.Accepted, work.Unit.Status);
        Assert.Equal(ReviewerId, work.Unit.ReviewerId);
        var accepted = Single<SubmissionAccepted>(task.DomainEvents);
        Assert.False(accepted.IsAuto);
        Assert.Equal(4, accepted.Grades!.Accuracy);
        Assert.Equal(5, accepted.Grades.Format);
        Assert.Equal(work.Assignment.Id, accepted.AssignmentId);
        var decision = Assert.Single(task.Decisions);
        Assert.Equal((ReviewVerdict.Accepted, 4, 5), (decision.Verdict, decision.AccuracyGrade, decision.FormatGrade));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(6, 3)]
    [InlineData(3, 0)]
    [InlineData(3, 6)]
    [InlineData(-1, -1)]
    public void ReviewGrades_OutsideOneToFive_AreRefused(int accuracy, int format)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => new ReviewGrades(accuracy, format));

        Assert.Equal("review_grade_out_of_range", refusal.Code);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 5)]
    [InlineData(1, 5)]
    public void ReviewGrades_AtTheLimits_AreAccepted(int accuracy, int format)
    {
        var grades = new ReviewGrades(accuracy, format);

        Assert.Equal((accuracy, format), (grades.Accuracy, grades.Format));
    }

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Decide_ByTheWorkerWhoDidTheWork_IsRefusedAndChangesNothing(string decision)
    {
        var (work, task) = AwaitingReview();

        var refusal = Assert.Throws<DomainRuleException>(() => Decide(decision, work, task, WorkerId, ReviewAt));

        Assert.Equal("review_own_work", refusal.Code);
        Assert.Equal(ReviewStatus.AwaitingReview, task.Status);
        Assert.Equal(WorkUnitStatus.Submitted, work.Unit.Status);
        Assert.Equal(AssignmentStatus.Submitted, work.Assignment.Status);
        Assert.Empty(task.DomainEvents);
    }

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Decide_ByAReviewerWithoutTheQcCertification_IsRefused(string decision)
    {
        var (work, task) = AwaitingReview();
        var uncertified = new HashSet<string> { "confidentiality" };

        var refusal = Assert.Throws<DomainRuleException>(() =>
        {
            switch (decision)
            {
                case "accept": SubmissionReview.Accept(task, work.Unit, ReviewerId, uncertified, new ReviewGrades(3, 3), ReviewAt); break;
                case "rework": SubmissionReview.ReturnForRework(task, work.Unit, work.Assignment, ReviewerId, uncertified, [ReviewReasonCodes.Typo], null, ReviewAt.AddDays(1), ReviewAt); break;
                default: SubmissionReview.Reject(task, work.Unit, ReviewerId, uncertified, ReviewReasonCodes.Typo, "誤字", ReviewAt); break;
            }
        });

        Assert.Equal("reviewer_not_certified", refusal.Code);
        Assert.Equal(ReviewStatus.AwaitingReview, task.Status);
        Assert.Equal(WorkUnitStatus.Submitted, work.Unit.Status);
    }

    public static TheoryData<string, string> DecisionsOnSettledTasks()
    {
        var data = new TheoryData<string, string>();
        foreach (var first in new[] { "accept", "rework", "reject", "auto" })
        {
            foreach (var second in new[] { "accept", "rework", "reject" })
            {
                data.Add(first, second);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DecisionsOnSettledTasks))]
    public void Decide_WhenTheTaskIsNotAwaitingReview_IsRefusedAsNotAwaiting(string first, string second)
    {
        var (work, task) = AwaitingReview();
        if (first == "auto")
        {
            SubmissionReview.AutoAcceptIfOverdue(task, work.Unit, SubmittedAt.AddHours(72));
        }
        else
        {
            Decide(first, work, task, ReviewerId, ReviewAt);
        }

        var status = task.Status;
        var events = task.DomainEvents.Count;

        var refusal = Assert.Throws<DomainRuleException>(() => Decide(second, work, task, ReviewerId, ReviewAt.AddHours(1)));

        Assert.Equal("review_not_awaiting", refusal.Code);
        Assert.Equal(status, task.Status);
        Assert.Equal(events, task.DomainEvents.Count);
    }

    [Fact]
    public void ReturnForRework_ReopensTheSameAssignmentWithReasonsAndADeadline()
    {
        var (work, task) = AwaitingReview();
        var deadline = ReviewAt.AddDays(2);

        SubmissionReview.ReturnForRework(
            task, work.Unit, work.Assignment, ReviewerId, ReviewerCertified,
            [ReviewReasonCodes.WrongSpeaker, ReviewReasonCodes.Typo, ReviewReasonCodes.WrongSpeaker], " 話者Bの発言がAになっています ", deadline, ReviewAt);

        Assert.Equal(ReviewStatus.ReturnedForRework, task.Status);
        Assert.Equal(1, task.ReworkRounds);
        Assert.Equal(deadline, task.ReworkDeadline);
        Assert.Equal(WorkUnitStatus.ReworkRequested, work.Unit.Status);
        Assert.Equal(WorkerId, work.Unit.WorkerId);
        Assert.Equal("wrong_speaker, typo: 話者Bの発言がAになっています", work.Unit.LastReason);
        Assert.Equal(AssignmentStatus.Active, work.Assignment.Status);
        Assert.Equal(ReviewAt + work.Assignment.LeaseLength, work.Assignment.ExpiresAt);
        var returned = Single<SubmissionReturnedForRework>(task.DomainEvents);
        Assert.Equal(["wrong_speaker", "typo"], returned.ReasonCodes);
        Assert.Equal("話者Bの発言がAになっています", returned.Comment);
        Assert.Equal((1, deadline, WorkerId), (returned.Round, returned.Deadline, returned.WorkerId));
        Assert.Null(task.DecidedAt);
    }

    [Fact]
    public void ReturnForRework_AfterTwoRounds_IsRefusedAndTheReviewerMustAcceptOrReject()
    {
        var (work, task) = AwaitingReview();
        var at = ReviewAt;
        for (var round = 1; round <= 2; round++)
        {
            ReturnForRework(work, task, at);
            at = at.AddMinutes(10);
            Resubmit(work, task, at);
            at = at.AddMinutes(10);
        }

        var refusal = Assert.Throws<DomainRuleException>(() => ReturnForRework(work, task, at));

        Assert.Equal("review_rework_limit_reached", refusal.Code);
        Assert.Equal(ReviewStatus.AwaitingReview, task.Status);
        Assert.Equal(2, task.ReworkRounds);
        Assert.Equal(WorkUnitStatus.Submitted, work.Unit.Status);
        Assert.Equal(AssignmentStatus.Submitted, work.Assignment.Status);

        SubmissionReview.Accept(task, work.Unit, ReviewerId, ReviewerCertified, new ReviewGrades(3, 4), at);
        Assert.Equal(ReviewStatus.Accepted, task.Status);
        Assert.Equal(3, task.Decisions.Count);
    }

    [Theory]
    [InlineData(new string[0], null, "review_reason_required")]
    [InlineData(new[] { "   " }, null, "review_reason_required")]
    [InlineData(new[] { "sloppy" }, null, "review_reason_code_unknown")]
    [InlineData(new[] { "TYPO" }, null, "review_reason_code_unknown")]
    [InlineData(new[] { "typo", "other" }, null, "review_comment_required")]
    [InlineData(new[] { "other" }, "  ", "review_comment_required")]
    public void ReturnForRework_WithoutValidReasons_IsRefused(string[] codes, string? comment, string code)
    {
        var (work, task) = AwaitingReview();

        var refusal = Assert.Throws<UnprocessableInputException>(() =>
            SubmissionReview.ReturnForRework(task, work.Unit, work.Assignment, ReviewerId, ReviewerCertified, codes, comment, ReviewAt.AddDays(1), ReviewAt));

        Assert.Equal(code, refusal.Code);
        Assert.Equal(ReviewStatus.AwaitingReview, task.Status);
        Assert.Equal(WorkUnitStatus.Submitted, work.Unit.Status);
    }

    [Fact]
    public void ReturnForRework_WithOtherAndAComment_IsAllowed()
    {
        var (work, task) = AwaitingReview();

        SubmissionReview.ReturnForRework(task, work.Unit, work.Assignment, ReviewerId, ReviewerCertified, [ReviewReasonCodes.Other], "音声の冒頭が欠けています", ReviewAt.AddDays(1), ReviewAt);

        Assert.Equal("other: 音声の冒頭が欠けています", work.Unit.LastReason);
    }

    [Theory]
    [InlineData(0, "review_rework_deadline_not_in_future")]
    [InlineData(-60, "review_rework_deadline_not_in_future")]
    [InlineData(7 * 24 * 60 + 1, "review_rework_deadline_too_far")]
    public void ReturnForRework_WithADeadlineNotInTheNextSevenDays_IsRefused(int minutesAhead, string code)
    {
        var (work, task) = AwaitingReview();

        var refusal = Assert.Throws<UnprocessableInputException>(() =>
            SubmissionReview.ReturnForRework(task, work.Unit, work.Assignment, ReviewerId, ReviewerCertified, [ReviewReasonCodes.Typo], null, ReviewAt.AddMinutes(minutesAhead), ReviewAt));

        Assert.Equal(code, refusal.Code);
        Assert.Equal(WorkUnitStatus.Submitted, work.Unit.Status);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7 * 24 * 60)]
    public void ReturnForRework_WithADeadlineWithinSevenDays_IsAllowed(int minutesAhead)
    {
        var (work, task) = AwaitingReview();

        SubmissionReview.ReturnForRework(task, work.Unit, work.Assignment, ReviewerId, ReviewerCertified, [ReviewReasonCodes.Typo], null, ReviewAt.AddMinutes(minutesAhead), ReviewAt);

        Assert.Equal(ReviewStatus.ReturnedForRework, task.Status);
    }

    [Fact]
    public void ReturnForRework_WithAVeryLongComment_IsRefused()
    {
        var (work, task) = AwaitingReview();

        var refusal = Assert.Throws<UnprocessableInputException>(() =>
            SubmissionReview.ReturnForRework(task, work.Unit, work.Assignment, ReviewerId, ReviewerCertified, [ReviewReasonCodes.Typo], new string('あ', 2_001), ReviewAt.AddDays(1), ReviewAt));

        Assert.Equal("review_comment_too_long", refusal.Code);
    }

    [Fact]
    public void Resubmitted_AfterRework_WaitsForReviewAgainWithAFresh72HourClock()
    {
        var (work, task) = AwaitingReview();
        ReturnForRework(work, task, ReviewAt);
        var resubmittedAt = ReviewAt.AddMinutes(30);

        UnitAssignment.Submit(work.Unit, work.Assignment, work.Assignment.Id, resubmittedAt);
        var resubmission = Guid.Parse("d0000000-0000-4000-8000-000000000002");
        SubmissionReview.Resubmitted(task, work.Unit, work.Assignment, resubmission, resubmittedAt);

        Assert.Equal(ReviewStatus.AwaitingReview, task.Status);
        Assert.Equal(resubmission, task.LatestSubmissionId);
        Assert.Equal(SubmissionId, task.SubmissionId);
        Assert.Equal(resubmittedAt.AddHours(72), task.AutoAcceptDueAt);
        Assert.Null(task.ReworkDeadline);
        Assert.False(task.IsOverdue(SubmittedAt.AddHours(72)));
    }

    [Fact]
    public void Resubmitted_WhenTheTaskWasNotReturnedForRework_IsRefused()
    {
        var (work, task) = AwaitingReview();

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.Resubmitted(task, work.Unit, work.Assignment, Guid.NewGuid(), ReviewAt));

        Assert.Equal("review_not_returned_for_rework", refusal.Code);
    }

    [Fact]
    public void Resubmitted_BeforeTheWorkerSubmitsAgain_IsRefused()
    {
        var (work, task) = AwaitingReview();
        ReturnForRework(work, task, ReviewAt);

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.Resubmitted(task, work.Unit, work.Assignment, Guid.NewGuid(), ReviewAt));

        Assert.Equal("review_not_submitted", refusal.Code);
        Assert.Equal(ReviewStatus.ReturnedForRework, task.Status);
    }

    [Fact]
    public void ReworkAbandoned_AfterTheWorkerReleasesTheUnit_EndsTheTaskWithoutPay()
    {
        var (work, task) = AwaitingReview();
        ReturnForRework(work, task, ReviewAt);
        UnitAssignment.Release(work.Unit, work.Assignment, "時間が取れません", ReviewAt.AddMinutes(5));

        SubmissionReview.ReworkAbandoned(task, work.Unit, work.Assignment, ReviewAt.AddMinutes(5));

        Assert.Equal(ReviewStatus.ReworkAbandoned, task.Status);
        Assert.Equal(WorkUnitStatus.Available, work.Unit.Status);
        Assert.Empty(task.DomainEvents.OfType<SubmissionAccepted>());
        Assert.Equal(1, Single<SubmissionReworkAbandoned>(task.DomainEvents).ReworkRounds);
        Assert.Equal(ReviewOutcomeKind.ReworkAbandoned, task.ToOutcome()!.Kind);
    }

    [Fact]
    public void ReworkAbandoned_AfterTheLeaseExpires_EndsTheTask()
    {
        var (work, task) = AwaitingReview();
        ReturnForRework(work, task, ReviewAt);
        UnitAssignment.ExpireLease(work.Unit, work.Assignment, work.Assignment.ExpiresAt);

        SubmissionReview.ReworkAbandoned(task, work.Unit, work.Assignment, work.Assignment.ExpiresAt);

        Assert.Equal(ReviewStatus.ReworkAbandoned, task.Status);
    }

    [Fact]
    public void ReworkAbandoned_WhileTheWorkerStillHoldsTheUnit_IsRefused()
    {
        var (work, task) = AwaitingReview();
        ReturnForRework(work, task, ReviewAt);

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.ReworkAbandoned(task, work.Unit, work.Assignment, ReviewAt.AddMinutes(5)));

        Assert.Equal("review_rework_in_progress", refusal.Code);
        Assert.Equal(ReviewStatus.ReturnedForRework, task.Status);
    }

    [Fact]
    public void ReworkAbandoned_OnWorkNotReturnedForRework_IsRefused()
    {
        var (work, task) = AwaitingReview();
        Reject(work, task, ReviewAt);

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.ReworkAbandoned(task, work.Unit, work.Assignment, ReviewAt));

        Assert.Equal("review_not_returned_for_rework", refusal.Code);
        Assert.Equal(ReviewStatus.Rejected, task.Status);
    }

    [Fact]
    public void Reject_SendsTheUnitBackToThePoolAndOpensA7DayAppealWindow()
    {
        var (work, task) = AwaitingReview();

        SubmissionReview.Reject(task, work.Unit, ReviewerId, ReviewerCertified, ReviewReasonCodes.MissingText, "後半10分が未入力です", ReviewAt);

        Assert.Equal(ReviewStatus.Rejected, task.Status);
        Assert.Equal("missing_text", task.RejectionReasonCode);
        Assert.Equal(ReviewAt.AddDays(7), task.AppealDeadline);
        Assert.Equal(WorkUnitStatus.Available, work.Unit.Status);
        Assert.Null(work.Unit.WorkerId);
        Assert.Equal("missing_text: 後半10分が未入力です", work.Unit.LastReason);
        var rejected = Single<SubmissionRejected>(task.DomainEvents);
        Assert.Equal(("missing_text", "後半10分が未入力です", ReviewAt.AddDays(7)), (rejected.ReasonCode, rejected.Comment, rejected.AppealDeadline));
        Assert.Empty(task.DomainEvents.OfType<SubmissionAccepted>());
    }

    [Theory]
    [InlineData(null, "後半が未入力", "review_reason_required")]
    [InlineData("", "後半が未入力", "review_reason_required")]
    [InlineData("bad", "後半が未入力", "review_reason_code_unknown")]
    [InlineData("missing_text", null, "review_comment_required")]
    [InlineData("missing_text", " \u3000 ", "review_comment_required")]
    public void Reject_WithoutAReasonCodeAndComment_IsRefused(string? reasonCode, string? comment, string code)
    {
        var (work, task) = AwaitingReview();

        var refusal = Assert.Throws<UnprocessableInputException>(() =>
            SubmissionReview.Reject(task, work.Unit, ReviewerId, ReviewerCertified, reasonCode!, comment!, ReviewAt));

        Assert.Equal(code, refusal.Code);
        Assert.Equal(ReviewStatus.AwaitingReview, task.Status);
        Assert.Equal(WorkUnitStatus.Submitted, work.Unit.Status);
    }

    [Fact]
    public void AutoAcceptIfOverdue_OneTickBefore72Hours_IsRefused()
    {
        var (work, task) = AwaitingReview();
        var justBefore = SubmittedAt.AddHours(72).AddTicks(-1);

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.AutoAcceptIfOverdue(task, work.Unit, justBefore));

        Assert.Equal("review_not_overdue", refusal.Code);
        Assert.False(task.IsOverdue(justBefore));
        Assert.Equal(ReviewStatus.AwaitingReview, task.Status);
        Assert.Equal(WorkUnitStatus.Submitted, work.Unit.Status);
    }

    [Fact]
    public void AutoAcceptIfOverdue_AtExactly72Hours_AcceptsAsAutomatic()
    {
        var (work, task) = AwaitingReview();
        var due = SubmittedAt.AddHours(72);

        SubmissionReview.AutoAcceptIfOverdue(task, work.Unit, due);

        Assert.True(task.IsAccepted);
        Assert.Equal(ReviewStatus.AutoAccepted, task.Status);
        Assert.Equal(AcceptanceKind.ReviewOverdue, task.AcceptedBy);
        Assert.Equal(WorkUnitStatus.Accepted, work.Unit.Status);
        var accepted = Single<SubmissionAccepted>(task.DomainEvents);
        Assert.True(accepted.IsAuto);
        Assert.Equal(AcceptanceKind.ReviewOverdue, accepted.AcceptedBy);
    }

    [Fact]
    public void AutoAcceptIfOverdue_WhileAReviewerHasItOpen_StillAcceptsTheUnit()
    {
        var (work, task) = AwaitingReview();
        work.Unit.StartReview(ReviewerId, ReviewAt);

        SubmissionReview.AutoAcceptIfOverdue(task, work.Unit, SubmittedAt.AddDays(4));

        Assert.Equal(WorkUnitStatus.Accepted, work.Unit.Status);
    }

    [Fact]
    public void AutoAcceptIfOverdue_WhenReturnedForRework_IsRefused()
    {
        var (work, task) = AwaitingReview();
        ReturnForRework(work, task, ReviewAt);

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.AutoAcceptIfOverdue(task, work.Unit, SubmittedAt.AddDays(10)));

        Assert.Equal("review_not_awaiting", refusal.Code);
    }

    [Fact]
    public void ToOutcome_WhileOpen_IsNullAndOnceDecidedCarriesGradesAndRounds()
    {
        var (work, task) = AwaitingReview();
        Assert.Null(task.ToOutcome());
        ReturnForRework(work, task, ReviewAt);
        Assert.Null(task.ToOutcome());
        Resubmit(work, task, ReviewAt.AddMinutes(20));

        SubmissionReview.Accept(task, work.Unit, ReviewerId, ReviewerCertified, new ReviewGrades(5, 4), ReviewAt.AddHours(1));

        Assert.Equal(new ReviewOutcome(WorkerId, ReviewAt.AddHours(1), ReviewOutcomeKind.AcceptedByReviewer, new ReviewGrades(5, 4), 1), task.ToOutcome());
    }
}
