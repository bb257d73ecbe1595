using Market.Api.Persistence;
using Market.Domain.Quality;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Quality;

/// <summary>Appeals against the agent's rejections that its owner has not decided yet, oldest first.</summary>
public sealed record GetAppealQueue(Guid AgentId) : IRequest<IReadOnlyList<AppealQueueItem>>;

/// <param name="RejectionReasonCodes">The reasons the reviewer gave with the rejection.</param>
/// <param name="RejectionComment">What the reviewer wrote with the rejection.</param>
/// <param name="Content">The rejected work as the worker submitted it.</param>
public sealed record AppealQueueItem(
    Guid TaskId,
    Guid UnitId,
    Guid JobId,
    string JobTitle,
    string Kind,
    int UnitSequence,
    Guid WorkerId,
    string WorkerName,
    IReadOnlyList<string> RejectionReasonCodes,
    string? RejectionComment,
    DateTimeOffset? RejectedAt,
    string Statement,
    DateTimeOffset FiledAt,
    string Content);

public sealed class GetAppealQueueHandler(MarketDbContext db) : IRequestHandler<GetAppealQueue, IReadOnlyList<AppealQueueItem>>
{
    public async Task<IReadOnlyList<AppealQueueItem>> Handle(GetAppealQueue request, CancellationToken cancellationToken)
    {
        // The appeal is a jsonb value, so "not decided yet" is judged here; rejected tasks with an appeal are few.
        var rows = await (
                from t in db.ReviewTasks.AsNoTracking()
                where t.AgentId == request.AgentId && t.Status == ReviewStatus.Rejected && t.Appeal != null
                join s in db.UnitSubmissions.AsNoTracking() on t.LatestSubmissionId equals s.Id
                join u in db.WorkUnits.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking() on t.UnitId equals u.Id
                join j in db.Jobs.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking() on t.JobId equals j.Id
                join w in db.Users.AsNoTracking() on t.WorkerId equals w.Id
                select new { Task = t, s.Content, u.Sequence, j.Title, w.DisplayName })
            .ToListAsync(cancellationToken);

        return rows
            .Where(r => r.Task.Appeal!.IsPending)
            .OrderBy(r => r.Task.Appeal!.FiledAt).ThenBy(r => r.Task.Id.Value)
            .Select(r =>
            {
                var rejection = r.Task.Decisions.LastOrDefault(d => d.Verdict == ReviewVerdict.Rejected);
                return new AppealQueueItem(
                    r.Task.Id.Value,
                    r.Task.UnitId.Value,
                    r.Task.JobId.Value,
                    r.Title,
                    r.Task.Kind.ToString(),
                    r.Sequence,
                    r.Task.WorkerId,
                    r.DisplayName,
                    rejection?.ReasonCodes ?? [],
                    rejection?.Comment,
                    r.Task.RejectedAt,
                    r.Task.Appeal!.Statement,
                    r.Task.Appeal.FiledAt,
                    r.Content);
            })
            .ToList();
    }
}
