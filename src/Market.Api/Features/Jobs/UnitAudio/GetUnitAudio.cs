using Market.Api.Infrastructure;
using Market.Api.Media;
using Market.Api.Persistence;
using Market.Api.Storage;
using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Jobs.UnitAudio;

public sealed record GetUnitAudio(JobId JobId, WorkUnitId UnitId) : ICommand<UnitAudioFile>;

public sealed record UnitAudioFile(FileId File, string MediaType, long Length);

/// <summary>
/// A transcription unit's own segment as a small MP3, encoded on first request and cached: a rural line downloads
/// about a megabyte for five minutes, not the whole recording.
/// </summary>
public sealed class GetUnitAudioHandler(MarketDbContext db, IBlobStore blobs, Ffmpeg ffmpeg, TimeProvider clock)
    : IRequestHandler<GetUnitAudio, UnitAudioFile>
{
    public async Task<UnitAudioFile> Handle(GetUnitAudio request, CancellationToken cancellationToken)
    {
        var unit = await db.WorkUnits.AsNoTracking()
            .SingleOrDefaultAsync(u => u.Id == request.UnitId && u.JobId == request.JobId, cancellationToken)
            ?? throw new NotFoundException("unit_not_found", "No such unit.");
        var segment = unit.Segment ?? throw new DomainRuleException("unit_has_no_audio", "Only transcription units have audio.");

        var cached = await db.UnitMedia.AsNoTracking().SingleOrDefaultAsync(m => m.UnitId == unit.Id, cancellationToken);
        if (cached is not null)
        {
            return new UnitAudioFile(new FileId(cached.FileSha256), cached.MediaType, cached.Length);
        }

        var bytes = await ffmpeg.EncodeSegmentAsync(blobs.PathOf(segment.File), segment.StartMs, segment.EndMs, cancellationToken);
        var blob = await blobs.PutAsync(new MemoryStream(bytes), long.MaxValue, cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO unit_media (unit_id, file_sha256, media_type, length, created_at)
            VALUES ({unit.Id.Value}, {blob.Id.Sha256Hex}, {"audio/mpeg"}, {blob.Length}, {clock.GetUtcNow()})
            ON CONFLICT (unit_id) DO NOTHING
            """,
            cancellationToken);
        return new UnitAudioFile(blob.Id, "audio/mpeg", blob.Length);
    }
}
