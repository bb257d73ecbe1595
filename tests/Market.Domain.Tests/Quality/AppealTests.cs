using Market.Domain.Assignments;
using Market.Domain.Common;
using Market.Domain.Quality;
using Market.Domain.Tests.Support;
using Market.Domain.Units;
using static Market.Domain.Tests.Quality.QualityFixture;

namespace Market.Domain.Tests.Quality;

public class AppealTests
{
    private static readonly DateTimeOffset RejectedAt = SubmittedAt.AddHours(5);

    private static (SubmittedWork Work, ReviewTask Task) Rejected()
    {
        var (work, task) = AwaitingReview();
        Reject(work, task, RejectedAt);
        task.ClearDomainEvents();
        work.Unit.ClearDomainEvents();
        return (work, task);
    }

    private static (SubmittedWork Work, ReviewTask Task) Appealed()
    {
        var (work, task) = Rejected();
        SubmissionReview.FileAppeal(task, WorkerId, "書式は仕様書の第3項どおりです", RejectedAt.AddDays(1));
        task.ClearDomainEvents();
        return (work, task);
    }

    [Fact]
    public void FileAppeal_OneTickBeforeSevenDays_IsAccepted()
    {
        var (_, task) = Rejected();
        var lastMoment = RejectedAt.AddDays(7).AddTicks(-1);
        Assert.True(task.CanBeAppealed(lastMoment));

        SubmissionReview.FileAppeal(task, WorkerId, "仕様どおりです", lastMoment);

        Assert.NotNull(task.Appeal);
        Assert.True(task.Appeal.IsPending);
        Assert.Equal(("仕様どおりです", lastMoment), (task.Appeal.Statement, task.Appeal.FiledAt));
        var filed = Single<AppealFiled>(task.DomainEvents);
        Assert.Equal((AgentLayer.LeadAgentId, WorkerId), (filed.AgentId, filed.WorkerId));
    }

    [Fact]
    public void FileAppeal_AtSevenDays_IsRefusedAsWindowClosed()
    {
        var (_, task) = Rejected();
        var closes = RejectedAt.AddDays(7);
        Assert.False(task.CanBeAppealed(closes));

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.FileAppeal(task, WorkerId, "仕様どおりです", closes));

