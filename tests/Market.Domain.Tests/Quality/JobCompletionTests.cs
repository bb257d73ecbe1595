using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Quality;
using Market.Domain.Tests.Support;
using Market.Domain.Units;

namespace Market.Domain.Tests.Quality;

public class JobCompletionTests
{
    private static readonly DateTimeOffset DoneAt = AgentLayer.WorkStarts.AddDays(3);

    private static (Job Job, List<WorkUnit> Units) InProgress(int units = 3)
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, JobType.Transcription);
        return (job, Enumerable.Range(1, units).Select(n => AgentLayer.Unit(job, n)).ToList());
    }

    private static void AcceptAll(IEnumerable<WorkUnit> units)
    {
        foreach (var unit in units.Where(u => u.Status == WorkUnitStatus.Available))
        {
            var assignment = Guid.NewGuid();
            unit.Assign(AgentLayer.WorkerUserId(unit.Sequence), assignment, DoneAt.AddHours(-2));
            unit.Submit(assignment, DoneAt.AddHours(-1));
            unit.Accept(DoneAt);
        }
    }

    private static Job Delivered(out List<WorkUnit> units)
    {
        (var job, units) = InProgress();
        AcceptAll(units);
        JobCompletion.Deliver(job, units, 0, TestJobs.DeliverableFile, DoneAt);
        return job;
    }

    [Fact]
    public void Evaluate_WithUnitsOutstanding_IsNotReadyAndListsThem()
    {
        var (job, units) = InProgress();
        AcceptAll(units.Take(1));

        var status = JobCompletion.Evaluate(job, units);

        Assert.False(status.IsReadyForFinalCheck);
        Assert.Equal((3, 1), (status.PlannedUnits, status.AcceptedUnits));
        Assert.Equal([units[1].Id, units[2].Id], status.Outstanding);
    }

    [Fact]
    public void Evaluate_WhenEveryPlannedUnitIsAccepted_IsReadyForTheAgentsFinalCheck()
    {
        var (job, units) = InProgress(4);
        units[3].Withdraw(DoneAt);
        AcceptAll(units);

        var status = JobCompletion.Evaluate(job, units);

        Assert.True(status.IsReadyForFinalCheck);
        Assert.Equal((3, 3), (status.PlannedUnits, status.AcceptedUnits));
    }

    [Fact]
    public void Evaluate_WithAnAdjudicationOpen_IsNotReady()
    {
        var (job, units) = InProgress();
        AcceptAll(units);

        Assert.False(JobCompletion.Evaluate(job, units, openAdjudications: 1).IsReadyForFinalCheck);
    }

    [Fact]
    public void Deliver_WhenReady_DeliversTheJob()
    {
        var job = Delivered(out _);

        Assert.Equal(JobStatus.Delivered, job.Status);
        Assert.Equal(DoneAt, job.DeliveredAt);
    }

    [Fact]
    public void Deliver_WithUnitsOutstandingOrInDispute_IsRefused()
    {
        var (job, units) = InProgress();
        AcceptAll(units.Take(2));

        var outstanding = Assert.Throws<DomainRuleException>(() => JobCompletion.Deliver(job, units, 0, TestJobs.DeliverableFile, DoneAt));
        AcceptAll(units);
        var disputed = Assert.Throws<DomainRuleException>(() => JobCompletion.Deliver(job, units, 2, TestJobs.DeliverableFile, DoneAt));
        var empty = Assert.Throws<DomainRuleException>(() => JobCompletion.Deliver(job, [], 0, TestJobs.DeliverableFile, DoneAt));

        Assert.Equal("job_units_not_all_accepted", outstanding.Code);
        Assert.Equal("job_adjudication_open", disputed.Code);
        Assert.Equal("job_has_no_units", empty.Code);
        Assert.Equal(JobStatus.InProgress, job.Status);
    }

    [Fact]
    public void ClientAutoAccept_OneTickBefore14Days_IsNotDueAndIsRefused()
    {
        var job = Delivered(out _);
        var justBefore = DoneAt.AddDays(14).AddTicks(-1);

        Assert.Equal(DoneAt.AddDays(14), ClientAutoAccept.DueAt(job));
        Assert.False(ClientAutoAccept.IsDue(job, justBefore));
        var refusal = Assert.Throws<DomainRuleException>(() => ClientAutoAccept.AcceptIfDue(job, justBefore));
        Assert.Equal("job_client_window_open", refusal.Code);
        Assert.Equal(JobStatus.Delivered, job.Status);
    }

    [Fact]
    public void ClientAutoAccept_AtExactly14Days_AcceptsTheJob()
    {
        var job = Delivered(out _);

        Assert.True(ClientAutoAccept.IsDue(job, DoneAt.AddDays(14)));
        ClientAutoAccept.AcceptIfDue(job, DoneAt.AddDays(14));

        Assert.Equal(JobStatus.Accepted, job.Status);
        Assert.Null(ClientAutoAccept.DueAt(job));
    }

    [Fact]
    public void ClientAutoAccept_OnAJobNotDelivered_IsNeverDue()
    {
        var (job, _) = InProgress();

        Assert.False(ClientAutoAccept.IsDue(job, DoneAt.AddYears(1)));
        var refusal = Assert.Throws<DomainRuleException>(() => ClientAutoAccept.AcceptIfDue(job, DoneAt.AddYears(1)));
        Assert.Equal("job_not_delivered", refusal.Code);
    }

    [Fact]
    public void RequestRevision_WithCommentsPinnedToUnits_SendsTheJobBackWithThemInTheReason()
    {
        var job = Delivered(out var units);
        var request = RevisionRequest.Create(job, units, "話者名の表記を統一してください", [(units[2].Id, "「会長」を「山田会長」に"), (units[0].Id, "冒頭の挨拶が抜けています")]);

        ClientReview.RequestRevision(job, request, DoneAt.AddDays(2));

        Assert.Equal(JobStatus.RevisionRequested, job.Status);
        Assert.Equal([1, 3], request.UnitComments.Select(c => c.Sequence));
        var revision = Assert.IsType<JobRevisionRequested>(job.DomainEvents[^1]);
        Assert.Equal("話者名の表記を統一してください\n#1: 冒頭の挨拶が抜けています\n#3: 「会長」を「山田会長」に", revision.Reason);
        Assert.Equal(1, revision.Round);
    }

    [Fact]
    public void RequestRevision_AfterThe14DayWindow_IsRefused()
    {
        var job = Delivered(out var units);
        var request = RevisionRequest.Create(job, units, "直してください", []);

        var refusal = Assert.Throws<DomainRuleException>(() => ClientReview.RequestRevision(job, request, DoneAt.AddDays(14)));

        Assert.Equal("job_client_window_closed", refusal.Code);
        Assert.Equal(JobStatus.Delivered, job.Status);
    }

    [Fact]
    public void RequestRevision_OnAJobNotDelivered_IsRefused()
    {
        var (job, units) = InProgress();
        var request = RevisionRequest.Create(job, units, "直してください", []);

        var refusal = Assert.Throws<DomainRuleException>(() => ClientReview.RequestRevision(job, request, DoneAt));

        Assert.Equal("job_not_delivered", refusal.Code);
    }

    [Fact]
    public void RevisionRequest_PinnedToAForeignOrRepeatedUnitOrWithoutText_IsRefused()
    {
        var job = Delivered(out var units);
        var foreign = WorkUnitId.For(new JobId(Guid.NewGuid()), 1);

        var unknown = Assert.Throws<UnprocessableInputException>(() => RevisionRequest.Create(job, units, "直して", [(foreign, "ここ")]));
        var twice = Assert.Throws<UnprocessableInputException>(() => RevisionRequest.Create(job, units, "直して", [(units[0].Id, "a"), (units[0].Id, "b")]));
        var blank = Assert.Throws<UnprocessableInputException>(() => RevisionRequest.Create(job, units, "直して", [(units[0].Id, " ")]));
        var noSummary = Assert.Throws<UnprocessableInputException>(() => RevisionRequest.Create(job, units, "\u3000", [(units[0].Id, "a")]));

        Assert.Equal("revision_unit_unknown", unknown.Code);
        Assert.Equal("revision_unit_duplicate", twice.Code);
        Assert.Equal("revision_comment_required", blank.Code);
        Assert.Equal("job_revision_reason_required", noSummary.Code);
    }
}
