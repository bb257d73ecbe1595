using Market.Api.Identity;
using MediatR;

namespace Market.Api.Features.Agents.ListWorkers;

public static class ListWorkersEndpoint
{
    public static void Map(RouteGroupBuilder agent) =>
        agent.MapGet("/workers", async (Guid agentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListWorkers(agentId), ct)))
            .RequireAuthorization(Policies.AgentOversight)
            .WithName("ListAgentWorkers")
            .WithSummary("The agent's registered home workers.");
}
