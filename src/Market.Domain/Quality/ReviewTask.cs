using Market.Domain.Assignments;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Units;
using Market.Domain.Workers;

namespace Market.Domain.Quality;

public enum ReviewStatus
{
    AwaitingReview = 0,

    /// <summary>A reviewer accepted it, or the agent owner overturned its rejection.</summary>
    Accepted = 1,

    /// <summary>Back with the same worker; their resubmission awaits review again.</summary>
    ReturnedForRework = 2,

    /// <summary>The unit went back to the pool; the worker may appeal within <see cref="ReviewTask.AppealWindow"/>.</summary>
    Rejected = 3,

    /// <summary>Accepted without a reviewer: not sampled, or not reviewed within <see cref="ReviewTask.AutoAcceptAfter"/>.</summary>
    AutoAccepted = 4,

    /// <summary>The worker released the unit (or lost the lease) while fixing it; the unit went back to the pool.</summary>
    ReworkAbandoned = 5,
}

public enum AcceptanceKind
{
    Reviewed = 0,
    NotSampled = 1,
    ReviewOverdue = 2,
    AppealOverturned = 3,
}

public enum ReviewVerdict
{
    Accepted = 0,
    ReturnedForRework = 1,
    Rejected = 2,
}

public enum AppealOutcome
{
    Upheld = 0,
    Overturned = 1,
}

/// <summary>One reviewer decision on a task, kept so the worker and the agent can see every round.</summary>
public sealed class ReviewDecision
{
    private readonly List<string> _reasonCodes = [];

    internal ReviewDecision(
        int sequence,
        ReviewVerdict verdict,
        Guid reviewerId,
        ReviewGrades? grades,
        IEnumerable<string> reasonCodes,
        string? comment,
        DateTimeOffset? reworkDeadline,
        DateTimeOffset decidedAt)
    {
        Sequence = sequence;
        Verdict = verdict;
        ReviewerId = reviewerId;
        AccuracyGrade = grades?.Accuracy;
        FormatGrade = grades?.Format;
        _reasonCodes = reasonCodes.ToList();
        Comment = comment;
        ReworkDeadline = reworkDeadline;
        DecidedAt = decidedAt;
    }

    private ReviewDecision()
    {
    }

    /// <summary>1-based, in the order the decisions were made.</summary>
    public int Sequence { get; private init; }

    public ReviewVerdict Verdict { get; private init; }

    public Guid ReviewerId { get; private init; }

    public int? AccuracyGrade { get; private init; }

    public int? FormatGrade { get; private init; }

    public IReadOnlyList<string> ReasonCodes => _reasonCodes;

    public string? Comment { get; private init; }

    public DateTimeOffset? ReworkDeadline { get; private init; }

    public DateTimeOffset DecidedAt { get; private init; }
}

/// <summary>A worker's appeal against a rejection and the agent owner's decision on it.</summary>
public sealed class ReviewAppeal
{
    internal ReviewAppeal(string statement, DateTimeOffset filedAt)
    {
        Statement = statement;
        FiledAt = filedAt;
    }

    private ReviewAppeal()
    {
        Statement = string.Empty;
    }

    public string Statement { get; private set; }

    public DateTimeOffset FiledAt { get; private set; }

    public AppealOutcome? Outcome { get; private set; }

    public Guid? DecidedBy { get; private set; }

    public string? DecisionNote { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public bool IsPending => Outcome is null;

    internal void Decide(AppealOutcome outcome, Guid decidedBy, string? note, DateTimeOffset now)
    {
        Outcome = outcome;
        DecidedBy = decidedBy;
        DecisionNote = note;
        DecidedAt = now;
    }
}

/// <summary>
/// The review (検品) of one worker's attempt at one unit: opened when the worker first submits on an
/// assignment, and followed through rework rounds on that same assignment until it is accepted or rejected.
/// A rejection sends the unit back to the pool; whoever does it next gets a new task.
/// <para>
/// State changes also move the <see cref="WorkUnit"/> (and, for rework, the <see cref="Assignment"/>), so they
/// go through <see cref="SubmissionReview"/>, which keeps the three in step.
/// </para>
/// </summary>
public sealed class ReviewTask : AggregateRoot
{
    /// <summary>Worker protection: a sampled submission nobody reviews is accepted after 72 hours.</summary>
    public static readonly TimeSpan AutoAcceptAfter = TimeSpan.FromHours(72);

    public static readonly TimeSpan AppealWindow = TimeSpan.FromDays(7);

