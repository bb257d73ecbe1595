using Market.Domain.Agents;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Agents;

public class AgentEligibilityTests
{
    private static readonly DateTimeOffset At = AgentLayer.Now;

    [Fact]
    public void Evaluate_WhenApprovedInRegionWithRoom_HasNoRefusals()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId, "高知県");
        var job = AgentLayer.OpenJob(regions: ["高知県", "愛媛県"]);

        Assert.Empty(AgentEligibility.Evaluate(agent, job, activeLoad: 0));
    }

    [Fact]
    public void Evaluate_WhenJobHasNoRegionPreference_AcceptsAnyPrefecture()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId, "北海道");

        Assert.Empty(AgentEligibility.Evaluate(agent, AgentLayer.OpenJob(), activeLoad: 0));
    }

    [Fact]
    public void Evaluate_WhenAgentOutsidePreferredRegion_RefusesRegionMismatch()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId, "徳島県");
        var job = AgentLayer.OpenJob(regions: ["高知県", "愛媛県"]);

        Assert.Equal(["agent_region_mismatch"], AgentLayer.Codes(AgentEligibility.Evaluate(agent, job, 0)));
    }

    [Theory]
    [InlineData(AgentVettingStatus.Pending)]
    [InlineData(AgentVettingStatus.Suspended)]
    public void Evaluate_WhenAgentNotApproved_RefusesNotApproved(AgentVettingStatus status)
    {
        var agent = AgentLayer.PendingAgent(AgentLayer.LeadAgentId);
        if (status == AgentVettingStatus.Suspended)
        {
            agent.Approve(At);
            agent.Suspend("調査中", At);
        }

        Assert.Equal(["agent_not_approved"], AgentLayer.Codes(AgentEligibility.Evaluate(agent, AgentLayer.OpenJob(), 0)));
    }

    [Fact]
    public void Evaluate_WhenPersonalDataAndNoPrivacyMark_RefusesEvenWithIsms()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId, "高知県", OrganisationCertification.Isms);
        var job = AgentLayer.OpenJob(JobType.DataEntry, ConfidentialityLevel.PersonalData);

        Assert.Equal(["agent_lacks_privacy_mark"], AgentLayer.Codes(AgentEligibility.Evaluate(agent, job, 0)));
    }

    [Fact]
    public void Evaluate_WhenPersonalDataAndPrivacyMark_IsEligible()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId, "高知県", OrganisationCertification.PrivacyMark);
        var job = AgentLayer.OpenJob(JobType.DataEntry, ConfidentialityLevel.PersonalData);

        Assert.Empty(AgentEligibility.Evaluate(agent, job, 0));
    }

    [Fact]
    public void Evaluate_WhenConfidentialButNotPersonalData_NeedsNoPrivacyMark()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        Assert.Empty(AgentEligibility.Evaluate(agent, AgentLayer.OpenJob(JobType.WebEdit, ConfidentialityLevel.Confidential), 0));
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    public void Evaluate_AtCapacityBoundary_RefusesOnlyWhenLoadReachesCapacity(int activeLoad, bool eligible)
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        agent.SetCapacity(3);

        var refusals = AgentEligibility.Evaluate(agent, AgentLayer.OpenJob(), activeLoad);

        Assert.Equal(eligible ? [] : ["agent_capacity_full"], AgentLayer.Codes(refusals));
    }

    [Fact]
    public void Evaluate_WhenEveryRuleBroken_ListsEveryRefusalInRuleOrder()
    {
        var agent = AgentLayer.PendingAgent(AgentLayer.LeadAgentId, "沖縄県");
        var job = AgentLayer.OpenJob(JobType.DataEntry, ConfidentialityLevel.PersonalData, "高知県");

        var refusals = AgentEligibility.Evaluate(agent, job, Agent.DefaultMaxConcurrentJobs);

        Assert.Equal(["agent_not_approved", "agent_region_mismatch", "agent_lacks_privacy_mark", "agent_capacity_full"], AgentLayer.Codes(refusals));
    }

    [Fact]
    public void EvaluateForSubcontract_WhenSubAgentIsFull_IgnoresCapacityButKeepsClientRules()
    {
        var subAgent = AgentLayer.ApprovedAgent(AgentLayer.AllyAgentId, "愛媛県");
        var job = AgentLayer.OpenJob(JobType.DataEntry, ConfidentialityLevel.PersonalData, "高知県");

        Assert.Equal(["agent_region_mismatch", "agent_lacks_privacy_mark"], AgentLayer.Codes(AgentEligibility.EvaluateForSubcontract(subAgent, job)));
    }

    [Fact]
    public void LoadBearingStatuses_AreFromContractUntilClientAcceptance()
    {
        Assert.Equal(
            [JobStatus.Contracted, JobStatus.InProgress, JobStatus.Delivered, JobStatus.RevisionRequested],
            AgentEligibility.LoadBearingStatuses);
    }
}
