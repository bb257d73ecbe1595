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
