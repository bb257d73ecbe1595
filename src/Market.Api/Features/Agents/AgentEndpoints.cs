using Market.Api.Features.Agents.GetAgent;
using Market.Api.Features.Agents.ListAgents;
using Market.Api.Features.Agents.OpenJobs;
using Market.Api.Features.Agents.UnitBoard;
using Market.Api.Features.Agents.Vetting;
using Market.Api.Identity;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Market.Api.Features.Agents;

public static class AgentEndpoints
{
    /// <summary>The operator's vetting of agents: <c>/agents</c>, operators only.</summary>
    public static void MapVetting(RouteGroupBuilder agents)
    {
        agents.MapGet("/", async (AgentVettingStatus? status, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListAgents.ListAgents(status, Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? 50, 1, 200)), ct)))
            .WithName("ListAgents")
            .WithSummary("Every agent with its vetting state, region, organisation certifications and capacity (operator).");

        agents.MapPost("/{agentId:guid}/approve", (Guid agentId, IMediator mediator, CancellationToken ct) =>
                ChangeAsync(agentId, new ApproveAgent(agentId), mediator, ct))
            .WithName("ApproveAgent")
            .WithSummary("Approve a pending agent after screening; only approved agents make offers and take subcontracts.");

        agents.MapPost("/{agentId:guid}/suspend", (Guid agentId, VettingReasonBody body, IMediator mediator, CancellationToken ct) =>
                ChangeAsync(agentId, new SuspendAgent(agentId, body.Reason), mediator, ct))
            .WithName("SuspendAgent")
            .WithSummary("Suspend an approved agent, with a reason.");

        agents.MapPost("/{agentId:guid}/reinstate", (Guid agentId, VettingReasonBody body, IMediator mediator, CancellationToken ct) =>
                ChangeAsync(agentId, new ReinstateAgent(agentId, body.Reason), mediator, ct))
            .WithName("ReinstateAgent")
            .WithSummary("Reinstate a suspended agent, with a reason.");

        agents.MapPost("/{agentId:guid}/certifications", (Guid agentId, CertificationBody body, IMediator mediator, CancellationToken ct) =>
                ChangeAsync(agentId, new SetAgentCertification(agentId, body.Certification, body.Granted), mediator, ct))
            .WithName("SetAgentCertification")
            .WithSummary("Record (granted: true) or withdraw (granted: false) an organisation certification the operator verified.");

        agents.MapPut("/{agentId:guid}/capacity", (Guid agentId, CapacityBody body, IMediator mediator, CancellationToken ct) =>
                ChangeAsync(agentId, new SetAgentCapacity(agentId, body.MaxConcurrentJobs), mediator, ct))
            .WithName("SetAgentCapacity")
            .WithSummary("How many jobs the agent may hold at once.");
    }

    /// <summary>An agent's own views: <c>/agents/{agentId}</c>, behind the tenant route filter.</summary>
    public static void MapAgentViews(RouteGroupBuilder agent)
    {
        agent.MapGet("/", async (Guid agentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetAgent.GetAgent(agentId), ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.AgentOwner, Roles.AgentCoordinator, Roles.AgentReviewer, Roles.PlatformAdmin))
            .WithName("GetAgent")
            .WithSummary("The agent's profile, for its own staff and the operator.");

        agent.MapGet("/open-jobs", async (Guid agentId, bool? includeIneligible, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(
                    new ListOpenJobs(agentId, includeIneligible ?? false, Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? 20, 1, 100)), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("ListOpenJobs")
            .WithSummary("Open jobs the agent may offer for; with includeIneligible=true also the others, with the codes of the rules that refuse them.");

        agent.MapGet("/units", async (Guid agentId, WorkUnitStatus? status, Guid? jobId, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(
                    new ListAgentUnits(agentId, status, jobId is { } id ? new JobId(id) : null, Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? 50, 1, 500)), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("ListAgentUnits")
            .WithSummary("The agent's unit board: units in its pool with state, holder and lease expiry; leases about to expire first.");
    }

    private static async Task<Ok<AgentProfile>> ChangeAsync(Guid agentId, IRequest<MediatR.Unit> command, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(command, ct);
        return TypedResults.Ok(await mediator.Send(new GetAgent.GetAgent(agentId), ct));
    }
}
