using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Pricing;
using Market.Domain.Reports;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Reports;

/// <summary>The facts the impact reports are computed from, read for a range of months and optionally one agent's workers or one prefecture.</summary>
public sealed record ImpactFactSet(IReadOnlyList<WorkerRegion> Workers, IReadOnlyList<WorkFact> Work, IReadOnlyList<AcceptedUnitFact> Accepted, IReadOnlyList<PaidOutFact> PaidOut);

/// <summary>
/// Reads workers, submissions, accepted units and confirmed payouts. Yen to local workers is each accepted unit's worker
/// pay at the rate card (what the earning posted on acceptance credits the worker); yen paid out is what the agents'
/// confirmed transfers actually sent, in the month of the payment date (a failed transfer is not counted).
/// </summary>
public sealed class ImpactFacts(MarketDbContext db)
{
    /// <summary>Where the yen figures come from, stated in every report so a reader knows what the number means.</summary>
    public const string YenBasis = "worker_pay_of_accepted_units";

    public async Task<ImpactFactSet> ReadAsync(YearMonth from, YearMonth to, Guid? agentId, string? prefecture, CancellationToken cancellationToken)
    {
        var start = from.Start;
        var end = to.End;
        var profiles = db.WorkerProfiles.AsNoTracking().Where(p => p.RegisteredAt < end);
        if (agentId is { } agent)
        {
            profiles = profiles.Where(p => p.AgentId == agent);
        }

        if (prefecture is not null)
        {
            profiles = profiles.Where(p => p.Prefecture == prefecture);
        }

        var workers = (await profiles
                .Select(p => new { p.UserId, p.Prefecture, p.Municipality, p.RegisteredAt, p.Status, p.StatusChangedAt })
                .ToListAsync(cancellationToken))
            .Select(p => new WorkerRegion(p.UserId, p.Prefecture, p.Municipality, p.RegisteredAt, p.Status == MembershipStatus.Left ? p.StatusChangedAt : null))
            .ToList();
        var ids = workers.Select(w => w.UserId).ToList();

        var work = (await db.UnitSubmissions.AsNoTracking()
                .Where(s => ids.Contains(s.WorkerId) && s.SubmittedAt >= start && s.SubmittedAt < end)
                .Select(s => new { s.WorkerId, s.SubmittedAt })
                .ToListAsync(cancellationToken))
            .Select(s => new WorkFact(s.WorkerId, s.SubmittedAt))
            .ToList();

        var accepted = await (
                from u in db.WorkUnits.AsNoTracking()
                where u.Status == WorkUnitStatus.Accepted && u.WorkerId != null && ids.Contains(u.WorkerId.Value) && u.AcceptedAt >= start && u.AcceptedAt < end
                join j in db.Jobs.AsNoTracking() on u.JobId equals j.Id
                join c in db.ClientFirms.AsNoTracking() on j.ClientId equals c.Id
                select new { Unit = u, Job = j, c.Prefecture })
            .ToListAsync(cancellationToken);
        var facts = accepted
            .Select(a => new AcceptedUnitFact(a.Unit.WorkerId!.Value, a.Unit.Kind, RateCard.Default.PayFor(a.Job, a.Unit), a.Prefecture, a.Unit.AcceptedAt!.Value))
            .ToList();
        var firstDay = new DateOnly(from.Year, from.Month, 1);
        var afterLastDay = new DateOnly(to.Year, to.Month, 1).AddMonths(1);
        var paidOut = (await (
                    from p in db.Payouts.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                    join b in db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking() on p.BatchId equals b.Id
                    where b.Status == PayoutBatchStatus.Confirmed && p.Status == PayoutStatus.Paid && ids.Contains(p.WorkerId)
                          && b.PaymentDate >= firstDay && b.PaymentDate < afterLastDay
                    select new { p.WorkerId, p.Amount, b.PaymentDate })
                .ToListAsync(cancellationToken))
            .Select(p => new PaidOutFact(p.WorkerId, new Yen(p.Amount), p.PaymentDate))
            .ToList();
        return new ImpactFactSet(workers, work, facts, paidOut);
    }
}
