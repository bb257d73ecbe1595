using Market.Api.Persistence;
using Market.Api.Storage;
using Market.Domain.Assembly;
using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Quality;
using Market.Domain.Splitting.WebEdit;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Quality;

public sealed record GetReviewQueue(Guid AgentId, string? JobType, int Page = 1, int PageSize = 20) : IRequest<ReviewQueuePage>;

public sealed record ReviewQueueItem(
    Guid TaskId,
    Guid UnitId,
    Guid JobId,
    string JobTitle,
    string Kind,
    int UnitSequence,
    Guid WorkerId,
    string WorkerName,
    string WorkerTier,
    Guid SubmissionId,
    string Content,
    DateTimeOffset SubmittedAt,
    int ReworkRounds,
    DateTimeOffset AwaitingReviewSince,
    DateTimeOffset AutoAcceptDueAt,
    string? AudioUrl,
    long? StartMs,
    long? EndMs,
    IReadOnlyList<string>? Fields = null,
    ReviewedPage? Page = null);

/// <summary>A web-edit unit's page as the worker was given it, and the submission's line diff against it.</summary>
public sealed record ReviewedPage(string Url, string RequestedChange, string CurrentContent, IReadOnlyList<ReviewDiffLine> Diff);

/// <param name="Operation">Equal, Delete or Insert.</param>
public sealed record ReviewDiffLine(string Operation, string Text);

public sealed record ReviewQueuePage(IReadOnlyList<ReviewQueueItem> Items, int Page, int PageSize, int Total);

/// <summary>The agent's submissions waiting for a reviewer, oldest first (the 72-hour clock runs from the oldest).</summary>
public sealed class GetReviewQueueHandler(MarketDbContext db, IBlobStore blobs) : IRequestHandler<GetReviewQueue, ReviewQueuePage>
{
    public const int MaxPageSize = 100;

    public async Task<ReviewQueuePage> Handle(GetReviewQueue request, CancellationToken cancellationToken)
    {
        JobType? kind = null;
        if (!string.IsNullOrWhiteSpace(request.JobType))
        {
            kind = Enum.TryParse<JobType>(request.JobType, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new UnprocessableInputException("job_type_unknown", $"'{request.JobType}' is not a job type.");
        }

        var page = Math.Max(1, request.Page);
        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var waiting = db.ReviewTasks.AsNoTracking()
            .Where(t => t.AgentId == request.AgentId && t.Status == ReviewStatus.AwaitingReview && (kind == null || t.Kind == kind));
        var total = await waiting.CountAsync(cancellationToken);
        var rows = await (
                from t in waiting
                join s in db.UnitSubmissions.AsNoTracking() on t.LatestSubmissionId equals s.Id
                join u in db.WorkUnits.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking() on t.UnitId equals u.Id
                join j in db.Jobs.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking() on t.JobId equals j.Id
                join w in db.Users.AsNoTracking() on t.WorkerId equals w.Id
                orderby t.AwaitingReviewSince, t.Id
                select new { Task = t, s.Content, s.SubmittedAt, u.Sequence, u.Segment, u.Slice, u.Page, j.Title, w.DisplayName })
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);

        // The reviewer compares a page edit with the page the worker was given: the change list is read once per file.
        var changeLists = new Dictionary<FileId, IReadOnlyList<WebEditRequest>>();
        foreach (var file in rows.Where(r => r.Page is not null).Select(r => r.Page!.File).Distinct())
        {
            changeLists[file] = WebEditRequestReader.Read(await blobs.ReadAllBytesAsync(file, cancellationToken));
        }

        var items = rows.Select(r => new ReviewQueueItem(
                r.Task.Id.Value,
                r.Task.UnitId.Value,
                r.Task.JobId.Value,
                r.Title,
                r.Task.Kind.ToString(),
                r.Sequence,
                r.Task.WorkerId,
                r.DisplayName,
                r.Task.WorkerTier.ToString(),
                r.Task.LatestSubmissionId,
                r.Content,
                r.SubmittedAt,
                r.Task.ReworkRounds,
                r.Task.AwaitingReviewSince,
                r.Task.AwaitingReviewSince + ReviewTask.AutoAcceptAfter,
                r.Task.Kind == JobType.Transcription ? $"/api/v1/jobs/{r.Task.JobId.Value}/units/{r.Task.UnitId.Value}/audio" : null,
                r.Segment?.StartMs,
                r.Segment?.EndMs,
                r.Slice?.FieldNames,
                r.Page is { } edited ? PageOf(changeLists[edited.File][edited.PageIndex], r.Content) : null))
            .ToList();
        return new ReviewQueuePage(items, page, pageSize, total);
    }

    private static ReviewedPage PageOf(WebEditRequest request, string submitted) => new(
        request.Url,
        request.RequestedChange,
        request.CurrentContent,
        LineDiff.Compare(request.CurrentContent, submitted).Select(line => new ReviewDiffLine(line.Operation.ToString(), line.Text)).ToList());
}
