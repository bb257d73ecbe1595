using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Tests.Units;

public class WorkUnitLifecycleTests
{
    private static readonly DateTimeOffset At = new(2025, 4, 2, 10, 0, 0, TimeSpan.FromHours(9));
    private static readonly JobId Job = new(Guid.Parse("0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"));
    private static readonly Guid Worker = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid OtherWorker = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid Assignment = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly Guid Reviewer = Guid.Parse("00000000-0000-0000-0000-0000000000c1");

    private static readonly Dictionary<string, (WorkUnitStatus[] From, WorkUnitStatus To, Type Event, string RefusalCode, Action<WorkUnit> Act)> Transitions = new()
    {
        ["MakeAvailable"] = ([WorkUnitStatus.Pending], WorkUnitStatus.Available, typeof(WorkUnitMadeAvailable), "unit_not_pending", u => u.MakeAvailable(At)),
        ["Assign"] = ([WorkUnitStatus.Available], WorkUnitStatus.Assigned, typeof(WorkUnitAssigned), "unit_not_available", u => u.Assign(OtherWorker, Guid.NewGuid(), At)),
        ["Release"] = ([WorkUnitStatus.Assigned, WorkUnitStatus.ReworkRequested], WorkUnitStatus.Available, typeof(WorkUnitReleased), "unit_not_assigned", u => u.Release(Assignment, "体調不良", At)),
        ["Submit"] = ([WorkUnitStatus.Assigned, WorkUnitStatus.ReworkRequested], WorkUnitStatus.Submitted, typeof(WorkUnitSubmitted), "unit_not_assigned", u => u.Submit(Assignment, At)),
        ["StartReview"] = ([WorkUnitStatus.Submitted], WorkUnitStatus.InReview, typeof(WorkUnitReviewStarted), "unit_not_submitted", u => u.StartReview(Reviewer, At)),
        ["Accept"] = ([WorkUnitStatus.Submitted, WorkUnitStatus.InReview], WorkUnitStatus.Accepted, typeof(WorkUnitAccepted), "unit_not_awaiting_review", u => u.Accept(At)),
        ["RequestRework"] = ([WorkUnitStatus.InReview], WorkUnitStatus.ReworkRequested, typeof(WorkUnitReworkRequested), "unit_not_in_review", u => u.RequestRework("話者名の誤り", At)),
        ["Reject"] = ([WorkUnitStatus.InReview], WorkUnitStatus.Available, typeof(WorkUnitRejected), "unit_not_in_review", u => u.Reject("大半が未入力", At)),
        ["Withdraw"] = ([WorkUnitStatus.Pending, WorkUnitStatus.Available], WorkUnitStatus.Withdrawn, typeof(WorkUnitWithdrawn), "unit_not_withdrawable", u => u.Withdraw(At)),
    };

    public static TheoryData<WorkUnitStatus, string> AllowedTransitions()
    {
        var data = new TheoryData<WorkUnitStatus, string>();
        foreach (var (name, t) in Transitions)
        {
            foreach (var from in t.From)
            {
                data.Add(from, name);
            }
        }

        return data;
    }

