using Market.Domain.Assignments;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tests.Support;
using Market.Domain.Units;
using Market.Domain.Workers;

namespace Market.Domain.Tests.Assignments;

public class AssignmentLeaseTests
{
    /// <summary>Assignment time; a web-edit unit is estimated at 30 minutes, so its lease runs 60.</summary>
    private static readonly DateTimeOffset T0 = AgentLayer.WorkStarts;

    private static readonly Guid WorkerId = AgentLayer.WorkerUserId(1);

    private sealed record Setup(Job Job, WorkUnit Unit, Assignment Assignment);

    private static Setup Assigned(JobType type = JobType.WebEdit, AssignedBy by = AssignedBy.Coordinator)
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, type);
        var unit = type == JobType.DataEntry ? AgentLayer.Twins(job).Round1 : AgentLayer.Unit(job);
        var twin = type == JobType.DataEntry ? AgentLayer.Twins(job).Round2 : null;
        var assignment = Assign(job, unit, twin, AgentLayer.Worker(WorkerId), by, T0);
        return new Setup(job, unit, assignment);
    }

    private static Assignment Assign(Job job, WorkUnit unit, WorkUnit? twin, WorkerProfile worker, AssignedBy by, DateTimeOffset at) =>
        UnitAssignment.Assign(
            AssignmentId.New(),
            job,
            [],
            unit,
            twin,
            AgentLayer.Candidate(worker),
            AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId),
            by,
            at);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(15, 30)]
    [InlineData(16, 32)]
    [InlineData(21, 42)]
    [InlineData(30, 60)]
    public void LeaseLengthFor_IsTwiceTheEstimateButAtLeastHalfAnHour(int estimatedMinutes, int leaseMinutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(leaseMinutes), Assignment.LeaseLengthFor(estimatedMinutes));
    }

    [Theory]
    [InlineData(AssignedBy.Coordinator)]
    [InlineData(AssignedBy.AutoAssign)]
    [InlineData(AssignedBy.Claim)]
    public void Assign_WhenEligible_StartsALeaseOfTwiceTheEstimateAndAssignsTheUnitToIt(AssignedBy by)
    {
        var (_, unit, assignment) = Assigned(by: by);

        Assert.Equal(AssignmentStatus.Active, assignment.Status);
        Assert.Equal(by, assignment.AssignedBy);
        Assert.Equal(T0.AddMinutes(60), assignment.ExpiresAt);
        Assert.Equal((unit.Id, unit.JobId, WorkerId, AgentLayer.LeadAgentId), (assignment.UnitId, assignment.JobId, assignment.WorkerId, assignment.AgentId));
        Assert.Equal(WorkUnitStatus.Assigned, unit.Status);
        Assert.Equal(assignment.Id.Value, unit.AssignmentId);
        Assert.Equal(WorkerId, unit.WorkerId);
        Assert.Equal(
            new UnitAssigned(assignment.Id, unit.Id, unit.JobId, WorkerId, AgentLayer.LeadAgentId, by, T0.AddMinutes(60), T0),
            Assert.Single(assignment.DomainEvents));
        Assert.IsType<WorkUnitAssigned>(Assert.Single(unit.DomainEvents));
    }

    [Fact]
    public void Assign_AShortDataEntryUnit_GetsTheMinimumLease()
    {
        var (_, unit, assignment) = Assigned(JobType.DataEntry);

        Assert.Equal(1, unit.EstimatedMinutes);
        Assert.Equal(T0.AddMinutes(Assignment.MinLeaseMinutes), assignment.ExpiresAt);
    }

    [Fact]
    public void IsLive_UpToButNotAtTheExpiry()
    {
        var assignment = Assigned().Assignment;

        Assert.True(assignment.IsLive(T0.AddMinutes(60).AddTicks(-1)));
        Assert.False(assignment.IsLive(T0.AddMinutes(60)));
    }

    [Fact]
    public void Renew_WhileLive_ExtendsToNowPlusTheLeaseLength()
    {
        var assignment = Assigned().Assignment;

        assignment.Renew(T0.AddMinutes(50));

        Assert.Equal(T0.AddMinutes(110), assignment.ExpiresAt);
        Assert.Equal(T0.AddMinutes(50), assignment.LastActivityAt);
        Assert.True(assignment.IsLive(T0.AddMinutes(100)));
    }

    [Fact]
    public void Renew_AtTheExpiry_IsRefusedAndDoesNotRevive()
    {
        var assignment = Assigned().Assignment;

        var refusal = Assert.Throws<DomainRuleException>(() => assignment.Renew(T0.AddMinutes(60)));

        Assert.Equal("assignment_lease_expired", refusal.Code);
        Assert.Equal(T0.AddMinutes(60), assignment.ExpiresAt);
    }

    [Fact]
    public void Renew_AfterSubmission_IsRefused()
    {
        var (_, unit, assignment) = Assigned();
        UnitAssignment.Submit(unit, assignment, assignment.Id, T0.AddMinutes(30));

        var refusal = Assert.Throws<DomainRuleException>(() => assignment.Renew(T0.AddMinutes(31)));

        Assert.Equal("assignment_not_active", refusal.Code);
    }

    [Fact]
    public void RecordActivity_WithTheAssignmentId_RenewsTheLease()
    {
        var assignment = Assigned().Assignment;

        assignment.RecordActivity(assignment.Id, T0.AddMinutes(59));

        Assert.Equal(T0.AddMinutes(119), assignment.ExpiresAt);
    }

    [Fact]
    public void RecordActivity_WithAnotherAssignmentId_IsRefusedAndDoesNotRenew()
    {
        var assignment = Assigned().Assignment;

        var refusal = Assert.Throws<DomainRuleException>(() => assignment.RecordActivity(AssignmentId.New(), T0.AddMinutes(10)));

        Assert.Equal("assignment_mismatch", refusal.Code);
        Assert.Equal(T0.AddMinutes(60), assignment.ExpiresAt);
    }

    [Fact]
    public void ExpireLease_BeforeTheExpiry_IsRefusedAndTheWorkerKeepsTheUnit()
    {
        var (_, unit, assignment) = Assigned();

        var refusal = Assert.Throws<DomainRuleException>(() => UnitAssignment.ExpireLease(unit, assignment, T0.AddMinutes(60).AddTicks(-1)));

        Assert.Equal("assignment_lease_not_expired", refusal.Code);
        Assert.Equal(AssignmentStatus.Active, assignment.Status);
        Assert.Equal(WorkUnitStatus.Assigned, unit.Status);
    }

    [Fact]
    public void ExpireLease_AtTheExpiry_ReturnsTheUnitToThePoolAndRaisesLeaseExpired()
    {
        var (_, unit, assignment) = Assigned();
        var reapedAt = T0.AddMinutes(61);

        UnitAssignment.ExpireLease(unit, assignment, reapedAt);

        Assert.Equal(AssignmentStatus.Expired, assignment.Status);
        Assert.Equal(reapedAt, assignment.EndedAt);
        Assert.Equal(new LeaseExpired(assignment.Id, unit.Id, WorkerId, T0.AddMinutes(60), reapedAt), assignment.DomainEvents[^1]);
        Assert.Equal(WorkUnitStatus.Available, unit.Status);
        Assert.Null(unit.WorkerId);
        Assert.Null(unit.AssignmentId);
        Assert.Equal(Assignment.LeaseExpiredReason, unit.LastReason);
    }

    [Fact]
    public void ExpireLease_AfterARenewal_WaitsForTheRenewedExpiry()
    {
        var (_, unit, assignment) = Assigned();
        assignment.Renew(T0.AddMinutes(50));

        Assert.Throws<DomainRuleException>(() => UnitAssignment.ExpireLease(unit, assignment, T0.AddMinutes(70)));
        UnitAssignment.ExpireLease(unit, assignment, T0.AddMinutes(110));

        Assert.Equal(AssignmentStatus.Expired, assignment.Status);
    }

    [Fact]
    public void ExpireLease_Twice_IsRefusedTheSecondTime()
    {
        var (_, unit, assignment) = Assigned();
        UnitAssignment.ExpireLease(unit, assignment, T0.AddMinutes(60));

        var refusal = Assert.Throws<DomainRuleException>(() => UnitAssignment.ExpireLease(unit, assignment, T0.AddMinutes(61)));

        Assert.Equal("assignment_not_active", refusal.Code);
    }

    [Fact]
    public void Submit_WithinTheLease_SubmitsTheUnitAndEndsTheAssignment()
    {
        var (_, unit, assignment) = Assigned();

        UnitAssignment.Submit(unit, assignment, assignment.Id, T0.AddMinutes(59));

        Assert.Equal(AssignmentStatus.Submitted, assignment.Status);
        Assert.Equal(WorkUnitStatus.Submitted, unit.Status);
        Assert.IsType<AssignmentSubmitted>(assignment.DomainEvents[^1]);
    }

    [Fact]
    public void Submit_AfterTheLeaseLapsedButBeforeTheReaper_IsRefusedAsExpiredAndTheUnitIsUntouched()
    {
        var (_, unit, assignment) = Assigned();

        var refusal = Assert.Throws<DomainRuleException>(() => UnitAssignment.Submit(unit, assignment, assignment.Id, T0.AddMinutes(60)));

        Assert.Equal("assignment_lease_expired", refusal.Code);
        Assert.Equal(WorkUnitStatus.Assigned, unit.Status);
        Assert.Equal(AssignmentStatus.Active, assignment.Status);
    }

    [Fact]
    public void Submit_AfterTheReaperReturnedTheUnit_IsRefusedAsExpired()
    {
        var (_, unit, assignment) = Assigned();
        UnitAssignment.ExpireLease(unit, assignment, T0.AddMinutes(61));

        var refusal = Assert.Throws<DomainRuleException>(() => UnitAssignment.Submit(unit, assignment, assignment.Id, T0.AddMinutes(62)));

        Assert.Equal("assignment_lease_expired", refusal.Code);
        Assert.Equal(WorkUnitStatus.Available, unit.Status);
    }

    [Fact]
    public void Submit_WithTheLostAssignmentIdAfterReassignment_IsRefusedAsMismatch()
    {
        var (job, unit, lost) = Assigned();
        UnitAssignment.Revoke(unit, lost, "担当替え", T0.AddMinutes(10));
        var current = Assign(job, unit, null, AgentLayer.Worker(AgentLayer.WorkerUserId(2)), AssignedBy.Coordinator, T0.AddMinutes(11));

        var refusal = Assert.Throws<DomainRuleException>(() => UnitAssignment.Submit(unit, current, lost.Id, T0.AddMinutes(12)));

        Assert.Equal("assignment_mismatch", refusal.Code);
        Assert.Equal(WorkUnitStatus.Assigned, unit.Status);
        Assert.Equal(AssignmentStatus.Active, current.Status);
    }

    [Fact]
    public void Submit_WithTheRevokedAssignmentItself_IsRefusedAsNotActive()
    {
        var (_, unit, assignment) = Assigned();
        UnitAssignment.Revoke(unit, assignment, "ワーカー停止", T0.AddMinutes(10));

        var refusal = Assert.Throws<DomainRuleException>(() => assignment.EnsureCanSubmit(assignment.Id, T0.AddMinutes(11)));

        Assert.Equal("assignment_not_active", refusal.Code);
    }

    [Fact]
    public void Release_WithReason_ReturnsTheUnitAndEndsTheAssignment()
    {
        var (_, unit, assignment) = Assigned();

        UnitAssignment.Release(unit, assignment, "回線が不安定で作業できない", T0.AddMinutes(5));

        Assert.Equal(AssignmentStatus.Released, assignment.Status);
        Assert.Equal("回線が不安定で作業できない", assignment.EndReason);
        Assert.Equal(WorkUnitStatus.Available, unit.Status);
        Assert.IsType<AssignmentReleased>(assignment.DomainEvents[^1]);
    }

    [Fact]
    public void Release_WithoutReason_IsRefusedAndChangesNeither()
    {
        var (_, unit, assignment) = Assigned();

        var refusal = Assert.Throws<UnprocessableInputException>(() => UnitAssignment.Release(unit, assignment, " ", T0.AddMinutes(5)));

        Assert.Equal("unit_release_reason_required", refusal.Code);
        Assert.Equal(AssignmentStatus.Active, assignment.Status);
        Assert.Equal(WorkUnitStatus.Assigned, unit.Status);
    }

    [Fact]
    public void Revoke_ThenAssignAgain_LeavesExactlyOneActiveAssignment()
    {
        var (job, unit, first) = Assigned();

        UnitAssignment.Revoke(unit, first, "担当替え", T0.AddMinutes(10));
        var second = Assign(job, unit, null, AgentLayer.Worker(AgentLayer.WorkerUserId(2)), AssignedBy.Coordinator, T0.AddMinutes(11));

        Assert.Equal(AssignmentStatus.Revoked, first.Status);
        Assert.IsType<AssignmentRevoked>(first.DomainEvents[^1]);
        Assert.Equal(AssignmentStatus.Active, second.Status);
        Assert.Equal(second.Id.Value, unit.AssignmentId);
    }

    [Fact]
    public void RequestRework_ReopensTheAssignmentWithAFreshLeaseForTheSameWorker()
    {
        var (_, unit, assignment) = Assigned();
        UnitAssignment.Submit(unit, assignment, assignment.Id, T0.AddMinutes(40));
        unit.StartReview(Guid.NewGuid(), T0.AddHours(3));

        UnitAssignment.RequestRework(unit, assignment, "見出しの表記ゆれ", T0.AddHours(4));

        Assert.Equal(AssignmentStatus.Active, assignment.Status);
        Assert.Equal(T0.AddHours(4).AddMinutes(60), assignment.ExpiresAt);
        Assert.Equal(WorkUnitStatus.ReworkRequested, unit.Status);
        UnitAssignment.Submit(unit, assignment, assignment.Id, T0.AddHours(4).AddMinutes(30));
        Assert.Equal(WorkUnitStatus.Submitted, unit.Status);
    }

    [Fact]
    public void GrantsContentAccessTo_OnlyTheHolderWhileTheLeaseIsLive()
    {
        var assignment = Assigned().Assignment;

        Assert.True(assignment.GrantsContentAccessTo(WorkerId, T0.AddMinutes(59)));
        Assert.False(assignment.GrantsContentAccessTo(AgentLayer.WorkerUserId(2), T0.AddMinutes(59)));
        Assert.False(assignment.GrantsContentAccessTo(WorkerId, T0.AddMinutes(60)));
    }
}
