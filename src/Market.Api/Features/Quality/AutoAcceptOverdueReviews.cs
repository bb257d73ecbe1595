using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Quality;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Market.Api.Features.Quality;

/// <summary>
/// Worker protection: sampled submissions nobody reviewed within 72 hours are accepted. In batches, oldest first.
/// </summary>
public sealed record AutoAcceptOverdueReviews(int BatchSize = 200) : ICommand<int>;

public sealed class AutoAcceptOverdueReviewsHandler(MarketDbContext db, AuditLog audit, KeyingReconciliation keying, TimeProvider clock) : IRequestHandler<AutoAcceptOverdueReviews, int>
{
    public async Task<int> Handle(AutoAcceptOverdueReviews request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var dueSince = now - ReviewTask.AutoAcceptAfter;
        var due = await (
                from t in db.ReviewTasks
                join u in db.WorkUnits on t.UnitId equals u.Id
                where t.Status == ReviewStatus.AwaitingReview && t.AwaitingReviewSince <= dueSince
                      && (u.Status == WorkUnitStatus.Submitted || u.Status == WorkUnitStatus.InReview)
                orderby t.AwaitingReviewSince
                select new { Task = t, Unit = u })
            .Take(request.BatchSize)
            .ToListAsync(cancellationToken);
        // A unit held by another assignment than the task's is not this task's to accept (never expected).
        var held = due.Where(r => r.Unit.AssignmentId == r.Task.AssignmentId.Value).ToList();
        foreach (var row in held)
        {
            SubmissionReview.AutoAcceptIfOverdue(row.Task, row.Unit, now);
            audit.Record("review.auto_accepted.overdue", "review_task", row.Task.Id.ToString(),
                new { unitId = row.Unit.Id.Value, workerId = row.Task.WorkerId, awaitingSince = row.Task.AwaitingReviewSince }, row.Task.AgentId);
        }

        await db.SaveChangesAsync(cancellationToken);
        await keying.AfterAcceptedAsync(held.Where(r => r.Unit.Status == WorkUnitStatus.Accepted).Select(r => r.Unit.Id), now, cancellationToken);
        return held.Count;
    }
}

[DisallowConcurrentExecution]
public sealed class ReviewAutoAcceptJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("review-auto-accept", "quality");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (await mediator.Send(new AutoAcceptOverdueReviews(), cancellationToken) > 0 && !cancellationToken.IsCancellationRequested)
        {
        }
    }
}
