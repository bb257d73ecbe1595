using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Jobs.ListJobs;

public sealed record ListJobs(JobStatus? Status, int Page, int PageSize) : IRequest<JobPage>;

public sealed record JobSummary(Guid Id, string Type, string Status, string Title, DateTimeOffset Deadline, string Confidentiality, int UnitCount, int AcceptedCount, DateTimeOffset CreatedAt);

public sealed record JobPage(IReadOnlyList<JobSummary> Items, int Page, int PageSize, int Total);

/// <summary>The caller's jobs: a client's own, an agent's contracted ones (the tenant filter decides), newest first.</summary>
public sealed class ListJobsHandler(MarketDbContext db) : IRequestHandler<ListJobs, JobPage>
{
    public async Task<JobPage> Handle(ListJobs request, CancellationToken cancellationToken)
    {
        var jobs = db.Jobs.AsNoTracking();
        if (request.Status is { } status)
        {
            jobs = jobs.Where(j => j.Status == status);
        }

        var total = await jobs.CountAsync(cancellationToken);
        var items = await jobs
            .OrderByDescending(j => j.CreatedAt)
            .Skip((request.Page - 1) * request.PageSize)
            .Take(request.PageSize)
            .Select(j => new JobSummary(
                j.Id.Value,
                j.Type.ToString(),
                j.Status.ToString(),
                j.Title,
                j.Deadline,
                j.Confidentiality.ToString(),
                db.WorkUnits.Count(u => u.JobId == j.Id && u.Status != WorkUnitStatus.Withdrawn),
                db.WorkUnits.Count(u => u.JobId == j.Id && u.Status == WorkUnitStatus.Accepted),
                j.CreatedAt))
            .ToListAsync(cancellationToken);
        return new JobPage(items, request.Page, request.PageSize, total);
    }
}
