using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Jobs.ListUnits;

public sealed record ListUnits(JobId JobId, WorkUnitStatus? Status, int Page, int PageSize) : IRequest<UnitPage>;

public sealed record UnitView(
    Guid Id,
    int Sequence,
    string Kind,
    string Status,
    int EstimatedMinutes,
    long? StartMs,
    long? EndMs,
    int? KeyingRound,
    int? RecordCount,
    IReadOnlyList<string>? Fields,
    string? PageUrl,
    Guid? WorkerId,
    int ReworkRounds);

public sealed record UnitPage(IReadOnlyList<UnitView> Items, int Page, int PageSize, int Total);

public sealed class ListUnitsHandler(MarketDbContext db) : IRequestHandler<ListUnits, UnitPage>
{
    public async Task<UnitPage> Handle(ListUnits request, CancellationToken cancellationToken)
    {
        if (!await db.Jobs.AnyAsync(j => j.Id == request.JobId, cancellationToken))
        {
            throw new NotFoundException("job_not_found", "No such job.");
        }

        var units = db.WorkUnits.AsNoTracking().Where(u => u.JobId == request.JobId);
        if (request.Status is { } status)
        {
            units = units.Where(u => u.Status == status);
        }

        var total = await units.CountAsync(cancellationToken);
        var page = await units.OrderBy(u => u.Sequence)
            .Skip((request.Page - 1) * request.PageSize)
            .Take(request.PageSize)
            .ToListAsync(cancellationToken);
        var items = page.Select(u => new UnitView(
            u.Id.Value,
            u.Sequence,
            u.Kind.ToString(),
            u.Status.ToString(),
            u.EstimatedMinutes,
            u.Segment?.StartMs,
            u.Segment?.EndMs,
            u.Slice?.KeyingRound,
            u.Slice?.RecordIndexes.Count,
            u.Slice?.FieldNames,
            u.Page?.Url,
            u.WorkerId,
            u.ReworkRounds)).ToList();
        return new UnitPage(items, request.Page, request.PageSize, total);
    }
}
