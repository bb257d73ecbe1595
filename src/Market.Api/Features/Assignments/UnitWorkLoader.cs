using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Assignments;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Assignments;

/// <summary>Everything the domain needs to move one unit: the unit, its job, the job's subcontracts and its twin.</summary>
public sealed record UnitWork(WorkUnit Unit, Job Job, IReadOnlyList<Subcontract> Subcontracts, WorkUnit? Twin);

public sealed class UnitWorkLoader(MarketDbContext db)
{
    public async Task<UnitWork> LoadAsync(WorkUnitId unitId, CancellationToken cancellationToken)
    {
        var unit = await db.WorkUnits.SingleOrDefaultAsync(u => u.Id == unitId, cancellationToken)
            ?? throw new NotFoundException("unit_not_found", "No such unit.");
        var job = await db.Jobs.SingleAsync(j => j.Id == unit.JobId, cancellationToken);
        var subcontracts = await db.Subcontracts.Where(s => s.JobId == job.Id).ToListAsync(cancellationToken);

        // The twin may sit outside the caller's view (subcontracted elsewhere); it is read only for the rule that the
        // two keyings of a record go to two different workers.
        var twin = unit.TwinUnitId is { } twinId
            ? await db.WorkUnits.IgnoreQueryFilters([MarketDbContext.TenantFilter]).SingleAsync(u => u.Id == twinId, cancellationToken)
            : null;
        return new UnitWork(unit, job, subcontracts, twin);
    }

    public async Task<Assignment> ActiveAssignmentAsync(WorkUnit unit, CancellationToken cancellationToken) =>
        await db.Assignments.SingleOrDefaultAsync(a => a.UnitId == unit.Id && a.Status == AssignmentStatus.Active, cancellationToken)
        ?? throw new Domain.Common.DomainRuleException("assignment_not_active", "Nobody holds this unit.");
}
