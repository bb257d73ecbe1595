using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Quality;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Quality;

public sealed record ReviewBody(
    string Decision,
    int? Accuracy,
    int? Format,
    List<string>? ReasonCodes,
    string? ReasonCode,
    string? Comment,
    DateTimeOffset? Deadline);

/// <param name="Decision">Accept, Rework or Reject.</param>
public sealed record ReviewSubmission(
    ReviewTaskId TaskId,
    string Decision,
    int? Accuracy,
    int? Format,
    IReadOnlyList<string>? ReasonCodes,
    string? ReasonCode,
    string? Comment,
    DateTimeOffset? Deadline) : ICommand<ReviewTaskView>
{
    public const string Accept = nameof(Accept);
    public const string Rework = nameof(Rework);
    public const string Reject = nameof(Reject);
}

public sealed class ReviewSubmissionValidator : AbstractValidator<ReviewSubmission>
{
    public ReviewSubmissionValidator()
    {
        RuleFor(r => r.Decision).Must(d => d is ReviewSubmission.Accept or ReviewSubmission.Rework or ReviewSubmission.Reject)
            .WithMessage("Decide Accept, Rework or Reject.");
        When(r => r.Decision == ReviewSubmission.Accept, () =>
        {
            RuleFor(r => r.Accuracy).NotNull().WithMessage("Accepted work is graded for accuracy (1–5).");
            RuleFor(r => r.Format).NotNull().WithMessage("Accepted work is graded for format (1–5).");
        });
    }
}

/// <summary>
/// A reviewer of the agent decides on a submission waiting for review: accept with grades, return it to the same
/// worker for rework, or reject it (the unit goes back to the pool). The domain refuses reviewing one's own work,
/// uncertified reviewers and work not waiting for review.
/// </summary>
public sealed class ReviewSubmissionHandler(MarketDbContext db, ICurrentUser caller, AuditLog audit, KeyingReconciliation keying, TimeProvider clock)
    : IRequestHandler<ReviewSubmission, ReviewTaskView>
{
    /// <summary>When the reviewer names no deadline for rework.</summary>
    public static readonly TimeSpan DefaultReworkTime = TimeSpan.FromDays(3);

    public async Task<ReviewTaskView> Handle(ReviewSubmission request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var reviewer = caller.UserId!.Value;
        var task = await ReviewTaskAccess.ForAgentStaffAsync(db, caller, request.TaskId, cancellationToken);
        var unit = await db.WorkUnits.IgnoreQueryFilters([MarketDbContext.TenantFilter]).SingleAsync(u => u.Id == task.UnitId, cancellationToken);
        var certifications = await ReviewTaskAccess.ValidCertificationsAsync(db, reviewer, now, cancellationToken);

        switch (request.Decision)
        {
            case ReviewSubmission.Accept:
                SubmissionReview.Accept(task, unit, reviewer, certifications, new ReviewGrades(request.Accuracy!.Value, request.Format!.Value), now);
                audit.Record("review.accepted", "review_task", task.Id.ToString(),
                    new { unitId = unit.Id.Value, workerId = task.WorkerId, accuracy = request.Accuracy, format = request.Format }, task.AgentId);
                break;
            case ReviewSubmission.Rework:
                var assignment = await db.Assignments.IgnoreQueryFilters([MarketDbContext.TenantFilter])
                    .SingleAsync(a => a.Id == task.AssignmentId, cancellationToken);
                var codes = request.ReasonCodes ?? (request.ReasonCode is null ? [] : [request.ReasonCode]);
                SubmissionReview.ReturnForRework(
                    task, unit, assignment, reviewer, certifications, codes, request.Comment, request.Deadline ?? now + DefaultReworkTime, now);
                audit.Record("review.returned_for_rework", "review_task", task.Id.ToString(),
                    new { unitId = unit.Id.Value, workerId = task.WorkerId, reasonCodes = codes, round = task.ReworkRounds }, task.AgentId);
                break;
            default:
                var code = request.ReasonCode ?? request.ReasonCodes?.FirstOrDefault() ?? string.Empty;
                SubmissionReview.Reject(task, unit, reviewer, certifications, code, request.Comment ?? string.Empty, now);
                audit.Record("review.rejected", "review_task", task.Id.ToString(),
                    new { unitId = unit.Id.Value, workerId = task.WorkerId, reasonCode = task.RejectionReasonCode }, task.AgentId);
                break;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (unit.Status == WorkUnitStatus.Accepted)
        {
            await keying.AfterAcceptedAsync([unit.Id], now, cancellationToken);
        }

        return ReviewTaskView.Of(task);
    }
}

internal static class ReviewTaskAccess
{
    /// <summary>A task of the caller's own agent; anyone else hears it does not exist.</summary>
    public static async Task<ReviewTask> ForAgentStaffAsync(MarketDbContext db, ICurrentUser caller, ReviewTaskId id, CancellationToken cancellationToken)
    {
        var task = await db.ReviewTasks.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        return task is not null && task.AgentId == caller.TenantId
            ? task
            : throw new NotFoundException("review_task_not_found", "No such review.");
    }

    /// <summary>The worker's own task; other workers' reviews are not shown, not even that they exist.</summary>
    public static async Task<ReviewTask> ForWorkerAsync(MarketDbContext db, ICurrentUser caller, ReviewTaskId id, CancellationToken cancellationToken)
    {
        var task = await db.ReviewTasks.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        return task is not null && task.WorkerId == caller.UserId
            ? task
            : throw new NotFoundException("review_task_not_found", "No such review.");
    }

    public static Task<IReadOnlySet<string>> ValidCertificationsAsync(MarketDbContext db, Guid userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Certifications.CertificationValidity.CodesAllowingNewWorkAsync(db, userId, now, cancellationToken);
}
