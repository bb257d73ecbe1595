using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Subcontracting;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Subcontracts.CancelSubcontract;

/// <summary>The lead takes the units back, while no worker has started on them.</summary>
public sealed record CancelSubcontract(SubcontractId SubcontractId, string? Reason) : ICommand<MediatR.Unit>;

public sealed class CancelSubcontractHandler(MarketDbContext db, ICurrentUser caller, TimeProvider clock) : IRequestHandler<CancelSubcontract, MediatR.Unit>
{
    public async Task<MediatR.Unit> Handle(CancelSubcontract request, CancellationToken cancellationToken)
    {
        var agentId = caller.TenantId ?? throw new ForbiddenException(ErrorCodes.Forbidden, "Only agent staff cancel subcontracts.");
        var subcontract = await db.Subcontracts.SingleOrDefaultAsync(s => s.Id == request.SubcontractId, cancellationToken)
            ?? throw new NotFoundException("subcontract_not_found", "No such subcontract.");
        var unitIds = subcontract.UnitIds.ToList();
        var units = await db.WorkUnits.AsNoTracking()
            .Where(u => unitIds.Contains(u.Id))
            .ToListAsync(cancellationToken);
        subcontract.Cancel(agentId, request.Reason!, units, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return MediatR.Unit.Value;
    }
}
