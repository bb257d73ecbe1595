using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Jobs;

public class JobLifecycleTests
{
    private static readonly DateTimeOffset At = TestJobs.Now.AddDays(1);

    /// <summary>The specification: which transition is allowed from which state, where it leads, and what it raises.</summary>
    private static readonly Dictionary<string, (JobStatus[] From, JobStatus To, Type Event, string RefusalCode, Action<Job> Act)> Transitions = new()
    {
        ["Publish"] = ([JobStatus.Draft], JobStatus.Open, typeof(JobPublished), "job_not_draft", j => j.Publish(At)),
        ["Contract"] = ([JobStatus.Open], JobStatus.Contracted, typeof(JobContracted), "job_not_open", j => j.Contract(TestJobs.AgentId, new Yen(50_000), At)),
        ["StartWork"] = ([JobStatus.Contracted], JobStatus.InProgress, typeof(JobWorkStarted), "job_not_contracted", j => j.StartWork(At)),
        ["Deliver"] = ([JobStatus.InProgress, JobStatus.RevisionRequested], JobStatus.Delivered, typeof(JobDelivered), "job_not_in_progress", j => j.Deliver(TestJobs.DeliverableFile, At)),
        ["Accept"] = ([JobStatus.Delivered], JobStatus.Accepted, typeof(JobAccepted), "job_not_delivered", j => j.Accept(At)),
        ["RequestRevision"] = ([JobStatus.Delivered], JobStatus.RevisionRequested, typeof(JobRevisionRequested), "job_not_delivered", j => j.RequestRevision("誤字が多い", At)),
        ["Close"] = ([JobStatus.Accepted], JobStatus.Closed, typeof(JobClosed), "job_not_accepted", j => j.Close(At)),
        ["Cancel"] = ([JobStatus.Draft, JobStatus.Open, JobStatus.Contracted], JobStatus.Cancelled, typeof(JobCancelled), "job_not_cancellable", j => j.Cancel("発注取り消し", At)),
    };

    public static TheoryData<JobStatus, string> AllowedTransitions()
    {
        var data = new TheoryData<JobStatus, string>();
        foreach (var (name, t) in Transitions)
        {
            foreach (var from in t.From)
            {
                data.Add(from, name);
            }
        }

        return data;
    }

    public static TheoryData<JobStatus, string> RefusedTransitions()
    {
        var data = new TheoryData<JobStatus, string>();
        foreach (var status in Enum.GetValues<JobStatus>())
        {
            foreach (var (name, t) in Transitions)
            {
                if (!t.From.Contains(status))
                {
                    data.Add(status, name);
                }
            }
        }

        return data;
    }

    [Fact]
    public void TransitionMatrix_CoversEveryStateAndTransition()
    {
        var cases = AllowedTransitions().Count() + RefusedTransitions().Count();
        Assert.Equal(Enum.GetValues<JobStatus>().Length * Transitions.Count, cases);
    }

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public void Transition_WhenAllowedFromState_MovesToTargetAndRaisesEvent(JobStatus from, string transition)
    {
        var job = TestJobs.InState(from);
        var eventsBefore = job.DomainEvents.Count;
        var t = Transitions[transition];

        t.Act(job);

        Assert.Equal(t.To, job.Status);
        Assert.Equal(eventsBefore + 1, job.DomainEvents.Count);
        var raised = job.DomainEvents[^1];
        Assert.IsType(t.Event, raised);
        Assert.Equal(At, raised.OccurredAt);
    }

    [Theory]
    [MemberData(nameof(RefusedTransitions))]
    public void Transition_WhenNotAllowedFromState_IsRefusedWithCodeAndChangesNothing(JobStatus from, string transition)
    {
        var job = TestJobs.InState(from);
        var eventsBefore = job.DomainEvents.Count;
        var t = Transitions[transition];

        var refusal = Assert.Throws<DomainRuleException>(() => t.Act(job));

        Assert.Equal(t.RefusalCode, refusal.Code);
        Assert.Equal(from, job.Status);
        Assert.Equal(eventsBefore, job.DomainEvents.Count);
    }

