using Market.Api.Storage;
using Market.Domain.Files;
using MediatR;

namespace Market.Api.Features.Files.Download;

public static class FileEndpoints
{
    public static void Map(RouteGroupBuilder files)
    {
        files.MapGet("/{id}", async (string id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetFile(NormalisedId(id)), ct)))
            .WithName("GetFile")
            .WithSummary("A file's metadata, if the caller's tenant uploaded it.");

        files.MapGet("/{id}/content", async (string id, IMediator mediator, IBlobStore blobs, CancellationToken ct) =>
            {
                var file = await mediator.Send(new GetFile(NormalisedId(id)), ct);
                return TypedResults.Stream(blobs.OpenRead(new FileId(file.Id)), file.MediaType, file.FileName, enableRangeProcessing: true);
            })
            .WithName("DownloadFile")
            .WithSummary("The file's bytes (supports HTTP ranges), if the caller's tenant uploaded it.");
    }

    // An id that is not a SHA-256 cannot name a file: answer 404 like any other unknown id.
    private static string NormalisedId(string id) =>
        FileId.IsValid(id) ? id : throw new Infrastructure.NotFoundException("file_not_found", "No such file.");
}
