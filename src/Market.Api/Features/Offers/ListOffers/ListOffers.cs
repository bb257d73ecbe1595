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

    private async Task<IReadOnlyList<OfferView>> ViewsAsync(IQueryable<Offer> query, CancellationToken cancellationToken)
    {
        var offers = await query.ToListAsync(cancellationToken);
        var agentIds = offers.Select(o => o.AgentId).Distinct().ToList();
        // The offering agents' names are shown to the client they bid to: agents are other tenants, read past the
        // filter in a query of their own (IgnoreQueryFilters applies to a whole query, so joined into the offers
        // query it would lift the offers' filter too).
        var names = await db.Agents.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(a => agentIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        return offers.Select(o => new OfferView(
            o.Id.Value,
            o.JobId.Value,
            o.AgentId,
            names.GetValueOrDefault(o.AgentId, string.Empty),
            o.Price.Amount,
            o.DeliverBy,
            o.Note,
            o.Status.ToString(),
            o.SubmittedAt,
            o.DecidedAt)).ToList();
    }
}
