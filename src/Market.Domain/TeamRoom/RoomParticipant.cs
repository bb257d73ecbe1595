using Market.Domain.Tenancy;
using Market.Domain.Workers;

namespace Market.Domain.TeamRoom;

/// <summary>
/// What one person may do in a team's room. The agent's owner and coordinators see every team of their agent;
/// reviewers read; workers take part only in teams they belong to. Nobody outside the agent is a participant.
/// </summary>
public sealed record RoomParticipant(Guid UserId, bool MaySee, bool MayPost, bool MayAnnounce, bool IsStaff)
{
    public static RoomParticipant For(Team team, Guid userId, string role, Guid? tenantId)
    {
        ArgumentNullException.ThrowIfNull(team);
        if (tenantId != team.AgentId)
        {
            return new RoomParticipant(userId, false, false, false, false);
        }

        return role switch
        {
            Roles.AgentOwner => new RoomParticipant(userId, true, true, true, true),
            Roles.AgentCoordinator => new RoomParticipant(userId, true, true, true, true),
            Roles.AgentReviewer => new RoomParticipant(userId, true, false, false, true),
            Roles.Worker when team.HasMember(userId) => new RoomParticipant(userId, true, true, false, false),
            _ => new RoomParticipant(userId, false, false, false, false),
        };
    }
}
