using Market.Domain.Common;
using Market.Domain.Tenancy;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Tenancy;

public class MembershipStatusTests
{
    private static readonly DateTimeOffset At = AgentLayer.Now;

    private static Membership WorkerMembership() =>
        new(Guid.NewGuid(), AgentLayer.WorkerUserId(1), Roles.Worker, AgentLayer.LeadAgentId, At.AddMonths(-3));

    [Fact]
    public void Suspend_WhenActive_SuspendsWithReason()
    {
        var membership = WorkerMembership();

        membership.Suspend("無断で長期間未稼働", At);

        Assert.Equal(MembershipStatus.Suspended, membership.Status);
        Assert.Equal("無断で長期間未稼働", membership.StatusReason);
        Assert.Equal(At, membership.StatusChangedAt);
    }

    [Fact]
    public void Suspend_WhenAlreadySuspended_IsRefused()
    {
        var membership = WorkerMembership();
        membership.Suspend("理由", At);

        var refusal = Assert.Throws<DomainRuleException>(() => membership.Suspend("理由", At));

        Assert.Equal("membership_not_active", refusal.Code);
    }

    [Fact]
    public void Reinstate_WhenSuspended_IsActiveAgainWithoutReason()
    {
        var membership = WorkerMembership();
        membership.Suspend("理由", At);

        membership.Reinstate(At.AddDays(1));

        Assert.Equal(MembershipStatus.Active, membership.Status);
        Assert.Null(membership.StatusReason);
    }

    [Fact]
    public void Reinstate_WhenActive_IsRefused()
    {
        var refusal = Assert.Throws<DomainRuleException>(() => WorkerMembership().Reinstate(At));

        Assert.Equal("membership_not_suspended", refusal.Code);
    }

    [Fact]
    public void Leave_Twice_IsRefusedTheSecondTime()
    {
        var membership = WorkerMembership();
        membership.Leave(At);

        var refusal = Assert.Throws<DomainRuleException>(() => membership.Leave(At));

        Assert.Equal("membership_has_left", refusal.Code);
        Assert.Equal(MembershipStatus.Left, membership.Status);
    }
}
