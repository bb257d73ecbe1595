using Market.Api.Features.Files.Upload;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Files.Download;

public sealed record GetFile(string Id) : IRequest<FileResponse>;

public sealed class GetFileHandler(MarketDbContext db) : IRequestHandler<GetFile, FileResponse>
{
    public async Task<FileResponse> Handle(GetFile request, CancellationToken cancellationToken)
    {
        var file = await db.StoredFiles.AsNoTracking().Where(f => f.Sha256 == request.Id).OrderBy(f => f.UploadedAt).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("file_not_found", "No such file.");
        return FileResponse.From(file);
    }
}
