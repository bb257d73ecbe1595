using FluentValidation;
using Market.Api.Features.Agents;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Offers;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Market.Api.Features.Offers.SubmitOffer;

/// <param name="Price">Integer yen for the whole job, before consumption tax.</param>
public sealed record OfferBody(long Price, DateTimeOffset DeliverBy, string? Note);

/// <summary>The caller's agent bids for an open job.</summary>
public sealed record SubmitOffer(JobId JobId, long Price, DateTimeOffset DeliverBy, string? Note) : ICommand<OfferId>;

public sealed class SubmitOfferValidator : AbstractValidator<SubmitOffer>
{
    public SubmitOfferValidator()
    {
        RuleFor(o => o.Price).GreaterThan(0).WithMessage("The price is a whole number of yen above 0.");
        RuleFor(o => o.DeliverBy).NotEmpty();
        RuleFor(o => o.Note).MaximumLength(Offer.MaxNoteLength);
    }
}

public sealed class SubmitOfferHandler(MarketDbContext db, ICurrentUser caller, TimeProvider clock) : IRequestHandler<SubmitOffer, OfferId>
{
    private const string LiveOfferIndex = "ix_offers_live_per_agent";

    public async Task<OfferId> Handle(SubmitOffer request, CancellationToken cancellationToken)
    {
        var agentId = caller.TenantId ?? throw new ForbiddenException(ErrorCodes.Forbidden, "Only agent staff make offers.");
        var now = clock.GetUtcNow();
        // A job the agent already works on is visible through the tenant filter (so a second offer on it is refused
        // by the domain as not open). Any other job is visible to a bidding agent only while it is Open: that is
        // what agents are invited to bid for, so reading it past the filter leaks nothing the open-jobs list doesn't.
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == request.JobId, cancellationToken)
            ?? await db.Jobs.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .SingleOrDefaultAsync(j => j.Id == request.JobId && j.Status == JobStatus.Open, cancellationToken)
            ?? throw new NotFoundException("job_not_found", "No such job.");
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agentId, cancellationToken)
            ?? throw new NotFoundException("agent_not_found", "No such agent.");
        var activeLoad = await AgentActiveLoad.CountAsync(db, agent.Id, cancellationToken);
        var ownOffers = await db.Offers.AsNoTracking().Where(o => o.JobId == job.Id).ToListAsync(cancellationToken);

        var offer = Offer.Submit(OfferId.New(), job, agent, activeLoad, ownOffers, new Yen(request.Price), request.DeliverBy, request.Note, now);
        db.Offers.Add(offer);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: LiveOfferIndex })
        {
            // Two submits raced past the domain's check; the partial unique index let one through.
            throw new DomainRuleException("offer_already_submitted", "The agent already has a live offer on this job; withdraw it to offer again.");
        }

        return offer.Id;
    }
}
