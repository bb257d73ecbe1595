using Market.Domain.Quality;

namespace Market.Api.Features.Quality;

public sealed record ReviewDecisionView(
    int Sequence,
    string Verdict,
    Guid ReviewerId,
    int? AccuracyGrade,
    int? FormatGrade,
    IReadOnlyList<string> ReasonCodes,
    string? Comment,
    DateTimeOffset? ReworkDeadline,
    DateTimeOffset DecidedAt);

public sealed record ReviewAppealView(string Statement, DateTimeOffset FiledAt, string? Outcome, string? DecisionNote, DateTimeOffset? DecidedAt);

/// <summary>A review task as its worker, its reviewers and the agent owner see it (never another worker).</summary>
public sealed record ReviewTaskView(
    Guid TaskId,
    Guid UnitId,
    Guid JobId,
    string Kind,
    Guid WorkerId,
    string Status,
    string? AcceptedBy,
    bool Sampled,
    int? AccuracyGrade,
    int? FormatGrade,
    int ReworkRounds,
    DateTimeOffset? ReworkDeadline,
    string? RejectionReasonCode,
    DateTimeOffset OpenedAt,
    DateTimeOffset AwaitingReviewSince,
    DateTimeOffset? AutoAcceptDueAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? AppealDeadline,
    ReviewAppealView? Appeal,
    IReadOnlyList<ReviewDecisionView> Decisions)
{
    public static ReviewTaskView Of(ReviewTask t) => new(
        t.Id.Value,
        t.UnitId.Value,
        t.JobId.Value,
        t.Kind.ToString(),
        t.WorkerId,
        t.Status.ToString(),
        t.AcceptedBy?.ToString(),
        t.Sampled,
        t.Grades?.Accuracy,
        t.Grades?.Format,
        t.ReworkRounds,
        t.ReworkDeadline,
        t.RejectionReasonCode,
        t.OpenedAt,
        t.AwaitingReviewSince,
        t.AutoAcceptDueAt,
        t.DecidedAt,
        t.AppealDeadline,
        t.Appeal is { } a ? new ReviewAppealView(a.Statement, a.FiledAt, a.Outcome?.ToString(), a.DecisionNote, a.DecidedAt) : null,
        t.Decisions.Select(d => new ReviewDecisionView(
            d.Sequence, d.Verdict.ToString(), d.ReviewerId, d.AccuracyGrade, d.FormatGrade, d.ReasonCodes, d.Comment, d.ReworkDeadline, d.DecidedAt)).ToList());
}
