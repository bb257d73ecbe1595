using Market.Domain.Common;
using Market.Domain.Tenancy;

namespace Market.Domain.Workers;

public readonly record struct TeamId(Guid Value)
{
    public static TeamId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

/// <summary>A group of an agent's workers led by a coordinator; fair shares of work are computed within a team.</summary>
public sealed class Team : AggregateRoot
{
    public const int MaxNameLength = 100;

    private readonly List<Guid> _memberUserIds = [];

    private Team()
    {
        Name = string.Empty;
    }

    private Team(TeamId id, Guid agentId, DateTimeOffset now)
        : this()
    {
        Id = id;
        AgentId = agentId;
        CreatedAt = now;
    }

    public TeamId Id { get; private set; }

    public Guid AgentId { get; private set; }

    public string Name { get; private set; }

    public Guid? CoordinatorUserId { get; private set; }

    public IReadOnlyList<Guid> MemberUserIds => _memberUserIds;

    public DateTimeOffset CreatedAt { get; private set; }

    public static Team Create(TeamId id, Guid agentId, string name, DateTimeOffset now)
    {
        var team = new Team(id, agentId, now);
        team.Rename(name);
        return team;
    }

    public void Rename(string name)
    {
        var clean = RequiredText.Of(name, "team_name_required", "A team needs a name.");
        if (clean.Length > MaxNameLength)
        {
            throw new UnprocessableInputException("team_name_too_long", $"A team name has at most {MaxNameLength} characters.");
        }

        Name = clean;
    }

    public bool HasMember(Guid userId) => _memberUserIds.Contains(userId);

    /// <summary>Adding a member twice changes nothing.</summary>
    public void AddMember(WorkerProfile worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        Guard.Against(worker.AgentId != AgentId, "team_member_other_agent", "A team only has workers of its own agent.");
        Guard.Against(!worker.IsActive, "worker_not_active", "Only an active worker can join a team.");
        if (!HasMember(worker.UserId))
        {
            _memberUserIds.Add(worker.UserId);
        }
    }

    /// <summary>Removing someone who is not a member changes nothing.</summary>
    public void RemoveMember(Guid userId) => _memberUserIds.Remove(userId);

    /// <summary>The coordinator is one of the agent's owners or coordinators, not necessarily a member.</summary>
    public void AppointCoordinator(Membership staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        Guard.Against(
            staff.TenantId != AgentId || staff.Role is not (Roles.AgentCoordinator or Roles.AgentOwner),
            "team_coordinator_not_agent_staff",
            "A team's coordinator must be an owner or coordinator of the same agent.");
        Guard.Against(staff.Status != MembershipStatus.Active, "membership_not_active", "The coordinator's membership is not active.");
        CoordinatorUserId = staff.UserId;
    }
}
