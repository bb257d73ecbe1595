using Market.Domain.Common;
using Market.Domain.Tenancy;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Tenancy;

public class AgentVettingTests
{
    private static readonly DateTimeOffset At = AgentLayer.Now;

    [Fact]
    public void NewAgent_WhenCreated_IsPendingWithDefaultCapacityAndNoCertifications()
    {
        var agent = AgentLayer.PendingAgent(AgentLayer.LeadAgentId);

        Assert.Equal(AgentVettingStatus.Pending, agent.VettingStatus);
        Assert.False(agent.IsApproved);
        Assert.Equal(Agent.DefaultMaxConcurrentJobs, agent.MaxConcurrentJobs);
        Assert.Empty(agent.Certifications);
    }

    [Fact]
    public void Approve_WhenPending_ApprovesRecordsTimeAndRaisesEvent()
    {
        var agent = AgentLayer.PendingAgent(AgentLayer.LeadAgentId);

        agent.Approve(At);

        Assert.Equal(AgentVettingStatus.Approved, agent.VettingStatus);
        Assert.Equal(At, agent.VettedAt);
        Assert.Equal(new AgentApproved(agent.Id, At), Assert.Single(agent.DomainEvents));
    }

    [Fact]
    public void Approve_WhenAlreadyApproved_IsRefused()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        var refusal = Assert.Throws<DomainRuleException>(() => agent.Approve(At));

        Assert.Equal("agent_already_approved", refusal.Code);
    }

    [Fact]
    public void Approve_WhenSuspended_IsRefusedBecauseReinstatingIsTheWayBack()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        agent.Suspend("検品記録の不備", At);

        var refusal = Assert.Throws<DomainRuleException>(() => agent.Approve(At.AddDays(1)));

        Assert.Equal("agent_not_pending", refusal.Code);
        Assert.Equal(AgentVettingStatus.Suspended, agent.VettingStatus);
    }

    [Fact]
    public void Suspend_WhenApproved_SuspendsWithReasonAndRaisesEvent()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        agent.Suspend("  個人情報の取扱い違反の調査中  ", At);

        Assert.Equal(AgentVettingStatus.Suspended, agent.VettingStatus);
        Assert.False(agent.IsApproved);
        Assert.Equal("個人情報の取扱い違反の調査中", agent.VettingReason);
        Assert.Equal(At, agent.VettedAt);
        Assert.Equal(new AgentSuspended(agent.Id, "個人情報の取扱い違反の調査中", At), Assert.Single(agent.DomainEvents));
    }

    [Fact]
    public void Suspend_WhenPending_IsRefused()
    {
        var agent = AgentLayer.PendingAgent(AgentLayer.LeadAgentId);

        var refusal = Assert.Throws<DomainRuleException>(() => agent.Suspend("理由", At));

        Assert.Equal("agent_not_approved", refusal.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Suspend_WithoutReason_IsRefusedAndChangesNothing(string reason)
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        var refusal = Assert.Throws<UnprocessableInputException>(() => agent.Suspend(reason, At));

        Assert.Equal("agent_suspension_reason_required", refusal.Code);
        Assert.Equal(AgentVettingStatus.Approved, agent.VettingStatus);
    }

    [Fact]
    public void Suspend_WithOverlongReason_IsRefused()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        var refusal = Assert.Throws<UnprocessableInputException>(() => agent.Suspend(new string('理', 501), At));

        Assert.Equal("reason_too_long", refusal.Code);
    }

    [Fact]
    public void Reinstate_WhenSuspended_ApprovesAgainWithReason()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        agent.Suspend("調査中", At);

        agent.Reinstate("調査の結果、問題なし", At.AddDays(3));

        Assert.Equal(AgentVettingStatus.Approved, agent.VettingStatus);
        Assert.Equal("調査の結果、問題なし", agent.VettingReason);
        Assert.Equal(At.AddDays(3), agent.VettedAt);
        Assert.IsType<AgentReinstated>(agent.DomainEvents[^1]);
    }

    [Fact]
    public void Reinstate_WhenApproved_IsRefused()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        var refusal = Assert.Throws<DomainRuleException>(() => agent.Reinstate("理由", At));

        Assert.Equal("agent_not_suspended", refusal.Code);
    }

    [Fact]
    public void GrantCertification_Twice_HoldsItOnceAndRaisesOneEvent()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        agent.GrantCertification(OrganisationCertification.PrivacyMark, At);
        agent.GrantCertification(OrganisationCertification.PrivacyMark, At);

        Assert.True(agent.Holds(OrganisationCertification.PrivacyMark));
        Assert.Equal([OrganisationCertification.PrivacyMark], agent.Certifications);
        Assert.Single(agent.DomainEvents);
    }

    [Fact]
    public void GrantCertification_InAnyOrder_KeepsAStableOrder()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        agent.GrantCertification(OrganisationCertification.Isms, At);
        agent.GrantCertification(OrganisationCertification.PrivacyMark, At);

        Assert.Equal([OrganisationCertification.PrivacyMark, OrganisationCertification.Isms], agent.Certifications);
    }

    [Fact]
    public void RevokeCertification_WhenHeld_RemovesItAndRaisesEvent()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId, "高知県", OrganisationCertification.PrivacyMark);

        agent.RevokeCertification(OrganisationCertification.PrivacyMark, At);
        agent.RevokeCertification(OrganisationCertification.PrivacyMark, At);

        Assert.False(agent.Holds(OrganisationCertification.PrivacyMark));
        Assert.Equal(new AgentCertificationRevoked(agent.Id, OrganisationCertification.PrivacyMark, At), Assert.Single(agent.DomainEvents));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void SetCapacity_WithinRange_IsStored(int capacity)
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        agent.SetCapacity(capacity);

        Assert.Equal(capacity, agent.MaxConcurrentJobs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public void SetCapacity_OutOfRange_IsRefused(int capacity)
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        var refusal = Assert.Throws<UnprocessableInputException>(() => agent.SetCapacity(capacity));

        Assert.Equal("agent_capacity_out_of_range", refusal.Code);
        Assert.Equal(Agent.DefaultMaxConcurrentJobs, agent.MaxConcurrentJobs);
    }
}