        Assert.Equal("appeal_window_closed", refusal.Code);
        Assert.Null(task.Appeal);
    }

    [Fact]
    public void FileAppeal_ASecondTime_IsRefusedEvenWithinTheWindow()
    {
        var (_, task) = Appealed();

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.FileAppeal(task, WorkerId, "もう一度", RejectedAt.AddDays(2)));

        Assert.Equal("appeal_already_made", refusal.Code);
        Assert.Equal("書式は仕様書の第3項どおりです", task.Appeal!.Statement);
    }

    [Fact]
    public void FileAppeal_AfterAnUpheldDecision_IsRefusedAsAlreadyMade()
    {
        var (work, task) = Appealed();
        SubmissionReview.DecideAppeal(task, work.Unit, OwnerId, AppealOutcome.Upheld, "第3項は見出しの書式です", RejectedAt.AddDays(2));

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.FileAppeal(task, WorkerId, "再度", RejectedAt.AddDays(3)));

        Assert.Equal("appeal_already_made", refusal.Code);
    }

    [Fact]
    public void FileAppeal_BySomeoneElse_IsRefused()
    {
        var (_, task) = Rejected();

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.FileAppeal(task, OtherWorkerId, "代理で", RejectedAt.AddDays(1)));

        Assert.Equal("appeal_not_own_work", refusal.Code);
    }

    [Fact]
    public void FileAppeal_OnWorkThatWasNotRejected_IsRefused()
    {
        var (work, task) = AwaitingReview();
        SubmissionReview.Accept(task, work.Unit, ReviewerId, ReviewerCertified, new ReviewGrades(2, 2), RejectedAt);

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.FileAppeal(task, WorkerId, "評点が低すぎます", RejectedAt.AddDays(1)));

        Assert.Equal("appeal_not_rejected", refusal.Code);
    }

    [Fact]
    public void FileAppeal_WithoutAStatement_IsRefused()
    {
        var (_, task) = Rejected();

        var refusal = Assert.Throws<UnprocessableInputException>(() => SubmissionReview.FileAppeal(task, WorkerId, "  ", RejectedAt.AddDays(1)));

        Assert.Equal("appeal_statement_required", refusal.Code);
    }

    [Fact]
    public void DecideAppeal_OverturnedWhileTheUnitIsInThePool_AcceptsTheUnitWithTheAppellantsWork()
    {
        var (work, task) = Appealed();
        var decidedAt = RejectedAt.AddDays(3);

        SubmissionReview.DecideAppeal(task, work.Unit, OwnerId, AppealOutcome.Overturned, null, decidedAt);

        Assert.Equal(ReviewStatus.Accepted, task.Status);
        Assert.Equal(AcceptanceKind.AppealOverturned, task.AcceptedBy);
        Assert.Null(task.RejectionReasonCode);
        Assert.Equal((AppealOutcome.Overturned, OwnerId), (task.Appeal!.Outcome, task.Appeal.DecidedBy));
        Assert.Equal(WorkUnitStatus.Accepted, work.Unit.Status);
        Assert.Equal(WorkerId, work.Unit.WorkerId);
        Assert.Equal(work.Assignment.Id.Value, work.Unit.AssignmentId);
        var accepted = Single<SubmissionAccepted>(task.DomainEvents);
        Assert.False(accepted.IsAuto);
        Assert.True(accepted.UnitAccepted);
        Assert.Equal((WorkerId, AcceptanceKind.AppealOverturned), (accepted.WorkerId, accepted.AcceptedBy));
        Assert.True(Single<AppealDecided>(task.DomainEvents).UnitAccepted);
        Assert.Equal(ReviewOutcomeKind.AcceptedOnAppeal, task.ToOutcome()!.Kind);
    }

    [Fact]
    public void DecideAppeal_OverturnedAfterSomeoneElseTookTheUnit_PaysTheAppellantAndLeavesTheUnitWithTheOther()
    {
        var (work, task) = Appealed();
        UnitAssignment.Assign(
            AssignmentId.New(), work.Job, [], work.Unit, null,
            AgentLayer.Candidate(AgentLayer.Worker(OtherWorkerId)), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId),
            AssignedBy.Claim, RejectedAt.AddDays(1));

        SubmissionReview.DecideAppeal(task, work.Unit, OwnerId, AppealOutcome.Overturned, "基準の誤りでした", RejectedAt.AddDays(3));

        Assert.Equal(ReviewStatus.Accepted, task.Status);
        var accepted = Single<SubmissionAccepted>(task.DomainEvents);
        Assert.Equal(WorkerId, accepted.WorkerId);
        Assert.False(accepted.UnitAccepted);
        Assert.False(Single<AppealDecided>(task.DomainEvents).UnitAccepted);
        Assert.Equal(WorkUnitStatus.Assigned, work.Unit.Status);
        Assert.Equal(OtherWorkerId, work.Unit.WorkerId);
    }

    [Fact]
    public void DecideAppeal_Upheld_KeepsTheRejectionAndPaysNothing()
    {
        var (work, task) = Appealed();

        SubmissionReview.DecideAppeal(task, work.Unit, OwnerId, AppealOutcome.Upheld, "第3項は見出しの書式です", RejectedAt.AddDays(2));

        Assert.Equal(ReviewStatus.Rejected, task.Status);
        Assert.Equal("wrong_format", task.RejectionReasonCode);
        Assert.Equal((AppealOutcome.Upheld, "第3項は見出しの書式です"), (task.Appeal!.Outcome, task.Appeal.DecisionNote));
        Assert.Empty(task.DomainEvents.OfType<SubmissionAccepted>());
        Assert.Equal(AppealOutcome.Upheld, Single<AppealDecided>(task.DomainEvents).Outcome);
        Assert.Equal(WorkUnitStatus.Available, work.Unit.Status);
        Assert.Equal(ReviewOutcomeKind.Rejected, task.ToOutcome()!.Kind);
    }

    [Fact]
    public void DecideAppeal_UpheldWithoutANote_IsRefused()
    {
        var (work, task) = Appealed();

        var refusal = Assert.Throws<UnprocessableInputException>(() => SubmissionReview.DecideAppeal(task, work.Unit, OwnerId, AppealOutcome.Upheld, null, RejectedAt.AddDays(2)));

        Assert.Equal("appeal_decision_note_required", refusal.Code);
        Assert.True(task.Appeal!.IsPending);
    }

    [Fact]
    public void DecideAppeal_Twice_IsRefused()
    {
        var (work, task) = Appealed();
        SubmissionReview.DecideAppeal(task, work.Unit, OwnerId, AppealOutcome.Upheld, "理由", RejectedAt.AddDays(2));

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.DecideAppeal(task, work.Unit, OwnerId, AppealOutcome.Overturned, null, RejectedAt.AddDays(3)));

        Assert.Equal("appeal_not_pending", refusal.Code);
        Assert.Equal(ReviewStatus.Rejected, task.Status);
    }

    [Fact]
    public void DecideAppeal_WithoutAnAppeal_IsRefused()
    {
        var (work, task) = Rejected();

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.DecideAppeal(task, work.Unit, OwnerId, AppealOutcome.Overturned, null, RejectedAt.AddDays(1)));

        Assert.Equal("appeal_not_pending", refusal.Code);
        Assert.Equal(WorkUnitStatus.Available, work.Unit.Status);
    }

    [Fact]
    public void DecideAppeal_ByTheAppellant_IsRefused()
    {
        var (work, task) = Appealed();

        var refusal = Assert.Throws<DomainRuleException>(() => SubmissionReview.DecideAppeal(task, work.Unit, WorkerId, AppealOutcome.Overturned, null, RejectedAt.AddDays(2)));

        Assert.Equal("appeal_own_work", refusal.Code);
        Assert.Equal(WorkUnitStatus.Available, work.Unit.Status);
    }
}
