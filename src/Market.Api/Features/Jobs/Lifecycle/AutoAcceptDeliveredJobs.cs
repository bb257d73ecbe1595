using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Quality;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Market.Api.Features.Jobs.Lifecycle;

/// <summary>
/// A client who neither accepts nor asks for a revision within 14 days of delivery has accepted: the agent and its
/// workers are not left waiting on silence.
/// </summary>
public sealed record AutoAcceptDeliveredJobs(int BatchSize = 100) : ICommand<int>;

public sealed class AutoAcceptDeliveredJobsHandler(MarketDbContext db, AuditLog audit, TimeProvider clock) : IRequestHandler<AutoAcceptDeliveredJobs, int>
{
    public async Task<int> Handle(AutoAcceptDeliveredJobs request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var windowOpenedBefore = now - ClientAutoAccept.Window;
        var due = await db.Jobs
            .Where(j => j.Status == JobStatus.Delivered && j.DeliveredAt <= windowOpenedBefore)
            .OrderBy(j => j.DeliveredAt)
            .Take(request.BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var job in due)
        {
            ClientAutoAccept.AcceptIfDue(job, now);
            audit.Record("job.auto_accepted", "job", job.Id.Value.ToString(), new { deliveredAt = job.DeliveredAt }, job.ClientId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }
}

[DisallowConcurrentExecution]
public sealed class ClientAutoAcceptJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("client-auto-accept", "jobs");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (await mediator.Send(new AutoAcceptDeliveredJobs(), cancellationToken) > 0 && !cancellationToken.IsCancellationRequested)
        {
        }
    }
}
