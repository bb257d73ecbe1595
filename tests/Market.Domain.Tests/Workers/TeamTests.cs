using Market.Domain.Common;
using Market.Domain.Tenancy;
using Market.Domain.Tests.Support;
using Market.Domain.Workers;

namespace Market.Domain.Tests.Workers;

public class TeamTests
{
    private static readonly DateTimeOffset At = AgentLayer.Now;

    private static Team NewTeam() => Team.Create(TeamId.New(), AgentLayer.LeadAgentId, " 四万十チーム ", At);

    [Fact]
    public void Create_WithName_TrimsIt()
    {
        Assert.Equal("四万十チーム", NewTeam().Name);
    }

    [Fact]
    public void Create_WithBlankName_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => Team.Create(TeamId.New(), AgentLayer.LeadAgentId, "  ", At));

        Assert.Equal("team_name_required", refusal.Code);
    }

    [Fact]
    public void AddMember_Twice_ListsTheWorkerOnce()
    {
        var team = NewTeam();
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1));

        team.AddMember(worker);
        team.AddMember(worker);

        Assert.Equal([worker.UserId], team.MemberUserIds);
    }

    [Fact]
    public void AddMember_FromAnotherAgent_IsRefused()
    {
        var team = NewTeam();
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1), AgentLayer.AllyAgentId);

        var refusal = Assert.Throws<DomainRuleException>(() => team.AddMember(worker));

        Assert.Equal("team_member_other_agent", refusal.Code);
        Assert.Empty(team.MemberUserIds);
    }

    [Fact]
    public void AddMember_WhenSuspended_IsRefused()
    {
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1));
        worker.Suspend("理由", At);

        var refusal = Assert.Throws<DomainRuleException>(() => NewTeam().AddMember(worker));

        Assert.Equal("worker_not_active", refusal.Code);
    }

    [Fact]
    public void RemoveMember_TakesTheWorkerOut()
    {
        var team = NewTeam();
        var worker = AgentLayer.Worker(AgentLayer.WorkerUserId(1));
        team.AddMember(worker);

        team.RemoveMember(worker.UserId);

        Assert.False(team.HasMember(worker.UserId));
    }

    [Theory]
    [InlineData(Roles.AgentCoordinator)]
    [InlineData(Roles.AgentOwner)]
    public void AppointCoordinator_WhenOwnerOrCoordinatorOfTheAgent_IsSet(string role)
    {
        var team = NewTeam();
        var staff = new Membership(Guid.NewGuid(), Guid.NewGuid(), role, AgentLayer.LeadAgentId, At);

        team.AppointCoordinator(staff);

        Assert.Equal(staff.UserId, team.CoordinatorUserId);
    }

    [Fact]
    public void AppointCoordinator_WhenAWorker_IsRefused()
    {
        var staff = new Membership(Guid.NewGuid(), Guid.NewGuid(), Roles.Worker, AgentLayer.LeadAgentId, At);

        var refusal = Assert.Throws<DomainRuleException>(() => NewTeam().AppointCoordinator(staff));

        Assert.Equal("team_coordinator_not_agent_staff", refusal.Code);
    }

    [Fact]
    public void AppointCoordinator_FromAnotherAgent_IsRefused()
    {
        var staff = new Membership(Guid.NewGuid(), Guid.NewGuid(), Roles.AgentCoordinator, AgentLayer.AllyAgentId, At);

        var refusal = Assert.Throws<DomainRuleException>(() => NewTeam().AppointCoordinator(staff));

        Assert.Equal("team_coordinator_not_agent_staff", refusal.Code);
    }
}
