using Market.Api.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Market.Api.Features.Files.Upload;

public static class UploadFileEndpoint
{
    public static void Map(RouteGroupBuilder files, long maxUploadBytes) =>
        files.MapPost("/", async (HttpRequest http, IMediator mediator, CancellationToken ct) =>
            {
                // Streamed straight from the request to the blob store: a 500 MB recording never sits in memory.
                var (content, fileName) = await OpenFileSectionAsync(http, ct);
                var file = await mediator.Send(new UploadFile(content, fileName, maxUploadBytes), ct);
                return TypedResults.Created($"/api/v1/files/{file.Id}", file);
            })
            .WithMetadata(new RequestSizeLimitAttribute(maxUploadBytes + (64 * 1024)))
            .WithUserAndIpRateLimit(RateLimited.Upload)
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<FileResponse>(StatusCodes.Status201Created)
            .WithName("UploadFile")
            .WithSummary("Upload one file as multipart/form-data (part name 'file'); its type is decided by content.");

    private static async Task<(Stream Content, string? FileName)> OpenFileSectionAsync(HttpRequest http, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(http.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new BadHttpRequestException("Send the file as multipart/form-data.", StatusCodes.Status415UnsupportedMediaType);
        }

        // A compressed request body is never inflated (no decompression bombs): it is refused outright.
        if (http.Headers.ContentEncoding.Any(e => !string.Equals(e, "identity", StringComparison.OrdinalIgnoreCase)))
        {
            throw new BadHttpRequestException("Send the file uncompressed (no Content-Encoding).", StatusCodes.Status415UnsupportedMediaType);
        }

        var reader = new MultipartReader(boundary, http.Body);
        while (await NextSectionAsync(reader, ct) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && disposition.DispositionType.Equals("form-data")
                && disposition.Name.Value == "file")
            {
                var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                return (section.Body, name);
            }
        }

        throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("file", "A form part named 'file' is required.")]);
    }

    private static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadNextSectionAsync(ct);
        }
        catch (IOException e)
        {
            throw new BadHttpRequestException("The multipart body is malformed.", StatusCodes.Status400BadRequest, e);
        }
    }
}
