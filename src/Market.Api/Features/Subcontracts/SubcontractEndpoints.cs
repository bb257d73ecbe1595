using Market.Api.Features.Subcontracts.AnswerSubcontract;
using Market.Api.Features.Subcontracts.CancelSubcontract;
using Market.Api.Features.Subcontracts.ListSubcontracts;
using Market.Api.Features.Subcontracts.ProposeSubcontract;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Market.Api.Features.Subcontracts;

public static class SubcontractEndpoints
{
    /// <summary>Subcontracts of a job, under <c>/jobs</c>.</summary>
    public static void MapOnJobs(RouteGroupBuilder jobs)
    {
        jobs.MapPost("/{id:guid}/subcontracts", async (Guid id, SubcontractBody body, IMediator mediator, CancellationToken ct) =>
            {
                var subcontractId = await mediator.Send(
                    new ProposeSubcontract.ProposeSubcontract(new JobId(id), body.SubAgentId, body.UnitIds ?? [], body.Price, body.Basis), ct);
                return TypedResults.Created($"/api/v1/subcontracts/{subcontractId.Value}", await mediator.Send(new GetSubcontract(subcontractId), ct));
            })
            .RequireAuthorization(Policies.AgentManager)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithName("ProposeSubcontract")
            .WithSummary("The lead agent offers a set of the job's unstarted units to an allied agent. Accepts Idempotency-Key.");

        jobs.MapGet("/{id:guid}/subcontracts", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListSubcontracts.ListSubcontracts(new JobId(id)), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("ListJobSubcontracts")
            .WithSummary("A job's subcontracts: the lead sees all, a sub-agent those offered to it.");
    }

    /// <summary><c>/subcontracts/{id}</c>: read, accept, decline, cancel.</summary>
    public static void MapSubcontracts(RouteGroupBuilder subcontracts)
    {
        subcontracts.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetSubcontract(new SubcontractId(id)), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("GetSubcontract")
            .WithSummary("One subcontract, for the lead and the sub-agent.");

        subcontracts.MapPost("/{id:guid}/accept", (Guid id, IMediator mediator, CancellationToken ct) =>
                ChangeAsync(id, new AcceptSubcontract(new SubcontractId(id)), mediator, ct))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("AcceptSubcontract")
            .WithSummary("The sub-agent takes the units; its team works them, the lead keeps the guarantee.");

        subcontracts.MapPost("/{id:guid}/decline", (Guid id, SubcontractReasonBody body, IMediator mediator, CancellationToken ct) =>
                ChangeAsync(id, new DeclineSubcontract(new SubcontractId(id), body.Reason), mediator, ct))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("DeclineSubcontract")
            .WithSummary("The sub-agent turns the units down, with a reason.");

        subcontracts.MapPost("/{id:guid}/cancel", (Guid id, SubcontractReasonBody body, IMediator mediator, CancellationToken ct) =>
                ChangeAsync(id, new CancelSubcontract.CancelSubcontract(new SubcontractId(id), body.Reason), mediator, ct))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("CancelSubcontract")
            .WithSummary("The lead takes the units back while no worker has started on them, with a reason.");
    }

    private static async Task<Ok<SubcontractView>> ChangeAsync(Guid id, IRequest<MediatR.Unit> command, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(command, ct);
        return TypedResults.Ok(await mediator.Send(new GetSubcontract(new SubcontractId(id)), ct));
    }
}
