using Market.Api.Infrastructure;
using Market.Api.Media;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Jobs.UnitAudio;

/// <summary>The client or agent staff listen to a unit's segment (reviewers beside the text; clients checking).</summary>
public sealed record GetUnitAudio(JobId JobId, WorkUnitId UnitId) : ICommand<SegmentAudio>;

public sealed class GetUnitAudioHandler(MarketDbContext db, SegmentAudioCache cache) : IRequestHandler<GetUnitAudio, SegmentAudio>
{
    public async Task<SegmentAudio> Handle(GetUnitAudio request, CancellationToken cancellationToken)
    {
        var unit = await db.WorkUnits.AsNoTracking()
            .SingleOrDefaultAsync(u => u.Id == request.UnitId && u.JobId == request.JobId, cancellationToken)
            ?? throw new NotFoundException("unit_not_found", "No such unit.");
        return await cache.GetAsync(unit, cancellationToken);
    }
}
