using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using Market.Domain.Tenancy;
using Market.Domain.Tests.Support;
using Market.Domain.Units;

namespace Market.Domain.Tests.Subcontracting;

public class SubcontractTests
{
    internal static readonly DateTimeOffset At = AgentLayer.WorkStarts;

    internal static Subcontract Propose(
        Job job,
        IReadOnlyCollection<WorkUnit> units,
        Agent? subAgent = null,
        IEnumerable<Subcontract>? existing = null,
        Guid? leadAgentId = null,
        long price = 1_200,
        SubcontractPriceBasis basis = SubcontractPriceBasis.PerUnit) =>
        Subcontract.Propose(
            SubcontractId.New(),
            job,
            leadAgentId ?? AgentLayer.LeadAgentId,
            subAgent ?? AgentLayer.ApprovedAgent(AgentLayer.AllyAgentId),
            units,
            existing ?? [],
            new Yen(price),
            basis,
            At);

    private static (Job Job, WorkUnit[] Units) JobWithUnits(int count = 4)
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        return (job, Enumerable.Range(1, count).Select(i => AgentLayer.Unit(job, i)).ToArray());
    }

    [Fact]
    public void Propose_ByTheLeadToAnAlly_IsProposedWithUnitsInPlanOrderAndRaisesEvent()
    {
        var (job, units) = JobWithUnits();

        var subcontract = Propose(job, [units[3], units[1]]);

        Assert.Equal(SubcontractStatus.Proposed, subcontract.Status);
        Assert.Equal([units[1].Id, units[3].Id], subcontract.UnitIds);
        Assert.Equal(new Yen(2_400), subcontract.TotalPrice);
        Assert.Equal(
            new SubcontractProposed(subcontract.Id, job.Id, AgentLayer.LeadAgentId, AgentLayer.AllyAgentId, 2, new Yen(2_400), At),
            Assert.Single(subcontract.DomainEvents));
    }

    [Fact]
    public void Propose_WithATotalPrice_KeepsThePriceForTheWholeSet()
    {
        var (job, units) = JobWithUnits();

        var subcontract = Propose(job, units, price: 50_000, basis: SubcontractPriceBasis.Total);

        Assert.Equal(new Yen(50_000), subcontract.TotalPrice);
    }

    [Fact]
    public void Propose_ByAnAgentThatIsNotTheLead_IsRefused()
    {
        var (job, units) = JobWithUnits();

        var refusal = Assert.Throws<DomainRuleException>(() => Propose(job, units, leadAgentId: AgentLayer.ThirdAgentId));

        Assert.Equal("subcontract_not_lead_agent", refusal.Code);
    }

    [Fact]
    public void Propose_ToItself_IsRefused()
    {
        var (job, units) = JobWithUnits();

        var refusal = Assert.Throws<DomainRuleException>(() => Propose(job, units, AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId)));

        Assert.Equal("subcontract_to_self", refusal.Code);
    }

    [Fact]
    public void Propose_OnAnOpenJob_IsRefusedBecauseNobodyLeadsItYet()
    {
        var job = AgentLayer.OpenJob();

        var refusal = Assert.Throws<DomainRuleException>(() => Propose(job, [AgentLayer.Unit(job)]));

        Assert.Equal("subcontract_not_lead_agent", refusal.Code);
    }

    [Fact]
    public void Propose_OnceTheJobIsDelivered_IsRefused()
    {
        var (job, units) = JobWithUnits();
        job.Deliver(TestJobs.DeliverableFile, At);

        var refusal = Assert.Throws<DomainRuleException>(() => Propose(job, units));

        Assert.Equal("subcontract_job_not_active", refusal.Code);
    }

    [Fact]
    public void Propose_ToAnUnvettedAgent_IsRefused()
    {
        var (job, units) = JobWithUnits();

        var refusal = Assert.Throws<EligibilityException>(() => Propose(job, units, AgentLayer.PendingAgent(AgentLayer.AllyAgentId)));

        Assert.Equal("agent_not_approved", refusal.Code);
    }

    [Fact]
    public void Propose_PersonalDataToAnAgentWithoutPrivacyMark_IsRefused()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, JobType.DataEntry, ConfidentialityLevel.PersonalData);
        var (round1, round2) = AgentLayer.Twins(job);

        var refusal = Assert.Throws<EligibilityException>(() => Propose(job, [round1, round2]));

        Assert.Equal("agent_lacks_privacy_mark", refusal.Code);
    }

    [Fact]
    public void Propose_WithNoUnits_IsRefused()
    {
        var (job, _) = JobWithUnits();

        var refusal = Assert.Throws<DomainRuleException>(() => Propose(job, []));

        Assert.Equal("subcontract_no_units", refusal.Code);
    }

    [Fact]
    public void Propose_AUnitAlreadyInALiveSubcontract_IsRefused()
    {
        var (job, units) = JobWithUnits();
        var first = Propose(job, [units[0], units[1]]);

        var refusal = Assert.Throws<DomainRuleException>(
            () => Propose(job, [units[1], units[2]], AgentLayer.ApprovedAgent(AgentLayer.ThirdAgentId), [first]));

        Assert.Equal("subcontract_unit_already_subcontracted", refusal.Code);
    }

    [Fact]
    public void Propose_AUnitWhoseEarlierSubcontractWasDeclined_IsAllowed()
    {
        var (job, units) = JobWithUnits();
        var first = Propose(job, [units[0]]);
        first.Decline(AgentLayer.AllyAgentId, "繁忙期で人手が足りない", At.AddHours(1));

        var second = Propose(job, [units[0]], AgentLayer.ApprovedAgent(AgentLayer.ThirdAgentId), [first]);

        Assert.Equal([units[0].Id], second.UnitIds);
    }

    [Fact]
    public void Propose_AUnitAWorkerHolds_IsRefused()
    {
        var (job, units) = JobWithUnits();
        units[0].Assign(AgentLayer.WorkerUserId(1), Guid.NewGuid(), At);

        var refusal = Assert.Throws<DomainRuleException>(() => Propose(job, units));

        Assert.Equal("subcontract_unit_started", refusal.Code);
    }

    [Fact]
    public void Propose_WithPriceZero_IsRefused()
    {
        var (job, units) = JobWithUnits();

        var refusal = Assert.Throws<DomainRuleException>(() => Propose(job, units, price: 0));

        Assert.Equal("subcontract_price_not_positive", refusal.Code);
    }

    [Fact]
    public void Accept_BySubAgent_IsAcceptedAndRaisesEvent()
    {
        var (job, units) = JobWithUnits();
        var subcontract = Propose(job, units);

        subcontract.Accept(AgentLayer.AllyAgentId, At.AddHours(1));

        Assert.Equal(SubcontractStatus.Accepted, subcontract.Status);
        Assert.IsType<SubcontractAccepted>(subcontract.DomainEvents[^1]);
    }

    [Fact]
    public void Accept_ByTheLead_IsRefused()
    {
        var (job, units) = JobWithUnits();
        var subcontract = Propose(job, units);

        var refusal = Assert.Throws<DomainRuleException>(() => subcontract.Accept(AgentLayer.LeadAgentId, At));

        Assert.Equal("subcontract_not_sub_agent", refusal.Code);
        Assert.Equal(SubcontractStatus.Proposed, subcontract.Status);
    }

    [Fact]
    public void Accept_Twice_IsRefused()
    {
        var (job, units) = JobWithUnits();
        var subcontract = Propose(job, units);
        subcontract.Accept(AgentLayer.AllyAgentId, At);

        var refusal = Assert.Throws<DomainRuleException>(() => subcontract.Accept(AgentLayer.AllyAgentId, At));

        Assert.Equal("subcontract_not_proposed", refusal.Code);
    }

    [Fact]
    public void Cancel_WhenAcceptedAndNoUnitStarted_IsCancelled()
    {
        var (job, units) = JobWithUnits();
        var subcontract = Propose(job, units);
        subcontract.Accept(AgentLayer.AllyAgentId, At);

        subcontract.Cancel(AgentLayer.LeadAgentId, "納期が前倒しになり自社で対応", units, At.AddHours(2));

        Assert.Equal(SubcontractStatus.Cancelled, subcontract.Status);
        Assert.False(subcontract.IsLive);
        Assert.Equal("納期が前倒しになり自社で対応", subcontract.EndReason);
    }

    [Fact]
    public void Cancel_WhenASubAgentWorkerHoldsAUnit_IsRefused()
    {
        var (job, units) = JobWithUnits();
        var subcontract = Propose(job, units);
        subcontract.Accept(AgentLayer.AllyAgentId, At);
        units[2].Assign(AgentLayer.WorkerUserId(7), Guid.NewGuid(), At.AddHours(1));

        var refusal = Assert.Throws<DomainRuleException>(() => subcontract.Cancel(AgentLayer.LeadAgentId, "理由", units, At.AddHours(2)));

        Assert.Equal("subcontract_work_started", refusal.Code);
        Assert.Equal(SubcontractStatus.Accepted, subcontract.Status);
    }

    [Fact]
    public void Cancel_BySubAgent_IsRefused()
    {
        var (job, units) = JobWithUnits();
        var subcontract = Propose(job, units);

        var refusal = Assert.Throws<DomainRuleException>(() => subcontract.Cancel(AgentLayer.AllyAgentId, "理由", units, At));

        Assert.Equal("subcontract_not_lead_agent", refusal.Code);
    }
}
