using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.TeamRoom;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.TeamRoom;

/// <summary>
/// Loads a team for the caller and decides what they may do in its room (<see cref="RoomParticipant"/>). A team the
/// caller may not see answers 404, as for any other tenant's data.
/// </summary>
public sealed class RoomAccess(MarketDbContext db, ICurrentUser caller)
{
    public async Task<(Team Team, RoomParticipant Participant)> EnterAsync(Guid agentId, TeamId teamId, CancellationToken cancellationToken)
    {
        var team = await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.Id == teamId && t.AgentId == agentId, cancellationToken);
        var participant = team is null ? null : ParticipantIn(team);
        if (team is null || participant is not { MaySee: true })
        {
            throw new NotFoundException("team_not_found", "No such team.");
        }

        return (team, participant);
    }

    public RoomParticipant ParticipantIn(Team team) =>
        RoomParticipant.For(team, caller.UserId ?? Guid.Empty, RoleOfCaller(), caller.TenantId);

    public Guid UserId => caller.UserId ?? throw new UnauthorizedException(ErrorCodes.Unauthenticated, "Sign in first.");

    public Guid AgentIdOfCaller =>
        caller.TenantKind == TenantKind.Agent && caller.TenantId is { } id
            ? id
            : throw new ForbiddenException("team_room_agent_only", "Only people of an agent take part in team rooms.");

    private string RoleOfCaller() => Roles.All.FirstOrDefault(caller.IsInRole) ?? string.Empty;
}