    /// <summary>Rework is a correction, not a new job: the deadline is at most a week away.</summary>
    public static readonly TimeSpan MaxReworkTime = TimeSpan.FromDays(7);

    public const int MaxReworkRounds = WorkUnit.MaxReworkRounds;

    private readonly List<ReviewDecision> _decisions = [];

    private ReviewTask()
    {
    }

    public ReviewTaskId Id { get; private set; }

    public WorkUnitId UnitId { get; private set; }

    public JobId JobId { get; private set; }

    public JobType Kind { get; private set; }

    public AssignmentId AssignmentId { get; private set; }

    /// <summary>The agent whose team did the work and whose reviewers inspect it (the sub-agent for subcontracted units).</summary>
    public Guid AgentId { get; private set; }

    public Guid WorkerId { get; private set; }

    /// <summary>The worker's tier when the task was opened; it set the sampling share.</summary>
    public WorkerTier WorkerTier { get; private set; }

    /// <summary>The submission that opened the task; the sampling draw is made on its id.</summary>
    public Guid SubmissionId { get; private set; }

    /// <summary>The submission under review now (a resubmission after rework replaces the first).</summary>
    public Guid LatestSubmissionId { get; private set; }

    public bool Sampled { get; private set; }

    public int SamplingShare { get; private set; }

    public int SamplingDraw { get; private set; }

    public ReviewStatus Status { get; private set; }

    public AcceptanceKind? AcceptedBy { get; private set; }

    public ReviewGrades? Grades { get; private set; }

    public int ReworkRounds { get; private set; }

    public DateTimeOffset? ReworkDeadline { get; private set; }

    public Guid? LastReviewerId { get; private set; }

    public string? RejectionReasonCode { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>When the current submission started waiting; the 72-hour clock runs from here.</summary>
    public DateTimeOffset AwaitingReviewSince { get; private set; }

    /// <summary>When the task reached its current final state (accepted, auto-accepted or rejected).</summary>
    public DateTimeOffset? DecidedAt { get; private set; }

    public DateTimeOffset? RejectedAt { get; private set; }

    public IReadOnlyList<ReviewDecision> Decisions => _decisions;

    public ReviewAppeal? Appeal { get; private set; }

    public bool IsAccepted => Status is ReviewStatus.Accepted or ReviewStatus.AutoAccepted;

    public DateTimeOffset? AutoAcceptDueAt => Status == ReviewStatus.AwaitingReview ? AwaitingReviewSince + AutoAcceptAfter : null;

    public DateTimeOffset? AppealDeadline => RejectedAt + AppealWindow;

    /// <summary>Awaiting review for <see cref="AutoAcceptAfter"/> or longer; at exactly 72 hours it is due.</summary>
    public bool IsOverdue(DateTimeOffset now) => Status == ReviewStatus.AwaitingReview && now >= AwaitingReviewSince + AutoAcceptAfter;

    /// <summary>Rejected, not yet appealed, and before <see cref="AppealDeadline"/> (at the deadline itself the window has closed).</summary>
    public bool CanBeAppealed(DateTimeOffset now) => Status == ReviewStatus.Rejected && Appeal is null && now < AppealDeadline;

    /// <summary>The final outcome for the quality score, or null while the task is still open.</summary>
    public ReviewOutcome? ToOutcome()
    {
        if (DecidedAt is not { } at)
        {
            return null;
        }

        var kind = (Status, AcceptedBy) switch
        {
            (ReviewStatus.Rejected, _) => ReviewOutcomeKind.Rejected,
            (ReviewStatus.ReworkAbandoned, _) => ReviewOutcomeKind.ReworkAbandoned,
            (_, AcceptanceKind.Reviewed) => ReviewOutcomeKind.AcceptedByReviewer,
            (_, AcceptanceKind.AppealOverturned) => ReviewOutcomeKind.AcceptedOnAppeal,
            (_, AcceptanceKind.ReviewOverdue) => ReviewOutcomeKind.AutoAcceptedOverdue,
            _ => ReviewOutcomeKind.AutoAcceptedNotSampled,
        };
        return new ReviewOutcome(WorkerId, at, kind, Grades, ReworkRounds);
    }

    internal static ReviewTask Open(ReviewTaskId id, WorkUnit unit, Assignment assignment, Guid submissionId, SamplingDecision sampling, DateTimeOffset now)
    {
        var task = new ReviewTask
        {
            Id = id,
            UnitId = unit.Id,
            JobId = unit.JobId,
            Kind = unit.Kind,
            AssignmentId = assignment.Id,
            AgentId = assignment.AgentId,
            WorkerId = assignment.WorkerId,
            WorkerTier = sampling.Tier,
            SubmissionId = submissionId,
            LatestSubmissionId = submissionId,
            Sampled = sampling.IsSampled,
            SamplingShare = sampling.ShareBasisPoints,
            SamplingDraw = sampling.Draw,
            Status = ReviewStatus.AwaitingReview,
            OpenedAt = now,
            AwaitingReviewSince = now,
        };
        if (task.Sampled)
        {
            task.Raise(new SubmissionAwaitingReview(id, task.UnitId, task.JobId, task.AgentId, task.WorkerId, submissionId, now + AutoAcceptAfter, now));
        }

        return task;
    }

    internal void AcceptUnsampled(DateTimeOffset now)
    {
        EnsureAwaitingReview();
        if (Sampled)
        {
            throw new InvalidOperationException("A sampled submission waits for a reviewer.");
        }

        MarkAccepted(ReviewStatus.AutoAccepted, AcceptanceKind.NotSampled, null, now);
    }

    internal void EnsureCanDecide(Guid reviewerId)
    {
        EnsureAwaitingReview();
        Guard.Against(reviewerId == WorkerId, "review_own_work", "Nobody reviews their own work.");
    }

    internal void EnsureCanReturnForRework(Guid reviewerId, DateTimeOffset deadline, DateTimeOffset now)
    {
        EnsureCanDecide(reviewerId);
        Guard.Against(
            ReworkRounds >= MaxReworkRounds,
            "review_rework_limit_reached",
            $"Work can be returned for rework at most {MaxReworkRounds} times; accept or reject it.");
        if (deadline <= now)
        {
            throw new UnprocessableInputException("review_rework_deadline_not_in_future", "The rework deadline must be in the future.");
        }

        if (deadline > now + MaxReworkTime)
        {
            throw new UnprocessableInputException(
                "review_rework_deadline_too_far",
                $"The rework deadline is at most {MaxReworkTime.TotalDays:0} days away.");
        }
    }

    internal void Accept(Guid reviewerId, ReviewGrades grades, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grades);
        EnsureCanDecide(reviewerId);
        Record(ReviewVerdict.Accepted, reviewerId, grades, [], null, null, now);
        MarkAccepted(ReviewStatus.Accepted, AcceptanceKind.Reviewed, grades, now);
    }