    public static TheoryData<WorkUnitStatus, string> RefusedTransitions()
    {
        var data = new TheoryData<WorkUnitStatus, string>();
        foreach (var status in Enum.GetValues<WorkUnitStatus>())
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

    internal static WorkUnit NewUnit(int sequence = 1) =>
        WorkUnit.ForTranscription(Job, sequence, new TranscriptionSegment(FileId.Of("audio"u8), 0, 305_000), TranscriptionStyle.Verbatim);

    internal static WorkUnit InState(WorkUnitStatus status)
    {
        var unit = NewUnit();
        if (status == WorkUnitStatus.Pending)
        {
            return unit;
        }

        if (status == WorkUnitStatus.Withdrawn)
        {
            unit.Withdraw(At);
            return unit;
        }

        unit.MakeAvailable(At);
        if (status == WorkUnitStatus.Available)
        {
            return unit;
        }

        unit.Assign(Worker, Assignment, At);
        if (status == WorkUnitStatus.Assigned)
        {
            return unit;
        }

        unit.Submit(Assignment, At);
        if (status == WorkUnitStatus.Submitted)
        {
            return unit;
        }

        unit.StartReview(Reviewer, At);
        switch (status)
        {
            case WorkUnitStatus.ReworkRequested: unit.RequestRework("句読点", At); break;
            case WorkUnitStatus.Accepted: unit.Accept(At); break;
        }

        Assert.Equal(status, unit.Status);
        return unit;
    }

    [Fact]
    public void TransitionMatrix_CoversEveryStateAndTransition()
    {
        Assert.Equal(
            Enum.GetValues<WorkUnitStatus>().Length * Transitions.Count,
            AllowedTransitions().Count() + RefusedTransitions().Count());
    }

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public void Transition_WhenAllowedFromState_MovesToTargetAndRaisesEvent(WorkUnitStatus from, string transition)
    {
        var unit = InState(from);
        var before = unit.DomainEvents.Count;
        var t = Transitions[transition];

        t.Act(unit);

        Assert.Equal(t.To, unit.Status);
        Assert.Equal(before + 1, unit.DomainEvents.Count);
        Assert.IsType(t.Event, unit.DomainEvents[^1]);
    }

    [Theory]
    [MemberData(nameof(RefusedTransitions))]
    public void Transition_WhenNotAllowedFromState_IsRefusedWithCodeAndChangesNothing(WorkUnitStatus from, string transition)
    {
        var unit = InState(from);
        var before = unit.DomainEvents.Count;
        var t = Transitions[transition];

        var refusal = Assert.Throws<DomainRuleException>(() => t.Act(unit));

        Assert.Equal(t.RefusalCode, refusal.Code);
        Assert.Equal(from, unit.Status);
        Assert.Equal(before, unit.DomainEvents.Count);
    }

    [Theory]
    [InlineData(WorkUnitStatus.Assigned)]
    [InlineData(WorkUnitStatus.ReworkRequested)]
    public void Submit_WithAnotherAssignmentId_IsRefusedAsLostLease(WorkUnitStatus status)
    {
        var unit = InState(status);

        var refusal = Assert.Throws<DomainRuleException>(() => unit.Submit(Guid.NewGuid(), At));

        Assert.Equal("unit_assignment_mismatch", refusal.Code);
        Assert.Equal(status, unit.Status);
    }

    [Fact]
    public void Release_WithAnotherAssignmentId_IsRefused()
    {
        var unit = InState(WorkUnitStatus.Assigned);

        var refusal = Assert.Throws<DomainRuleException>(() => unit.Release(Guid.NewGuid(), "理由", At));

        Assert.Equal("unit_assignment_mismatch", refusal.Code);
    }

    [Fact]
    public void RequestRework_AfterTwoRounds_IsRefused()
    {
        var unit = InState(WorkUnitStatus.ReworkRequested);
        unit.Submit(Assignment, At);
        unit.StartReview(Reviewer, At);
        unit.RequestRework("2回目", At);
        unit.Submit(Assignment, At);
        unit.StartReview(Reviewer, At);

        var refusal = Assert.Throws<DomainRuleException>(() => unit.RequestRework("3回目", At));

        Assert.Equal("unit_rework_limit_reached", refusal.Code);
        Assert.Equal(2, unit.ReworkRounds);
        Assert.Equal(WorkUnitStatus.InReview, unit.Status);
    }

    [Fact]
    public void Reject_ReturnsTheUnitToThePoolForAnotherWorker()
    {
        var unit = InState(WorkUnitStatus.InReview);

        unit.Reject("指示と違う形式", At);

        Assert.Equal(WorkUnitStatus.Available, unit.Status);
        Assert.Null(unit.WorkerId);
        Assert.Null(unit.AssignmentId);
        Assert.Equal(1, unit.Rejections);
        Assert.Equal("指示と違う形式", unit.LastReason);
        var rejected = Assert.IsType<WorkUnitRejected>(unit.DomainEvents[^1]);
        Assert.Equal(Worker, rejected.WorkerId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Reject_WithoutReason_IsRefused(string reason)
    {
        var unit = InState(WorkUnitStatus.InReview);

        var refusal = Assert.Throws<UnprocessableInputException>(() => unit.Reject(reason, At));

        Assert.Equal("unit_rejection_reason_required", refusal.Code);
        Assert.Equal(WorkUnitStatus.InReview, unit.Status);
    }

    [Fact]
    public void StartReview_ByTheWorkerWhoDidTheUnit_IsRefused()
    {
        var unit = InState(WorkUnitStatus.Submitted);

        var refusal = Assert.Throws<DomainRuleException>(() => unit.StartReview(Worker, At));

        Assert.Equal("unit_reviewer_is_worker", refusal.Code);
    }

    [Fact]
    public void Assign_WhenTwinWasKeyedBySameWorker_IsRefused()
    {
        var slice1 = new DataEntrySlice(FileId.Of("csv"u8), 0, 1, [0, 1], ["氏名"]);
        var slice2 = new DataEntrySlice(FileId.Of("csv"u8), 0, 2, [0, 1], ["氏名"]);
        var round1 = WorkUnit.ForDataEntry(Job, 1, slice1, WorkUnitId.For(Job, 2));
        var round2 = WorkUnit.ForDataEntry(Job, 2, slice2, WorkUnitId.For(Job, 1));
        round1.MakeAvailable(At);
        round2.MakeAvailable(At);
        round1.Assign(Worker, Assignment, At, round2);

        var refusal = Assert.Throws<DomainRuleException>(() => round2.Assign(Worker, Guid.NewGuid(), At, round1));

        Assert.Equal("unit_twin_same_worker", refusal.Code);
        round2.Assign(OtherWorker, Guid.NewGuid(), At, round1);
        Assert.Equal(OtherWorker, round2.WorkerId);
    }

    [Fact]
    public void Assign_WhenUnitHasTwinButNoneGiven_Throws()
    {
        var round1 = WorkUnit.ForDataEntry(Job, 1, new DataEntrySlice(FileId.Of("csv"u8), 0, 1, [0], ["氏名"]), WorkUnitId.For(Job, 2));
        round1.MakeAvailable(At);

        Assert.Throws<ArgumentNullException>(() => round1.Assign(Worker, Assignment, At));
    }

    [Fact]
    public void WorkUnitId_For_IsStablePerJobAndSequenceAndDistinctOtherwise()
    {
        Assert.Equal(WorkUnitId.For(Job, 7), WorkUnitId.For(Job, 7));
        Assert.NotEqual(WorkUnitId.For(Job, 7), WorkUnitId.For(Job, 8));
        Assert.NotEqual(WorkUnitId.For(Job, 7), WorkUnitId.For(JobId.New(), 7));
        Assert.Equal(8, WorkUnitId.For(Job, 7).Value.Version);
    }

    [Theory]
    [InlineData(TranscriptionStyle.Verbatim, 305_000, 21)]
    [InlineData(TranscriptionStyle.CleanVerbatim, 305_000, 26)]
    [InlineData(TranscriptionStyle.Edited, 60_000, 6)]
    public void ForTranscription_EstimatesWorkFromAudioLengthAndStyle(TranscriptionStyle style, long ms, int minutes)
    {
        var unit = WorkUnit.ForTranscription(Job, 1, new TranscriptionSegment(FileId.Of("a"u8), 0, ms), style);

        Assert.Equal(minutes, unit.EstimatedMinutes);
    }
}
