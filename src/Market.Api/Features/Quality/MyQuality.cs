using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Quality;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Quality;

public sealed record GetMyQuality : IRequest<MyQualityView>;

public sealed record QualityComponentView(string Kind, int? Value, int Weight);

/// <summary>The caller's quality score (basis points, 0–10,000) over the last 90 days and every input behind it.</summary>
public sealed record MyQualityView(
    Guid WorkerId,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    int? Score,
    int Judged,
    int Accepted,
    int Rejected,
    int AutoAccepted,
    int Graded,
    int AccuracyGradeSum,
    int FormatGradeSum,
    int Reviewed,
    int Reworked,
    int GoldCellsCompared,
    int GoldCellsCorrect,
    IReadOnlyList<QualityComponentView> Components);

public sealed record GetMyReviews : IRequest<IReadOnlyList<ReviewTaskView>>;

public sealed class MyQualityHandlers(MarketDbContext db, ICurrentUser caller, TimeProvider clock) :
    IRequestHandler<GetMyQuality, MyQualityView>,
    IRequestHandler<GetMyReviews, IReadOnlyList<ReviewTaskView>>
{
    public async Task<MyQualityView> Handle(GetMyQuality request, CancellationToken cancellationToken)
    {
        var me = caller.UserId!.Value;
        var now = clock.GetUtcNow();
        var since = now - QualityScoring.Window;
        var tasks = await db.ReviewTasks.AsNoTracking()
            .Where(t => t.WorkerId == me && t.DecidedAt != null && t.DecidedAt >= since)
            .ToListAsync(cancellationToken);
        var outcomes = tasks.Select(t => t.ToOutcome()).OfType<ReviewOutcome>();
        var gold = await db.GoldResults.AsNoTracking().Where(r => r.WorkerId == me && r.ScoredAt >= since).ToListAsync(cancellationToken);
        var s = QualityScoring.Compute(me, outcomes, gold.Select(r => r.ToDomain()), now);
        return new MyQualityView(
            s.WorkerId, s.WindowStart, s.WindowEnd, s.Score, s.Judged, s.Accepted, s.Rejected, s.AutoAccepted, s.Graded,
            s.AccuracyGradeSum, s.FormatGradeSum, s.Reviewed, s.Reworked, s.GoldCellsCompared, s.GoldCellsCorrect,
            s.Components.Select(c => new QualityComponentView(c.Kind.ToString(), c.Value, c.Weight)).ToList());
    }

    /// <summary>The caller's own reviews, newest first: decisions, reasons, appeal deadlines.</summary>
    public async Task<IReadOnlyList<ReviewTaskView>> Handle(GetMyReviews request, CancellationToken cancellationToken)
    {
        var me = caller.UserId!.Value;
        var tasks = await db.ReviewTasks.AsNoTracking()
            .Where(t => t.WorkerId == me)
            .OrderByDescending(t => t.OpenedAt)
            .Take(200)
            .ToListAsync(cancellationToken);
        return tasks.Select(ReviewTaskView.Of).ToList();
    }
}
