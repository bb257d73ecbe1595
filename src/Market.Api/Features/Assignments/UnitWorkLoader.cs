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

    /// <summary>
    /// The first unit of <paramref name="units"/> (tracked; the rest read without tracking) with its job, the job's subcontracts
    /// and its twin, in one statement; null when there is none. For the claim, whose locking pick is already scoped to
    /// the caller's agent: the twin's join lifts the tenant filter for the whole statement (EF applies
    /// <c>IgnoreQueryFilters</c> to the query, not to one join), so a unit query that relies on the filter must use
    /// <see cref="LoadAsync"/> — the isolation matrix caught another agent's unit answering 409 instead of 404.
    /// </summary>
    public async Task<UnitWork?> FirstAsync(IQueryable<WorkUnit> units, CancellationToken cancellationToken)
    {
        // Plain left joins on primary keys (not FirstOrDefault subqueries, which EF may turn into a window over the table).
        var loaded = await (
                from u in units
                join j in db.Jobs on u.JobId equals j.Id into jobs
                from j in jobs.DefaultIfEmpty()
                // The twin may sit outside the caller's view (subcontracted elsewhere); it is read only for the rule that
                // the two keyings of a record go to two different workers.
                join t in db.WorkUnits.IgnoreQueryFilters([MarketDbContext.TenantFilter]) on u.TwinUnitId equals (WorkUnitId?)t.Id into twins
                from t in twins.DefaultIfEmpty()
                select new { Unit = u, Version = EF.Property<uint>(u, "Version"), Job = j, Subcontracts = db.Subcontracts.Where(s => s.JobId == u.JobId).ToList(), Twin = t })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (loaded.Count == 0)
        {
            return null;
        }

        // Only the unit changes: tracking it alone spares snapshotting and comparing the job (with its JSON settings),
        // the subcontracts and the twin at every save. Attached with the version it was read at (a shadow property,
        // which a query without tracking does not keep on the entity), so xmin still guards the write.
        var work = loaded[0];
        db.WorkUnits.Attach(work.Unit).Property<uint>("Version").OriginalValue = work.Version;
        return new UnitWork(
            work.Unit,
            work.Job ?? throw new InvalidOperationException($"Unit {work.Unit.Id.Value}'s job is not visible to the caller."),
            work.Subcontracts,
            work.Twin);
    }

    public async Task<Assignment> ActiveAssignmentAsync(WorkUnit unit, CancellationToken cancellationToken) =>
        await db.Assignments.SingleOrDefaultAsync(a => a.UnitId == unit.Id && a.Status == AssignmentStatus.Active, cancellationToken)
        ?? throw new Domain.Common.DomainRuleException("assignment_not_active", "Nobody holds this unit.");
}
