using Market.Domain.Assignments;
using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using Market.Domain.Tenancy;
using Market.Domain.Tests.Subcontracting;
using Market.Domain.Tests.Support;
using Market.Domain.Units;
using Market.Domain.Workers;

namespace Market.Domain.Tests.Assignments;

public class WorkerEligibilityTests
{
    private static readonly DateTimeOffset At = AgentLayer.WorkStarts;

    private static IReadOnlyList<string> Evaluate(
        WorkerProfile worker,
        Job? job = null,
        int activeUnits = 0,
        IReadOnlySet<string>? certifications = null)
    {
        job ??= AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        return AgentLayer.Codes(WorkerEligibility.Evaluate(worker, AgentLayer.Unit(job), job, activeUnits, certifications ?? AgentLayer.Certified));
    }

    [Fact]
    public void Evaluate_WhenEveryRuleHolds_HasNoRefusals()
    {
        Assert.Empty(Evaluate(AgentLayer.Worker(AgentLayer.WorkerUserId(1))));
    }

    [Fact]
    public void Evaluate_WhenSuspended_RefusesNotActive()
    {
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1));
        worker.Suspend("調査中", At);

        Assert.Equal([WorkerEligibility.NotActive], Evaluate(worker));
    }

    [Fact]
    public void Evaluate_WhenLeft_RefusesNotActive()
    {
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1));
        worker.Leave(At);

        Assert.Equal(["worker_not_active"], Evaluate(worker));
    }

    [Fact]
    public void Evaluate_WhenTheJobTypeIsNotASkill_RefusesLacksSkill()
    {
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1), skills: [JobType.Transcription]);

        Assert.Equal(["worker_lacks_skill"], Evaluate(worker));
    }

    [Theory]
    [InlineData(WorkerTier.Trial, ConfidentialityLevel.Confidential, false)]
    [InlineData(WorkerTier.B, ConfidentialityLevel.Confidential, false)]
    [InlineData(WorkerTier.A, ConfidentialityLevel.Confidential, true)]
    [InlineData(WorkerTier.A, ConfidentialityLevel.PersonalData, false)]
    [InlineData(WorkerTier.S, ConfidentialityLevel.PersonalData, true)]
    [InlineData(WorkerTier.Trial, ConfidentialityLevel.Standard, true)]
    public void Evaluate_ByTierAndConfidentiality_RefusesTooLowTiers(WorkerTier tier, ConfidentialityLevel level, bool eligible)
    {
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1), tier: tier);
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, JobType.WebEdit, level);

        Assert.Equal(eligible ? [] : ["worker_tier_too_low_for_confidentiality"], Evaluate(worker, job));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    public void Evaluate_AtTheWorkersConcurrentUnitLimit_RefusesAtCapacity(int activeUnits, bool eligible)
    {
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1), maxConcurrentUnits: 2);

        Assert.Equal(eligible ? [] : ["worker_at_capacity"], Evaluate(worker, activeUnits: activeUnits));
    }

    [Fact]
    public void Evaluate_WithoutAValidConfidentialityCertification_RefusesCertificationMissing()
    {
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1));
        var otherOnly = new HashSet<string> { CertificationCodes.WebEditing };

        Assert.Equal(["worker_certification_missing"], Evaluate(worker, certifications: otherOnly));
        Assert.Equal(["worker_certification_missing"], Evaluate(worker, certifications: AgentLayer.Uncertified));
    }

    [Fact]
    public void Evaluate_WhenEveryRuleIsBroken_ListsEveryRefusalInRuleOrder()
    {
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1), tier: WorkerTier.Trial, skills: [], maxConcurrentUnits: 1);
        worker.Suspend("調査中", At);
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, JobType.WebEdit, ConfidentialityLevel.Confidential);

        Assert.Equal(
            ["worker_not_active", "worker_lacks_skill", "worker_tier_too_low_for_confidentiality", "worker_at_capacity", "worker_certification_missing"],
            Evaluate(worker, job, activeUnits: 1, certifications: AgentLayer.Uncertified));
    }

    [Fact]
    public void Evaluate_ForTheSecondRoundOfRecordsTheWorkerKeyed_RefusesAlreadyKeyedTwin()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, JobType.DataEntry);
        var (round1, round2) = AgentLayer.Twins(job);
        var keyer = AgentLayer.Worker(AgentLayer.WorkerUserId(1));
        UnitAssignment.Assign(AssignmentId.New(), job, [], round1, round2, AgentLayer.Candidate(keyer), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId), AssignedBy.Claim, At);

        var forKeyer = WorkerEligibility.Evaluate(AgentLayer.Candidate(keyer, activeUnits: 1), round2, job, round1);
        var forAnother = WorkerEligibility.Evaluate(AgentLayer.Candidate(AgentLayer.Worker(AgentLayer.WorkerUserId(2))), round2, job, round1);

        Assert.Equal(["worker_already_keyed_twin"], AgentLayer.Codes(forKeyer));
        Assert.Empty(forAnother);
    }

    [Fact]
    public void Evaluate_ForADoubleKeyedUnitWithoutItsTwin_IsAProgrammingError()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, JobType.DataEntry);
        var (round1, _) = AgentLayer.Twins(job);

        Assert.Throws<ArgumentException>(() => WorkerEligibility.Evaluate(AgentLayer.Candidate(AgentLayer.Worker(AgentLayer.WorkerUserId(1))), round1, job));
    }
}