    [Fact]
    public void Publish_WhenDeadlineIsNotInTheFuture_IsRefused()
    {
        var job = TestJobs.Draft();

        var refusal = Assert.Throws<DomainRuleException>(() => job.Publish(TestJobs.Deadline));

        Assert.Equal("job_deadline_not_in_future", refusal.Code);
        Assert.Equal(JobStatus.Draft, job.Status);
    }

    [Fact]
    public void Publish_WhenJobHasNoInputFiles_IsRefused()
    {
        var job = TestJobs.Draft(inputs: []);

        var refusal = Assert.Throws<DomainRuleException>(() => job.Publish(TestJobs.Now));

        Assert.Equal("job_has_no_input", refusal.Code);
    }

    [Fact]
    public void Publish_WhenValid_RecordsPublicationTimeAndDeadlineInEvent()
    {
        var job = TestJobs.Draft();

        job.Publish(At);

        Assert.Equal(At, job.PublishedAt);
        var published = Assert.IsType<JobPublished>(job.DomainEvents[^1]);
        Assert.Equal(TestJobs.Deadline, published.Deadline);
    }

    [Fact]
    public void Contract_WhenDeadlineHasPassed_IsRefused()
    {
        var job = TestJobs.InState(JobStatus.Open);

        var refusal = Assert.Throws<DomainRuleException>(() => job.Contract(TestJobs.AgentId, new Yen(1_000), TestJobs.Deadline.AddMinutes(1)));

        Assert.Equal("job_deadline_passed", refusal.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Contract_WhenPriceIsNotPositive_IsRefused(long price)
    {
        var job = TestJobs.InState(JobStatus.Open);

        var refusal = Assert.Throws<DomainRuleException>(() => job.Contract(TestJobs.AgentId, new Yen(price), At));

        Assert.Equal("job_price_not_positive", refusal.Code);
    }

    [Fact]
    public void Contract_WhenAllowed_RecordsAgentAndPrice()
    {
        var job = TestJobs.InState(JobStatus.Open);

        job.Contract(TestJobs.AgentId, new Yen(88_000), At);

        Assert.Equal(TestJobs.AgentId, job.ContractedAgentId);
        Assert.Equal(new Yen(88_000), job.AgreedPrice);
        Assert.Equal(At, job.ContractedAt);
    }

    [Fact]
    public void Deliver_AfterRevision_StartsANewAcceptanceWindowAndCountsTheRound()
    {
        var job = TestJobs.InState(JobStatus.RevisionRequested);
        var firstDelivery = job.DeliveredAt;

        job.Deliver(TestJobs.DeliverableFile, At);

        Assert.NotEqual(firstDelivery, job.DeliveredAt);
        Assert.Equal(At, job.DeliveredAt);
        Assert.Equal(1, job.RevisionRounds);
        Assert.Equal(2, Assert.IsType<JobDelivered>(job.DomainEvents[^1]).Round);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void RequestRevision_WithoutReason_IsRefused(string reason)
    {
        var job = TestJobs.InState(JobStatus.Delivered);

        var refusal = Assert.Throws<UnprocessableInputException>(() => job.RequestRevision(reason, At));

        Assert.Equal("job_revision_reason_required", refusal.Code);
        Assert.Equal(JobStatus.Delivered, job.Status);
    }

    [Fact]
    public void Cancel_WithoutReason_IsRefused()
    {
        var job = TestJobs.InState(JobStatus.Open);

        var refusal = Assert.Throws<UnprocessableInputException>(() => job.Cancel(" ", At));

        Assert.Equal("job_cancellation_reason_required", refusal.Code);
        Assert.Equal(JobStatus.Open, job.Status);
    }

    [Fact]
    public void Cancel_FromContracted_RecordsWhereItWasCancelledFrom()
    {
        var job = TestJobs.InState(JobStatus.Contracted);

        job.Cancel("クライアント都合", At);

        var cancelled = Assert.IsType<JobCancelled>(job.DomainEvents[^1]);
        Assert.Equal(JobStatus.Contracted, cancelled.CancelledFrom);
        Assert.Equal("クライアント都合", job.CancellationReason);
    }
}