    internal void ReturnForRework(Guid reviewerId, ReviewFeedback feedback, DateTimeOffset deadline, DateTimeOffset now)
    {
        EnsureCanReturnForRework(reviewerId, deadline, now);
        Record(ReviewVerdict.ReturnedForRework, reviewerId, null, feedback.ReasonCodes, feedback.Comment, deadline, now);
        Status = ReviewStatus.ReturnedForRework;
        ReworkRounds++;
        ReworkDeadline = deadline;
        Raise(new SubmissionReturnedForRework(Id, UnitId, JobId, WorkerId, reviewerId, ReworkRounds, feedback.ReasonCodes, feedback.Comment, deadline, now));
    }

    internal void Resubmit(Guid submissionId, DateTimeOffset now)
    {
        Guard.Against(
            Status != ReviewStatus.ReturnedForRework,
            "review_not_returned_for_rework",
            "Only work returned for rework can be resubmitted for review.");
        Status = ReviewStatus.AwaitingReview;
        LatestSubmissionId = submissionId;
        AwaitingReviewSince = now;
        ReworkDeadline = null;
        Raise(new SubmissionAwaitingReview(Id, UnitId, JobId, AgentId, WorkerId, submissionId, now + AutoAcceptAfter, now));
    }

    internal void AbandonRework(DateTimeOffset now)
    {
        Guard.Against(
            Status != ReviewStatus.ReturnedForRework,
            "review_not_returned_for_rework",
            "Only work returned for rework can be abandoned.");
        Status = ReviewStatus.ReworkAbandoned;
        ReworkDeadline = null;
        DecidedAt = now;
        Raise(new SubmissionReworkAbandoned(Id, UnitId, JobId, WorkerId, ReworkRounds, now));
    }

    internal void Reject(Guid reviewerId, ReviewFeedback feedback, DateTimeOffset now)
    {
        EnsureCanDecide(reviewerId);
        Record(ReviewVerdict.Rejected, reviewerId, null, feedback.ReasonCodes, feedback.Comment, null, now);
        Status = ReviewStatus.Rejected;
        RejectionReasonCode = feedback.ReasonCodes[0];
        RejectedAt = now;
        DecidedAt = now;
        Raise(new SubmissionRejected(Id, UnitId, JobId, WorkerId, reviewerId, RejectionReasonCode, feedback.Comment!, now + AppealWindow, now));
    }

