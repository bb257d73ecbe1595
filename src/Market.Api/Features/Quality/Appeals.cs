using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Quality;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Quality;

public sealed record AppealBody(string? Statement);

public sealed record AppealDecisionBody(string Outcome, string? Note);

/// <summary>The worker whose work was rejected appeals, once, within 7 days.</summary>
public sealed record FileAppeal(ReviewTaskId TaskId, string? Statement) : ICommand<ReviewTaskView>;

/// <summary>The agent owner upholds or overturns a rejection; overturning accepts the work (and so pays it).</summary>
public sealed record DecideAppeal(ReviewTaskId TaskId, string Outcome, string? Note) : ICommand<ReviewTaskView>;

public sealed class DecideAppealValidator : AbstractValidator<DecideAppeal>
{
    public DecideAppealValidator() =>
        RuleFor(d => d.Outcome).Must(o => o is nameof(AppealOutcome.Upheld) or nameof(AppealOutcome.Overturned))
            .WithMessage("Uphold or overturn the rejection (Upheld or Overturned).");
}

public sealed class AppealHandlers(MarketDbContext db, ICurrentUser caller, AuditLog audit, KeyingReconciliation keying, TimeProvider clock) :
    IRequestHandler<FileAppeal, ReviewTaskView>,
    IRequestHandler<DecideAppeal, ReviewTaskView>
{
    public async Task<ReviewTaskView> Handle(FileAppeal request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var task = await ReviewTaskAccess.ForWorkerAsync(db, caller, request.TaskId, cancellationToken);
        SubmissionReview.FileAppeal(task, caller.UserId!.Value, request.Statement!, now);
        audit.Record("review.appeal.filed", "review_task", task.Id.ToString(), new { unitId = task.UnitId.Value }, task.AgentId);
        await db.SaveChangesAsync(cancellationToken);
        return ReviewTaskView.Of(task);
    }

    public async Task<ReviewTaskView> Handle(DecideAppeal request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var task = await ReviewTaskAccess.ForAgentStaffAsync(db, caller, request.TaskId, cancellationToken);
        var unit = await db.WorkUnits.IgnoreQueryFilters([MarketDbContext.TenantFilter]).SingleAsync(u => u.Id == task.UnitId, cancellationToken);
        var outcome = Enum.Parse<AppealOutcome>(request.Outcome);
        SubmissionReview.DecideAppeal(task, unit, caller.UserId!.Value, outcome, request.Note, now);
        audit.Record("review.appeal.decided", "review_task", task.Id.ToString(),
            new { unitId = unit.Id.Value, workerId = task.WorkerId, outcome = outcome.ToString(), unitAccepted = task.IsAccepted && unit.Status == Domain.Units.WorkUnitStatus.Accepted },
            task.AgentId);
        await db.SaveChangesAsync(cancellationToken);
        if (unit.Status == Domain.Units.WorkUnitStatus.Accepted)
        {
            await keying.AfterAcceptedAsync([unit.Id], now, cancellationToken);
        }

        return ReviewTaskView.Of(task);
    }
}
