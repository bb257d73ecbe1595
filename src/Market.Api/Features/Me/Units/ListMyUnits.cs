using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Assignments;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Me.Units;

public sealed record ListMyUnits : IRequest<IReadOnlyList<MyUnitView>>;

public sealed record MyUnitView(
    Guid UnitId,
    Guid AssignmentId,
    Guid JobId,
    string JobTitle,
    string Kind,
    string UnitStatus,
    int Sequence,
    int EstimatedMinutes,
    DateTimeOffset AssignedAt,
    DateTimeOffset ExpiresAt,
    int MinutesLeft,
    DateTimeOffset? DraftSavedAt,
    DateTimeOffset JobDeadline);

/// <summary>The worker's units in hand, with the time left on each lease (soonest first).</summary>
public sealed class ListMyUnitsHandler(MarketDbContext db, ICurrentUser caller, TimeProvider clock) : IRequestHandler<ListMyUnits, IReadOnlyList<MyUnitView>>
{
    public async Task<IReadOnlyList<MyUnitView>> Handle(ListMyUnits request, CancellationToken cancellationToken)
    {
        var me = caller.UserId!.Value;
        var now = clock.GetUtcNow();
        var rows = await (
                from a in db.Assignments.AsNoTracking()
                where a.WorkerId == me && a.Status == AssignmentStatus.Active
                join u in db.WorkUnits.AsNoTracking() on a.UnitId equals u.Id
                join j in db.Jobs.AsNoTracking() on u.JobId equals j.Id
                orderby a.ExpiresAt
                select new
                {
                    UnitId = u.Id.Value,
                    AssignmentId = a.Id.Value,
                    JobId = j.Id.Value,
                    j.Title,
                    u.Kind,
                    u.Status,
                    u.Sequence,
                    u.EstimatedMinutes,
                    a.AssignedAt,
                    a.ExpiresAt,
                    DraftSavedAt = db.UnitDrafts.Where(d => d.UnitId == u.Id && d.AssignmentId == a.Id).Select(d => (DateTimeOffset?)d.SavedAt).FirstOrDefault(),
                    j.Deadline,
                })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new MyUnitView(
                r.UnitId, r.AssignmentId, r.JobId, r.Title, r.Kind.ToString(), r.Status.ToString(), r.Sequence, r.EstimatedMinutes,
                r.AssignedAt, r.ExpiresAt, Math.Max(0, (int)(r.ExpiresAt - now).TotalMinutes), r.DraftSavedAt, r.Deadline))
            .ToList();
    }
}
