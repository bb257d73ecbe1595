using Market.Api.Persistence;
using Market.Api.Storage;
using Market.Domain.Files;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Media;

public sealed record SegmentAudio(FileId File, string MediaType, long Length);

/// <summary>
/// A transcription unit's own segment as a small MP3, encoded on first request and cached: a rural line downloads
/// about a megabyte for five minutes, not the whole recording. Two first requests at once both encode; the unique
/// key keeps one row (the bytes are identical: ffmpeg runs bit-exact).
/// </summary>
public sealed class SegmentAudioCache(MarketDbContext db, IBlobStore blobs, Ffmpeg ffmpeg, TimeProvider clock)
{
    public async Task<SegmentAudio> GetAsync(WorkUnit unit, CancellationToken cancellationToken)
    {
        var segment = unit.Segment ?? throw new Domain.Common.DomainRuleException("unit_has_no_audio", "Only transcription units have audio.");
        var cached = await db.UnitMedia.AsNoTracking().IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .SingleOrDefaultAsync(m => m.UnitId == unit.Id, cancellationToken);
        if (cached is not null)
        {
            return new SegmentAudio(new FileId(cached.FileSha256), cached.MediaType, cached.Length);
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
        return new SegmentAudio(blob.Id, "audio/mpeg", blob.Length);
    }
}
