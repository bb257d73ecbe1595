namespace Market.Web.Api;

/// <summary>A unit in the worker's hands (<c>GET /api/v1/me/units</c>), soonest lease expiry first.</summary>
public sealed record MyUnit(
    Guid UnitId,
    Guid AssignmentId,
    Guid JobId,
    string JobTitle,
    string Kind,
    string UnitStatus,
    int Sequence,
    int EstimatedMinutes,
    DateTimeOffset AssignedAt,
    DateTimeOffset ExpiresAt,
    int MinutesLeft,
    DateTimeOffset? DraftSavedAt,
    DateTimeOffset JobDeadline);

public sealed record ClaimedUnit(Guid AssignmentId, Guid UnitId, Guid WorkerId, string AssignedBy, DateTimeOffset ExpiresAt);

/// <summary>A cell to key; <paramref name="Row"/> is its row in the submission (the record index is not shown to the worker).</summary>
public sealed record DataEntryCell(int Row, int? RecordIndex, string Field, string Source);

/// <summary>What the worker sees of a unit while holding it (<c>GET /api/v1/units/{id}/content</c>); the fields of its kind are set.</summary>
public sealed record UnitWork(
    Guid UnitId,
    Guid AssignmentId,
    string Kind,
    string JobTitle,
    string SpecMarkdown,
    DateTimeOffset LeaseExpiresAt,
    long? StartMs,
    long? EndMs,
    string? Style,
    string? AudioUrl,
    IReadOnlyList<string>? Fields,
    IReadOnlyList<DataEntryCell>? Cells,
    string? PageUrl,
    string? CurrentContent,
    string? RequestedChange);

public sealed record WorkDraft(Guid UnitId, Guid AssignmentId, string Content, DateTimeOffset SavedAt, DateTimeOffset LeaseExpiresAt);

public sealed record WorkBody(Guid AssignmentId, string Content);

public sealed record ReleaseBody(Guid AssignmentId, string Reason);

public sealed record WorkSubmission(Guid SubmissionId, Guid UnitId, Guid AssignmentId, DateTimeOffset SubmittedAt, string UnitStatus);

public sealed record ReviewDecision(
    int Sequence,
    string Verdict,
    Guid ReviewerId,
    int? AccuracyGrade,
    int? FormatGrade,
    IReadOnlyList<string> ReasonCodes,
    string? Comment,
    DateTimeOffset? ReworkDeadline,
    DateTimeOffset DecidedAt);

public sealed record ReviewAppeal(string Statement, DateTimeOffset FiledAt, string? Outcome, string? DecisionNote, DateTimeOffset? DecidedAt);

/// <summary>One review of the worker's own work (<c>GET /api/v1/me/reviews</c>), with every decision and the appeal.</summary>
public sealed record MyReview(
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
    ReviewAppeal? Appeal,
    IReadOnlyList<ReviewDecision> Decisions)
{
    public ReviewDecision? LatestDecision => Decisions.Count == 0 ? null : Decisions.MaxBy(d => d.Sequence);
}

public sealed record AppealBody(string Statement);

public sealed record QualityComponent(string Kind, int? Value, int Weight);

/// <summary>The worker's quality score in basis points (0–10,000) over the last 90 days, with its inputs.</summary>
public sealed record MyQuality(
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
    IReadOnlyList<QualityComponent> Components);

/// <summary>How often the worker is paid and what their tier allows (<c>GET /api/v1/me/payout-schedule</c>).</summary>
public sealed record PayoutScheduleView(string Schedule, string Tier, IReadOnlyList<string> Allowed, DateTimeOffset? ChangedAt);

public sealed record PayoutScheduleBody(string Schedule);

/// <summary>
/// One line of a worker's 支払明細: an earning, a reversal, a transfer or a failed transfer. <c>Description</c> is the
/// ledger's English memo; the job and unit (earnings) or the payment date and schedule (transfers) say it for people.
/// </summary>
public sealed record StatementLine(
    DateTimeOffset OccurredAt,
    string Kind,
    string Description,
    long Gross,
    long Withheld,
    long Net,
    string? JobTitle = null,
    int? UnitSequence = null,
    DateOnly? PaymentDate = null,
    string? Schedule = null);

/// <param name="AccountNumber">Masked to its last three digits by the API.</param>
public sealed record StatementPayout(Guid BatchId, DateOnly CutoffDate, DateOnly PaymentDate, string Schedule, long Amount, string Status, string BankCode, string AccountNumber);

/// <summary>
/// The worker's statement for a month (GET /me/payouts?month=yyyy-MM): owed at the start, earned, withheld, paid and
/// owed at the end, every line, and the transfers paid in the month.
/// </summary>
public sealed record WorkerStatement(
    Guid AgentId,
    int Year,
    int Month,
    long OpeningBalance,
    long Gross,
    long Withheld,
    long PaidOut,
    long ClosingBalance,
    IReadOnlyList<StatementLine> Lines,
    IReadOnlyList<StatementPayout> Payouts);

/// <summary>What a tier asks over the last 90 days (rates in basis points, grades in hundredths of a point).</summary>
public sealed record MyTierRequirement(int MinAcceptedUnits, int MinAcceptanceRateBasisPoints, int MinMeanGradeHundredths, int MaxReworkRateBasisPoints);

public sealed record MyTierThresholds(Guid AgentId, bool IsDefault, MyTierRequirement A, MyTierRequirement S, int TrialMonths, int TrialAcceptedUnits);

/// <summary>The figures a tier is decided from: the 90-day window's units, acceptance, grades, rework and violations.</summary>
public sealed record MyTierInputs(
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    DateTimeOffset RegisteredAt,
    int LifetimeAcceptedUnits,
    int AcceptedUnits,
    int Judged,
    int JudgedAccepted,
    int? AcceptanceRateBasisPoints,
    int Graded,
    int? MeanGradeHundredths,
    int Reviewed,
    int Reworked,
    int? ReworkRateBasisPoints,
    int Violations);

public sealed record MyTierChange(string Period, string From, string To, DateTimeOffset ChangedAt);

/// <summary>
/// The worker's tier since when, and what the last 90 days would give now (GET /me/tier); the real change happens at the
/// monthly recomputation.
/// </summary>
public sealed record MyTier(
    string Tier, DateTimeOffset TierSince, string PreviewTier, IReadOnlyList<string> PreviewReasons, MyTierInputs PreviewInputs,
    MyTierThresholds Thresholds, IReadOnlyList<MyTierChange> Changes);
