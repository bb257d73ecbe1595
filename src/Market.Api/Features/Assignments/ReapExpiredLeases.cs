using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Assignments;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Market.Api.Features.Assignments;

/// <summary>Returns units whose lease ran out to the pool. Runs in batches so one fire never holds many row locks.</summary>
public sealed record ReapExpiredLeases(int BatchSize = 200) : ICommand<int>;

public sealed class ReapExpiredLeasesHandler(MarketDbContext db, AuditLog audit, Quality.SubmissionReviews reviews, TimeProvider clock) : IRequestHandler<ReapExpiredLeases, int>
{
    public async Task<int> Handle(ReapExpiredLeases request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = await db.Assignments
            .Where(a => a.Status == AssignmentStatus.Active && a.ExpiresAt <= now)
            .OrderBy(a => a.ExpiresAt)
            .Take(request.BatchSize)
            .ToListAsync(cancellationToken);
        if (expired.Count == 0)
        {
            return 0;
        }

        var unitIds = expired.Select(a => a.UnitId).ToList();
        var units = await db.WorkUnits.Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        foreach (var assignment in expired)
        {
            UnitAssignment.ExpireLease(units[assignment.UnitId], assignment, now);
            await reviews.OnLeaseEndedAsync(units[assignment.UnitId], assignment, now, cancellationToken);
            audit.Record("assignment.expired", "unit", assignment.UnitId.Value.ToString(), new { assignmentId = assignment.Id.Value }, assignment.AgentId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return expired.Count;
    }
}

[DisallowConcurrentExecution]
public sealed class LeaseReaperJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("lease-reaper", "assignments");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (await mediator.Send(new ReapExpiredLeases(), cancellationToken) > 0 && !cancellationToken.IsCancellationRequested)
        {
        }
    }
}
