using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Api.Storage;
using Market.Domain.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Files.Upload;

public sealed record UploadFile(Stream Content, string? FileName, long MaxBytes) : ICommand<FileResponse>;

public sealed record FileResponse(string Id, string FileName, string MediaType, long Length, DateTimeOffset UploadedAt)
{
    public static FileResponse From(StoredFile file) => new(file.Sha256, file.FileName, file.MediaType, file.Length, file.UploadedAt);
}

public sealed class UploadFileHandler(MarketDbContext db, IBlobStore blobs, ICurrentUser caller, TimeProvider clock)
    : IRequestHandler<UploadFile, FileResponse>
{
    private static readonly HashSet<FileKind> Accepted = [FileKind.Wav, FileKind.Mp3, FileKind.M4a, FileKind.Csv, FileKind.Json, FileKind.Png, FileKind.Jpeg];

    public async Task<FileResponse> Handle(UploadFile request, CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId ?? throw new ForbiddenException("no_tenant", "Only members of a client firm or an agent upload files.");
        StoredBlob blob;
        try
        {
            blob = await blobs.PutAsync(request.Content, request.MaxBytes, cancellationToken);
        }
        catch (BlobTooLargeException e)
        {
            throw new BadHttpRequestException(e.Message, StatusCodes.Status413PayloadTooLarge);
        }

        if (blob.Length == 0)
        {
            throw new UnprocessableInputException("file_empty", "The file is empty.");
        }

        var kind = FileSniffer.Detect(blob.Head);
        if (!Accepted.Contains(kind))
        {
            throw new UnsupportedFileTypeException();
        }

        if (ImageDimensions.IsTooLarge(kind, blob.Head))
        {
            throw new UnprocessableInputException("image_too_large", $"Images are limited to {ImageDimensions.MaxPixels / 1_000_000} megapixels.");
        }

        await db.RecordAsync(blob, tenantId, caller.UserId!.Value, DisplayName(request.FileName, kind), FileSniffer.MediaType(kind), clock.GetUtcNow(), cancellationToken);
        var file = await db.StoredFiles.AsNoTracking().SingleAsync(f => f.TenantId == tenantId && f.Sha256 == blob.Id.Sha256Hex, cancellationToken);
        return FileResponse.From(file);
    }

    // Keep only the last path segment and printable characters: the name is for people, never for the file system.
    private static string DisplayName(string? name, FileKind kind)
    {
        var cleaned = new string(Path.GetFileName((name ?? string.Empty).Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (cleaned.Length == 0)
        {
            cleaned = $"upload.{kind.ToString().ToLowerInvariant()}";
        }

        return cleaned.Length > 255 ? cleaned[..255] : cleaned;
    }
}

public sealed class UnsupportedFileTypeException()
    : Exception("Only WAV, MP3, M4A audio, CSV or JSON text and PNG or JPEG images are accepted (checked by content).");
