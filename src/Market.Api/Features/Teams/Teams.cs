using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Workers;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Teams;

public sealed record TeamView(Guid Id, string Name, Guid? CoordinatorUserId, IReadOnlyList<Guid> MemberUserIds, DateTimeOffset CreatedAt)
{
    public static TeamView From(Team t) => new(t.Id.Value, t.Name, t.CoordinatorUserId, t.MemberUserIds, t.CreatedAt);
}

public sealed record ListTeams(Guid AgentId) : IRequest<IReadOnlyList<TeamView>>;

public sealed record CreateTeam(Guid AgentId, string Name) : ICommand<TeamView>;

public sealed record AddTeamMember(Guid AgentId, TeamId TeamId, Guid UserId) : ICommand<TeamView>;

public sealed record NameBody(string Name);

public sealed record MemberBody(Guid UserId);

public sealed class CreateTeamValidator : AbstractValidator<CreateTeam>
{
    public CreateTeamValidator() => RuleFor(t => t.Name).NotEmpty().MaximumLength(100);
}

/// <summary>Teams inside an agent: the unit of presence, engagement and fair share.</summary>
public sealed class TeamHandlers(MarketDbContext db, TimeProvider clock) :
    IRequestHandler<ListTeams, IReadOnlyList<TeamView>>,
    IRequestHandler<CreateTeam, TeamView>,
    IRequestHandler<AddTeamMember, TeamView>
{
    public async Task<IReadOnlyList<TeamView>> Handle(ListTeams request, CancellationToken cancellationToken) =>
        (await db.Teams.AsNoTracking().Where(t => t.AgentId == request.AgentId).OrderBy(t => t.Name).ToListAsync(cancellationToken))
            .Select(TeamView.From).ToList();

    public async Task<TeamView> Handle(CreateTeam request, CancellationToken cancellationToken)
    {
        var team = Team.Create(TeamId.New(), request.AgentId, request.Name, clock.GetUtcNow());
        db.Teams.Add(team);
        await db.SaveChangesAsync(cancellationToken);
        return TeamView.From(team);
    }

    public async Task<TeamView> Handle(AddTeamMember request, CancellationToken cancellationToken)
    {
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == request.TeamId && t.AgentId == request.AgentId, cancellationToken)
            ?? throw new NotFoundException("team_not_found", "No such team.");
        var worker = await db.WorkerProfiles.SingleOrDefaultAsync(p => p.UserId == request.UserId, cancellationToken)
            ?? throw new NotFoundException("worker_not_found", "No such worker in this agent.");
        team.AddMember(worker);
        await db.SaveChangesAsync(cancellationToken);
        return TeamView.From(team);
    }
}
