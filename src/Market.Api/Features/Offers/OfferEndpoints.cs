using Market.Api.Features.Offers.AcceptOffer;
using Market.Api.Features.Offers.ListOffers;
using Market.Api.Features.Offers.StartWork;
using Market.Api.Features.Offers.SubmitOffer;
using Market.Api.Features.Offers.WithdrawOffer;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Domain.Jobs;
using Market.Domain.Offers;
using MediatR;

namespace Market.Api.Features.Offers;

public static class OfferEndpoints
{
    /// <summary>Offers and the contract's start, under <c>/jobs</c>.</summary>
    public static void MapOnJobs(RouteGroupBuilder jobs)
    {
        jobs.MapPost("/{id:guid}/offers", async (Guid id, OfferBody body, IMediator mediator, CancellationToken ct) =>
            {
                var offerId = await mediator.Send(new SubmitOffer.SubmitOffer(new JobId(id), body.Price, body.DeliverBy, body.Note), ct);
                return TypedResults.Created($"/api/v1/offers/{offerId.Value}", await mediator.Send(new GetOffer(offerId), ct));
            })
            .RequireAuthorization(Policies.AgentManager)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithName("SubmitOffer")
            .WithSummary("The caller's agent offers a price and a delivery date for an open job it is eligible for. Accepts Idempotency-Key.");

        jobs.MapGet("/{id:guid}/offers", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListOffers.ListOffers(new JobId(id)), ct)))
            .RequireAuthorization(Policies.AgentStaffOrClient)
            .WithName("ListJobOffers")
            .WithSummary("Offers on a job: the client sees all of them, an agent only its own.");

        jobs.MapPost("/{id:guid}/start-work", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new StartWork.StartWork(new JobId(id)), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("StartWork")
            .WithSummary("The contracted agent starts the job: every planned unit becomes available to its pool.");
    }

    /// <summary><c>/offers/{id}</c>: read, withdraw, accept.</summary>
    public static void MapOffers(RouteGroupBuilder offers)
    {
        offers.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetOffer(new OfferId(id)), ct)))
            .RequireAuthorization(Policies.AgentStaffOrClient)
            .WithName("GetOffer")
            .WithSummary("One offer, for the offering agent and the job's client.");

        offers.MapPost("/{id:guid}/withdraw", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new WithdrawOffer.WithdrawOffer(new OfferId(id)), ct);
                return TypedResults.Ok(await mediator.Send(new GetOffer(new OfferId(id)), ct));
            })
            .RequireAuthorization(Policies.AgentManager)
            .WithName("WithdrawOffer")
            .WithSummary("The offering agent takes back a submitted offer; it may offer again afterwards.");

        offers.MapPost("/{id:guid}/accept", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AcceptOffer.AcceptOffer(new OfferId(id)), ct)))
            .RequireAuthorization(Policies.ClientMember)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithName("AcceptOffer")
            .WithSummary("The job's client accepts an offer: the job is contracted to its agent and the other offers are declined. Accepts Idempotency-Key.");
    }
}
