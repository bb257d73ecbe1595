using Market.Domain.Subcontracting;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Subcontracting;

public class UnitVisibilityTests
{
    private static readonly DateTimeOffset At = SubcontractTests.At;

    [Fact]
    public void VisibleUnits_AfterTheSubAgentAccepts_LeadSeesAllAndSubAgentOnlyItsOwn()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        var units = Enumerable.Range(1, 5).Select(i => AgentLayer.Unit(job, i)).ToArray();
        var subcontract = SubcontractTests.Propose(job, [units[1], units[3]]);
        subcontract.Accept(AgentLayer.AllyAgentId, At);
        Subcontract[] subcontracts = [subcontract];

        Assert.Equal(units.Select(u => u.Id), UnitVisibility.VisibleUnits(AgentLayer.LeadAgentId, job, subcontracts, units).Select(u => u.Id));
        Assert.Equal([units[1].Id, units[3].Id], UnitVisibility.VisibleUnits(AgentLayer.AllyAgentId, job, subcontracts, units).Select(u => u.Id));
        Assert.Empty(UnitVisibility.VisibleUnits(AgentLayer.ThirdAgentId, job, subcontracts, units));
    }

    [Fact]
    public void CanSee_WhileTheSubcontractIsOnlyProposed_SubAgentSeesNoUnit()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        var unit = AgentLayer.Unit(job);
        var subcontract = SubcontractTests.Propose(job, [unit]);

        Assert.False(UnitVisibility.CanSee(AgentLayer.AllyAgentId, job, [subcontract], unit));
        Assert.True(UnitVisibility.CanSee(AgentLayer.LeadAgentId, job, [subcontract], unit));
    }

    [Fact]
    public void CanSee_AfterTheSubcontractIsCancelled_SubAgentSeesNothingAgain()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        var unit = AgentLayer.Unit(job);
        var subcontract = SubcontractTests.Propose(job, [unit]);
        subcontract.Accept(AgentLayer.AllyAgentId, At);
        subcontract.Cancel(AgentLayer.LeadAgentId, "自社で対応", [unit], At.AddHours(1));

        Assert.False(UnitVisibility.CanSee(AgentLayer.AllyAgentId, job, [subcontract], unit));
    }

    [Fact]
    public void AssigningAgentId_FollowsTheSubcontractState()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        var kept = AgentLayer.Unit(job, 1);
        var handedOver = AgentLayer.Unit(job, 2);
        var subcontract = SubcontractTests.Propose(job, [handedOver]);

        Assert.Equal(AgentLayer.LeadAgentId, UnitVisibility.AssigningAgentId(job, [subcontract], kept));
        Assert.Null(UnitVisibility.AssigningAgentId(job, [subcontract], handedOver));

        subcontract.Accept(AgentLayer.AllyAgentId, At);

        Assert.Equal(AgentLayer.AllyAgentId, UnitVisibility.AssigningAgentId(job, [subcontract], handedOver));
        Assert.Equal(AgentLayer.LeadAgentId, UnitVisibility.AssigningAgentId(job, [subcontract], kept));
    }

    [Fact]
    public void CanSee_AUnitOfAnotherJob_IsAProgrammingError()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        var stray = AgentLayer.Unit(AgentLayer.OpenJob(Market.Domain.Jobs.JobType.Transcription));

        Assert.Throws<ArgumentException>(() => UnitVisibility.CanSee(AgentLayer.LeadAgentId, job, [], stray));
    }
}
