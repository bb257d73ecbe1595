using Market.Api.Features.Money.Ledger;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Money;
using Market.Domain.Pricing;
using Market.Domain.Quality;
using Market.Domain.Subcontracting;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Money.Earnings;

/// <summary>
/// Every QC acceptance — a reviewer's accept, an unsampled submission, the 72-hour auto-accept, an overturned
/// appeal — posts the worker's earning in the same transaction (ADR 0010). The key is the unit's
/// (<c>earning:{unitId}</c>), or the review task's when the appellant's unit had already gone to someone else;
/// its unique index makes a second earning for the same acceptance impossible, whatever path it came by.
/// </summary>
public sealed class PostEarningOnAcceptance(MarketDbContext db, LedgerBook ledger) : IDomainEventHandler<SubmissionAccepted>
{
    public async Task HandleAsync(SubmissionAccepted accepted, CancellationToken cancellationToken)
    {
        // Posting is the platform's doing, not the caller's: a sub-agent's reviewer cannot see the lead's job.
        var job = await db.Jobs.IgnoreQueryFilters([MarketDbContext.TenantFilter]).SingleAsync(j => j.Id == accepted.JobId, cancellationToken);
        var unit = await db.WorkUnits.IgnoreQueryFilters([MarketDbContext.TenantFilter]).SingleAsync(u => u.Id == accepted.UnitId, cancellationToken);
        Subcontract? subcontract = null;
        if (accepted.AgentId != job.ContractedAgentId)
        {
            var candidates = await db.Subcontracts.IgnoreQueryFilters([MarketDbContext.TenantFilter])
                .Where(s => s.JobId == job.Id && s.SubAgentId == accepted.AgentId && s.Status == SubcontractStatus.Accepted)
                .ToListAsync(cancellationToken);
            subcontract = candidates.SingleOrDefault(s => s.Covers(unit.Id));
        }

        var settings = await db.AgentMoneySettings.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .SingleOrDefaultAsync(s => s.AgentId == accepted.AgentId, cancellationToken);
        var earning = Domain.Money.Earnings.ForAcceptance(
            accepted, job, unit, RateCard.Default, subcontract, settings?.Withholding ?? WithholdingConfig.Default);
        if (earning is not null)
        {
            await ledger.PostAsync(earning, cancellationToken);
        }
    }
}
