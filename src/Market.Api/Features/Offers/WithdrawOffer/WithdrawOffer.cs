using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Offers;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Offers.WithdrawOffer;

/// <summary>The offering agent takes back a submitted offer (it may offer again afterwards).</summary>
public sealed record WithdrawOffer(OfferId OfferId) : ICommand<MediatR.Unit>;

public sealed class WithdrawOfferHandler(MarketDbContext db, TimeProvider clock) : IRequestHandler<WithdrawOffer, MediatR.Unit>
{
    public async Task<MediatR.Unit> Handle(WithdrawOffer request, CancellationToken cancellationToken)
    {
        // The endpoint admits agent managers only, and the tenant filter shows an agent nothing but its own offers.
        var offer = await db.Offers.SingleOrDefaultAsync(o => o.Id == request.OfferId, cancellationToken)
            ?? throw new NotFoundException("offer_not_found", "No such offer.");
        offer.Withdraw(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return MediatR.Unit.Value;
    }
}
