using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Offers;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Offers.AcceptOffer;

/// <summary>The job's client accepts one offer: the job is contracted to its agent and the other offers are declined.</summary>
public sealed record AcceptOffer(OfferId OfferId) : ICommand<AcceptedOffer>;

public sealed record AcceptedOffer(Guid OfferId, Guid JobId, string JobStatus, Guid ContractedAgentId, long AgreedPrice, int DeclinedOffers);

public sealed class AcceptOfferHandler(MarketDbContext db, TimeProvider clock) : IRequestHandler<AcceptOffer, AcceptedOffer>
{
    public async Task<AcceptedOffer> Handle(AcceptOffer request, CancellationToken cancellationToken)
    {
        // The tenant filter shows a client only the offers on its own jobs; the endpoint admits client members only.
        var offer = await db.Offers.SingleOrDefaultAsync(o => o.Id == request.OfferId, cancellationToken)
            ?? throw new NotFoundException("offer_not_found", "No such offer.");
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Id == offer.JobId, cancellationToken)
            ?? throw new NotFoundException("offer_not_found", "No such offer.");
        // The offering agent is another tenant; its vetting state decides whether it may still win the contract.
        var agent = await db.Agents.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking().SingleAsync(a => a.Id == offer.AgentId, cancellationToken);
        var others = await db.Offers.Where(o => o.JobId == job.Id && o.Id != offer.Id).ToListAsync(cancellationToken);
        var submittedBefore = others.Count(o => o.Status == OfferStatus.Submitted);

        OfferAcceptance.Accept(job, offer, agent, others, clock.GetUtcNow());
        // The job's xmin and ix_offers_one_accepted make a concurrent second acceptance fail with 409.
        await db.SaveChangesAsync(cancellationToken);

        return new AcceptedOffer(offer.Id.Value, job.Id.Value, job.Status.ToString(), offer.AgentId, offer.Price.Amount,
            submittedBefore - others.Count(o => o.Status == OfferStatus.Submitted));
    }
}
