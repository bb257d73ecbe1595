using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Offers;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Offers.ListOffers;

/// <summary>
/// Offers on a job, oldest first. The tenant filter decides whose: the job's client sees every offer, an agent only
/// its own. An agent that has offered for an open job may list its offers on it although the job itself is not yet
/// visible to it; anyone else gets 404.
/// </summary>
public sealed record ListOffers(JobId JobId) : IRequest<IReadOnlyList<OfferView>>;

public sealed record GetOffer(OfferId OfferId) : IRequest<OfferView>;

public sealed record OfferView(
    Guid Id,
    Guid JobId,
    Guid AgentId,
    string AgentName,
    long Price,
    DateTimeOffset DeliverBy,
    string? Note,
    string Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DecidedAt);

public sealed class ListOffersHandlers(MarketDbContext db) :
    IRequestHandler<ListOffers, IReadOnlyList<OfferView>>,
    IRequestHandler<GetOffer, OfferView>
{
    public async Task<IReadOnlyList<OfferView>> Handle(ListOffers request, CancellationToken cancellationToken)
    {
        var offers = db.Offers.AsNoTracking().Where(o => o.JobId == request.JobId);
        if (!await db.Jobs.AnyAsync(j => j.Id == request.JobId, cancellationToken) && !await offers.AnyAsync(cancellationToken))
        {
            throw new NotFoundException("job_not_found", "No such job.");
        }

        return await ViewsAsync(offers.OrderBy(o => o.SubmittedAt).ThenBy(o => o.Id), cancellationToken);
    }

    public async Task<OfferView> Handle(GetOffer request, CancellationToken cancellationToken) =>
        (await ViewsAsync(db.Offers.AsNoTracking().Where(o => o.Id == request.OfferId), cancellationToken)).SingleOrDefault()
        ?? throw new NotFoundException("offer_not_found", "No such offer.");

    private async Task<IReadOnlyList<OfferView>> ViewsAsync(IQueryable<Offer> offers, CancellationToken cancellationToken)
    {
        // The offering agent's name is shown to the client it bid to: agents are other tenants, read past the filter.
        var agents = db.Agents.IgnoreQueryFilters([MarketDbContext.TenantFilter]);
        var rows = await offers
            .Join(agents, o => o.AgentId, a => a.Id, (o, a) => new { Offer = o, AgentName = a.Name })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new OfferView(
            r.Offer.Id.Value,
            r.Offer.JobId.Value,
            r.Offer.AgentId,
            r.AgentName,
            r.Offer.Price.Amount,
            r.Offer.DeliverBy,
            r.Offer.Note,
            r.Offer.Status.ToString(),
            r.Offer.SubmittedAt,
            r.Offer.DecidedAt)).ToList();
    }
}