public class UnitAssignmentRefusalTests
{
    private static readonly DateTimeOffset At = AgentLayer.WorkStarts;

    private static Assignment Assign(Job job, IReadOnlyCollection<Subcontract> subcontracts, WorkUnit unit, WorkUnit? twin, WorkerProfile worker, Agent agent) =>
        UnitAssignment.Assign(AssignmentId.New(), job, subcontracts, unit, twin, AgentLayer.Candidate(worker), agent, AssignedBy.Coordinator, At);

    [Fact]
    public void Assign_ToASuspendedWorker_IsRefusedWithTheRuleAndLeavesTheUnitInThePool()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        var unit = AgentLayer.Unit(job);
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1));
        worker.Suspend("調査中", At.AddHours(-1));

        var refusal = Assert.Throws<EligibilityException>(
            () => Assign(job, [], unit, null, worker, AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId)));

        Assert.Equal("worker_not_active", refusal.Code);
        Assert.Equal(WorkUnitStatus.Available, unit.Status);
        Assert.Empty(unit.DomainEvents);
    }

    [Fact]
    public void Assign_TheSecondRoundToTheWorkerWhoKeyedTheFirst_IsRefusedAsTwinKeying()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, JobType.DataEntry);
        var (round1, round2) = AgentLayer.Twins(job);
        var lead = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        var keyer = AgentLayer.Worker(AgentLayer.WorkerUserId(1));
        Assign(job, [], round1, round2, keyer, lead);

        var refusal = Assert.Throws<EligibilityException>(() => Assign(job, [], round2, round1, keyer, lead));

        Assert.Equal("worker_already_keyed_twin", refusal.Code);
        Assert.Equal(WorkUnitStatus.Available, round2.Status);
    }

    [Fact]
    public void Assign_AWorkerOfAnotherAgent_IsRefused()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        var outsider = AgentLayer.Worker(AgentLayer.WorkerUserId(1), AgentLayer.AllyAgentId);

        var refusal = Assert.Throws<EligibilityException>(
            () => Assign(job, [], AgentLayer.Unit(job), null, outsider, AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId)));

        Assert.Equal(["worker_not_in_agent"], AgentLayer.Codes(refusal.Refusals));
    }

    [Fact]
    public void Assign_AUnitInAProposedSubcontract_IsRefusedToBothAgents()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        var unit = AgentLayer.Unit(job);
        var subcontract = SubcontractTests.Propose(job, [unit]);

        var byLead = Assert.Throws<EligibilityException>(
            () => Assign(job, [subcontract], unit, null, AgentLayer.Worker(AgentLayer.WorkerUserId(1)), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId)));
        var byAlly = Assert.Throws<EligibilityException>(
            () => Assign(job, [subcontract], unit, null, AgentLayer.Worker(AgentLayer.WorkerUserId(2), AgentLayer.AllyAgentId), AgentLayer.ApprovedAgent(AgentLayer.AllyAgentId)));

        Assert.Equal("unit_not_in_agent_pool", byLead.Code);
        Assert.Equal("unit_not_in_agent_pool", byAlly.Code);
    }

    [Fact]
    public void Assign_ASubcontractedUnit_IsTheSubAgentsToAssignNotTheLeads()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        var unit = AgentLayer.Unit(job);
        var subcontract = SubcontractTests.Propose(job, [unit]);
        subcontract.Accept(AgentLayer.AllyAgentId, At.AddMinutes(-5));

        var byLead = Assert.Throws<EligibilityException>(
            () => Assign(job, [subcontract], unit, null, AgentLayer.Worker(AgentLayer.WorkerUserId(1)), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId)));
        var assignment = Assign(job, [subcontract], unit, null, AgentLayer.Worker(AgentLayer.WorkerUserId(2), AgentLayer.AllyAgentId), AgentLayer.ApprovedAgent(AgentLayer.AllyAgentId));

        Assert.Equal("unit_not_in_agent_pool", byLead.Code);
        Assert.Equal(AgentLayer.AllyAgentId, assignment.AgentId);
        Assert.Equal(WorkUnitStatus.Assigned, unit.Status);
    }

    [Fact]
    public void Assign_AUnitAlreadyHeld_IsRefusedByTheUnit()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        var unit = AgentLayer.Unit(job);
        var lead = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        Assign(job, [], unit, null, AgentLayer.Worker(AgentLayer.WorkerUserId(1)), lead);

        var refusal = Assert.Throws<DomainRuleException>(() => Assign(job, [], unit, null, AgentLayer.Worker(AgentLayer.WorkerUserId(2)), lead));

        Assert.Equal("unit_not_available", refusal.Code);
        Assert.Equal(AgentLayer.WorkerUserId(1), unit.WorkerId);
    }
}
