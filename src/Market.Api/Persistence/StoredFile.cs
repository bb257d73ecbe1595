using Microsoft.EntityFrameworkCore;

namespace Market.Api.Persistence;

/// <summary>
/// A tenant's upload. The bytes live once in the blob store under their SHA-256; each tenant that uploads them
/// gets its own row, so access follows the tenant, not the content.
/// </summary>
public sealed class StoredFile
{
    public Guid Id { get; init; }

    public required string Sha256 { get; init; }

    public Guid TenantId { get; init; }

    public Guid UploadedBy { get; init; }

    /// <summary>Shown to people only; never used to build a path.</summary>
    public required string FileName { get; init; }

    public required string MediaType { get; init; }

    public long Length { get; init; }

    public DateTimeOffset UploadedAt { get; init; }
}

public static class StoredFiles
{
    /// <summary>
    /// Records that a tenant holds a blob. The same bytes recorded again (or by two requests at once) stay one file: the
    /// unique key decides, not a prior read.
    /// </summary>
    public static Task RecordAsync(
        this MarketDbContext db,
        Storage.StoredBlob blob,
        Guid tenantId,
        Guid uploadedBy,
        string fileName,
        string mediaType,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO stored_files (id, sha256, tenant_id, uploaded_by, file_name, media_type, length, uploaded_at)
            VALUES ({Guid.CreateVersion7(now)}, {blob.Id.Sha256Hex}, {tenantId}, {uploadedBy}, {fileName}, {mediaType}, {blob.Length}, {now})
            ON CONFLICT (tenant_id, sha256) DO NOTHING
            """,
            cancellationToken);
}
