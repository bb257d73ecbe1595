using Market.Web.Api;

namespace Market.Web.Worker;

public static class WorkerVocabulary
{
    public const string ReworkRequested = "ReworkRequested";
    public const string ReturnedForRework = "ReturnedForRework";
    public const string Rejected = "Rejected";
    public const string ReworkVerdict = "ReturnedForRework";

    /// <summary>The review that returned each unit to the worker and still waits for the fix.</summary>
    public static IReadOnlyDictionary<Guid, MyReview> OpenReworkByUnit(IEnumerable<MyReview> reviews) =>
        reviews.Where(r => r.Status == ReturnedForRework)
            .GroupBy(r => r.UnitId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.OpenedAt).First());

    /// <summary>The reviewer's latest rework decision (comment, reasons, deadline) of a review.</summary>
    public static ReviewDecision? LatestRework(MyReview review) =>
        review.Decisions.Where(d => d.Verdict == ReworkVerdict).MaxBy(d => d.Sequence);

    /// <summary>Whether the worker may still appeal: rejected, not yet appealed, inside the 7-day window.</summary>
    public static bool CanAppeal(MyReview review, DateTimeOffset now) =>
        review.Status == Rejected && review.Appeal is null && review.AppealDeadline is { } deadline && now < deadline;
}
