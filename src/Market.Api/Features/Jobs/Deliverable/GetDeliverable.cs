using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Jobs.Deliverable;

public sealed record GetDeliverable(JobId JobId) : IRequest<DeliverableFile>;

public sealed record DeliverableFile(FileId File, string FileName, string MediaType);

public sealed class GetDeliverableHandler(MarketDbContext db) : IRequestHandler<GetDeliverable, DeliverableFile>
{
    public async Task<DeliverableFile> Handle(GetDeliverable request, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == request.JobId, cancellationToken)
            ?? throw new NotFoundException("job_not_found", "No such job.");
        var file = job.Deliverable ?? throw new DomainRuleException("job_not_delivered", "The job has not been delivered yet.");

        // The deliverable was uploaded by the agent's tenant; the client reaches it through the job, not the file row.
        var stored = await db.StoredFiles.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(f => f.Sha256 == file.Sha256Hex)
            .Select(f => new { f.FileName, f.MediaType })
            .FirstOrDefaultAsync(cancellationToken);
        return new DeliverableFile(file, stored?.FileName ?? $"deliverable-{job.Id.Value:N}", stored?.MediaType ?? "application/octet-stream");
    }
}
