using Market.Api.Infrastructure;
using Market.Api.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Certifications;

/// <summary>One certification the caller holds, with its state now and the dates of its lifecycle.</summary>
public sealed record MyCertificationView(string Code, string NameJa, string NameEn, HeldCertificationView Certification);

public sealed record GetMyCertifications : IRequest<IReadOnlyList<MyCertificationView>>;

public sealed class MyCertificationHandler(MarketDbContext db, ICurrentUser caller, TimeProvider clock)
    : IRequestHandler<GetMyCertifications, IReadOnlyList<MyCertificationView>>
{
    public async Task<IReadOnlyList<MyCertificationView>> Handle(GetMyCertifications request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var me = caller.UserId!.Value;
        var held = await db.WorkerCertifications.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(c => c.UserId == me).OrderBy(c => c.Code).ToListAsync(cancellationToken);
        var names = await db.CertificationTypes.AsNoTracking().ToDictionaryAsync(t => t.Code, t => (t.NameJa, t.NameEn), cancellationToken);
        return held.Select(c =>
        {
            var (ja, en) = names.GetValueOrDefault(c.Code, (c.Code, c.Code));
            return new MyCertificationView(c.Code, ja, en, HeldCertificationView.Of(c, now));
        }).ToList();
    }
}
