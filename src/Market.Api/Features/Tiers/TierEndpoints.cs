using Market.Api.Identity;
using Market.Api.Infrastructure;
using MediatR;

namespace Market.Api.Features.Tiers;

public static class TierEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/me/tier", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyTier(), ct)))
            .WithTags("Me")
            .RequireAuthorization(Policies.Worker)
            .WithName("GetMyTier")
            .WithSummary("The caller's tier, its history with the inputs of each change, and what the last 90 days would give now.");

        var agent = v1.MapGroup("/agents/{agentId:guid}").WithTags("Tiers").AddEndpointFilter(new TenantRouteFilter("agentId"));
        agent.MapGet("/tiers", async (Guid agentId, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetAgentTiers(agentId), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("GetAgentTiers")
            .WithSummary("Every worker's tier and latest change, and how many active workers hold each tier.");
        agent.MapGet("/tier-thresholds", async (Guid agentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetTierThresholds(agentId), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("GetTierThresholds");
        agent.MapPut("/tier-thresholds", async (Guid agentId, TierThresholdsBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SetTierThresholds(agentId, body.A, body.S), ct)))
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("SetTierThresholds")
            .WithSummary("The agent's thresholds for tiers A and S (S at least as strict as A); used from the next monthly recomputation.");
    }
}
