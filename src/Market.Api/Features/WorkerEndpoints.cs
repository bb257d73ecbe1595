using Market.Api.Features.Teams;
using Market.Api.Features.Workers;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Domain.Workers;
using MediatR;

namespace Market.Api.Features;

public static class WorkerEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var profile = v1.MapGroup("/me/profile").WithTags("Me").RequireAuthorization(Policies.Worker);
        profile.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyProfile(), ct)))
            .WithName("GetMyProfile");
        profile.MapPut("/", async (UpdateMyProfile request, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(request, ct)))
            .WithName("UpdateMyProfile")
            .WithSummary("Availability (hours a week, units at once), skills and region.");

        var agent = v1.MapGroup("/agents/{agentId:guid}").WithTags("Agents").AddEndpointFilter(new TenantRouteFilter("agentId"));
        agent.MapPost("/workers/{userId:guid}/suspend", async (Guid agentId, Guid userId, ReasonBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SuspendWorker(agentId, userId, body.Reason), ct)))
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("SuspendWorker")
            .WithSummary("Suspend a worker: sign-in and refresh stop, units in hand return to the pool, money owed stays owed.");
        agent.MapPost("/workers/{userId:guid}/reinstate", async (Guid agentId, Guid userId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReinstateWorker(agentId, userId), ct)))
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("ReinstateWorker");

        agent.MapGet("/teams", async (Guid agentId, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListTeams(agentId), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("ListTeams");
        agent.MapPost("/teams", async (Guid agentId, NameBody body, IMediator mediator, CancellationToken ct) =>
            {
                var team = await mediator.Send(new CreateTeam(agentId, body.Name), ct);
                return TypedResults.Created($"/api/v1/agents/{agentId}/teams/{team.Id}", team);
            })
            .RequireAuthorization(Policies.AgentManager)
            .WithName("CreateTeam");
        agent.MapPost("/teams/{teamId:guid}/members", async (Guid agentId, Guid teamId, MemberBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AddTeamMember(agentId, new TeamId(teamId), body.UserId), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("AddTeamMember");
    }
}