    internal void EnsureOverdue(DateTimeOffset now)
    {
        EnsureAwaitingReview();
        Guard.Against(
            now < AwaitingReviewSince + AutoAcceptAfter,
            "review_not_overdue",
            $"A submission is accepted automatically only after {AutoAcceptAfter.TotalHours:0} hours without review.");
    }

    internal void AutoAcceptIfOverdue(DateTimeOffset now)
    {
        EnsureOverdue(now);
        MarkAccepted(ReviewStatus.AutoAccepted, AcceptanceKind.ReviewOverdue, null, now);
    }

    internal void FileAppeal(Guid workerId, string? statement, DateTimeOffset now)
    {
        Guard.Against(Status != ReviewStatus.Rejected, "appeal_not_rejected", "Only a rejection can be appealed.");
        Guard.Against(workerId != WorkerId, "appeal_not_own_work", "Only the worker whose work was rejected can appeal.");
        Guard.Against(Appeal is not null, "appeal_already_made", "A rejection can be appealed once.");
        Guard.Against(
            now >= RejectedAt!.Value + AppealWindow,
            "appeal_window_closed",
            $"A rejection can be appealed within {AppealWindow.TotalDays:0} days.");
        var text = QualityText.Required(statement, "appeal_statement_required", "Say why the rejection is wrong.");
        Appeal = new ReviewAppeal(text, now);
        Raise(new AppealFiled(Id, UnitId, JobId, AgentId, WorkerId, now));
    }

    internal void EnsureCanDecideAppeal(Guid decidedBy, AppealOutcome outcome, string? note)
    {
        if (!Enum.IsDefined(outcome))
        {
            throw new UnprocessableInputException("appeal_outcome_unknown", "Uphold or overturn the rejection.");
        }

        Guard.Against(Appeal is not { IsPending: true }, "appeal_not_pending", "There is no appeal waiting for a decision.");
        Guard.Against(decidedBy == WorkerId, "appeal_own_work", "Nobody decides their own appeal.");
        if (outcome == AppealOutcome.Upheld)
        {
            QualityText.Required(note, "appeal_decision_note_required", "Tell the worker why the rejection stands.");
        }
    }

    /// <param name="unitAccepted">Whether the unit itself was accepted with this work (false when someone else already holds it).</param>
    internal void DecideAppeal(Guid decidedBy, AppealOutcome outcome, string? note, bool unitAccepted, DateTimeOffset now)
    {
        EnsureCanDecideAppeal(decidedBy, outcome, note);
        var text = outcome == AppealOutcome.Upheld
            ? QualityText.Required(note, "appeal_decision_note_required", "Tell the worker why the rejection stands.")
            : QualityText.Optional(note);
        Appeal!.Decide(outcome, decidedBy, text, now);
        Raise(new AppealDecided(Id, UnitId, JobId, WorkerId, decidedBy, outcome, unitAccepted, now));
        if (outcome == AppealOutcome.Overturned)
        {
            RejectionReasonCode = null;
            MarkAccepted(ReviewStatus.Accepted, AcceptanceKind.AppealOverturned, null, now, unitAccepted);
        }
    }

    private void EnsureAwaitingReview() =>
        Guard.Against(Status != ReviewStatus.AwaitingReview, "review_not_awaiting", "This work is not waiting for review.");

    private void Record(
        ReviewVerdict verdict,
        Guid reviewerId,
        ReviewGrades? grades,
        IEnumerable<string> reasonCodes,
        string? comment,
        DateTimeOffset? reworkDeadline,
        DateTimeOffset now)
    {
        _decisions.Add(new ReviewDecision(_decisions.Count + 1, verdict, reviewerId, grades, reasonCodes, comment, reworkDeadline, now));
        LastReviewerId = reviewerId;
    }

    private void MarkAccepted(ReviewStatus status, AcceptanceKind kind, ReviewGrades? grades, DateTimeOffset now, bool unitAccepted = true)
    {
        Status = status;
        AcceptedBy = kind;
        Grades = grades;
        DecidedAt = now;
        Raise(new SubmissionAccepted(Id, UnitId, JobId, AgentId, WorkerId, AssignmentId, grades, status == ReviewStatus.AutoAccepted, kind, unitAccepted, now));
    }
}
