using Market.Domain.Assignments;
using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Units;
using Market.Domain.Workers;

namespace Market.Domain.Quality;

/// <summary>
/// Moves a <see cref="ReviewTask"/>, its <see cref="WorkUnit"/> and (for rework) its <see cref="Assignment"/>
/// together, so the unit's state never disagrees with the review. The caller saves all of them in one
/// transaction; each method checks everything before it changes anything.
/// </summary>
public static class SubmissionReview
{
    public const string ReviewerNotCertified = "reviewer_not_certified";

    /// <summary>
    /// After a worker's first submission on an assignment (<see cref="UnitAssignment.Submit"/>): draws whether a
    /// reviewer sees it. Unsampled work is accepted at once; sampled work waits up to 72 hours.
    /// </summary>
    /// <param name="submissionId">The stored submission; the sampling draw is made on it.</param>
    /// <param name="tier">The worker's tier now.</param>
    /// <param name="policySeed">The agent's sampling seed.</param>
    public static ReviewTask Open(
        ReviewTaskId id,
        WorkUnit unit,
        Assignment assignment,
        Guid submissionId,
        WorkerTier tier,
        SamplingPolicy policy,
        string policySeed,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(policy);
        assignment.EnsureFor(unit);
        Guard.Against(
            unit.Status != WorkUnitStatus.Submitted || assignment.Status != AssignmentStatus.Submitted,
            "review_not_submitted",
            "Only submitted work can be opened for review.");
        EnsureUnitHeldBy(unit, assignment.Id);
        var sampling = policy.Decide(policySeed, submissionId, tier);

        var task = ReviewTask.Open(id, unit, assignment, submissionId, sampling, now);
        if (!sampling.IsSampled)
        {
            unit.Accept(now);
            task.AcceptUnsampled(now);
        }

        return task;
    }

    /// <summary>
    /// After the worker resubmits work returned for rework (<see cref="UnitAssignment.Submit"/> on the same
    /// assignment): it always goes back to a reviewer, who asked for the fix, and the 72-hour clock restarts.
    /// </summary>
    public static void Resubmitted(ReviewTask task, WorkUnit unit, Assignment assignment, Guid submissionId, DateTimeOffset now)
    {
        EnsureSameWork(task, unit, assignment);
        Guard.Against(
            task.Status != ReviewStatus.ReturnedForRework,
            "review_not_returned_for_rework",
            "Only work returned for rework can be resubmitted for review.");
        Guard.Against(
            unit.Status != WorkUnitStatus.Submitted || assignment.Status != AssignmentStatus.Submitted,
            "review_not_submitted",
            "The unit has not been resubmitted.");
        EnsureUnitHeldBy(unit, task.AssignmentId);
        task.Resubmit(submissionId, now);
    }

    /// <param name="reviewerCertifications">Codes of the reviewer's valid certifications; <see cref="CertificationCodes.QcReviewer"/> is required.</param>
    public static void Accept(
        ReviewTask task,
        WorkUnit unit,
        Guid reviewerId,
        IReadOnlySet<string> reviewerCertifications,
        ReviewGrades grades,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grades);
        EnsureSameUnit(task, unit);
        task.EnsureCanDecide(reviewerId);
        EnsureCertified(reviewerCertifications);
        EnsureUnitAwaitingReview(task, unit);

        StartReviewIfNeeded(unit, reviewerId, now);
        unit.Accept(now);
        task.Accept(reviewerId, grades, now);
    }

    /// <summary>
    /// Returns the work to the same worker, who gets the assignment back with a fresh lease (renewed by their
    /// activity) to fix it by <paramref name="deadline"/>. At most <see cref="ReviewTask.MaxReworkRounds"/> times.
    /// </summary>
    public static void ReturnForRework(
        ReviewTask task,
        WorkUnit unit,
        Assignment assignment,
        Guid reviewerId,
        IReadOnlySet<string> reviewerCertifications,
        IEnumerable<string> reasonCodes,
        string? comment,
        DateTimeOffset deadline,
        DateTimeOffset now)
    {
        EnsureSameWork(task, unit, assignment);
        task.EnsureCanReturnForRework(reviewerId, deadline, now);
        EnsureCertified(reviewerCertifications);
        var feedback = ReviewFeedback.ForRework(reasonCodes, comment);
        EnsureUnitAwaitingReview(task, unit);
        assignment.EnsureCanReopen();
        Guard.Against(
            unit.ReworkRounds >= WorkUnit.MaxReworkRounds,
            "review_rework_limit_reached",
            $"Work can be returned for rework at most {WorkUnit.MaxReworkRounds} times; accept or reject it.");

        StartReviewIfNeeded(unit, reviewerId, now);
        UnitAssignment.RequestRework(unit, assignment, feedback.ToReasonText(), now);
        task.ReturnForRework(reviewerId, feedback, deadline, now);
    }

    /// <summary>Rejects the work with a reason code and a comment; the unit goes back to the pool for someone else.</summary>
    public static void Reject(
        ReviewTask task,
        WorkUnit unit,
        Guid reviewerId,
        IReadOnlySet<string> reviewerCertifications,
        string reasonCode,
        string comment,
        DateTimeOffset now)
    {
        EnsureSameUnit(task, unit);
        task.EnsureCanDecide(reviewerId);
        EnsureCertified(reviewerCertifications);
        var feedback = ReviewFeedback.ForRejection(reasonCode, comment);
        EnsureUnitAwaitingReview(task, unit);

        StartReviewIfNeeded(unit, reviewerId, now);
        unit.Reject(feedback.ToReasonText(), now);
        task.Reject(reviewerId, feedback, now);
    }

    /// <summary>The Quartz job: a sampled submission not reviewed within 72 hours is accepted. Refused before then.</summary>
    public static void AutoAcceptIfOverdue(ReviewTask task, WorkUnit unit, DateTimeOffset now)
    {
        EnsureSameUnit(task, unit);
        task.EnsureOverdue(now);
        EnsureUnitAwaitingReview(task, unit);

        unit.Accept(now);
        task.AutoAcceptIfOverdue(now);
    }

    /// <summary>
    /// After the worker released a unit returned for rework, or the reaper expired or a coordinator revoked its
    /// lease (<see cref="UnitAssignment"/>): the task ends without pay and leaves the review queue.
    /// </summary>
    public static void ReworkAbandoned(ReviewTask task, WorkUnit unit, Assignment assignment, DateTimeOffset now)
    {
        EnsureSameWork(task, unit, assignment);
        Guard.Against(
            task.Status != ReviewStatus.ReturnedForRework,
            "review_not_returned_for_rework",
            "Only work returned for rework can be abandoned.");
        Guard.Against(
            assignment.Status is not (AssignmentStatus.Released or AssignmentStatus.Expired or AssignmentStatus.Revoked),
            "review_rework_in_progress",
            "The worker still holds the unit returned for rework.");
        task.AbandonRework(now);
    }

    /// <summary>The worker appeals a rejection, once, within 7 days of it.</summary>
    public static void FileAppeal(ReviewTask task, Guid workerId, string statement, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        task.FileAppeal(workerId, statement, now);
    }

    /// <summary>
    /// The agent owner upholds or overturns a rejection. Overturning accepts the work, so the worker is paid.
    /// If the unit is still in the pool it is accepted with this work; if someone else has taken it meanwhile
    /// it stays with them, because taking it away would wrong a second worker.
    /// </summary>
    /// <param name="unit">The unit, as it is now.</param>
    public static void DecideAppeal(ReviewTask task, WorkUnit unit, Guid decidedBy, AppealOutcome outcome, string? note, DateTimeOffset now)
    {
        EnsureSameUnit(task, unit);
        task.EnsureCanDecideAppeal(decidedBy, outcome, note);
        var acceptUnit = outcome == AppealOutcome.Overturned && unit.Status == WorkUnitStatus.Available;

        if (acceptUnit)
        {
            unit.AcceptOnAppeal(task.WorkerId, task.AssignmentId.Value, now);
        }

        task.DecideAppeal(decidedBy, outcome, note, acceptUnit, now);
    }

    private static void EnsureCertified(IReadOnlySet<string> reviewerCertifications)
    {
        ArgumentNullException.ThrowIfNull(reviewerCertifications);
        Guard.Against(
            !reviewerCertifications.Contains(CertificationCodes.QcReviewer),
            ReviewerNotCertified,
            "Only a reviewer holding a valid QC reviewer certification can decide on work.");
    }

    private static void EnsureSameUnit(ReviewTask task, WorkUnit unit)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(unit);
        if (task.UnitId != unit.Id)
        {
            throw new ArgumentException($"Review task {task.Id} is for unit {task.UnitId}, not {unit.Id}.", nameof(unit));
        }
    }

    private static void EnsureSameWork(ReviewTask task, WorkUnit unit, Assignment assignment)
    {
        EnsureSameUnit(task, unit);
        ArgumentNullException.ThrowIfNull(assignment);
        if (task.AssignmentId != assignment.Id)
        {
            throw new ArgumentException($"Review task {task.Id} is for assignment {task.AssignmentId}, not {assignment.Id}.", nameof(assignment));
        }
    }

    private static void EnsureUnitAwaitingReview(ReviewTask task, WorkUnit unit)
    {
        Guard.Against(
            unit.Status is not (WorkUnitStatus.Submitted or WorkUnitStatus.InReview),
            "review_not_awaiting",
            "The unit is not waiting for review.");
        EnsureUnitHeldBy(unit, task.AssignmentId);
    }

    private static void EnsureUnitHeldBy(WorkUnit unit, AssignmentId assignmentId) =>
        Guard.Against(
            unit.AssignmentId != assignmentId.Value,
            "assignment_mismatch",
            "This assignment no longer holds the unit (it was reassigned).");

    private static void StartReviewIfNeeded(WorkUnit unit, Guid reviewerId, DateTimeOffset now)
    {
        if (unit.Status == WorkUnitStatus.Submitted)
        {
            unit.StartReview(reviewerId, now);
        }
    }
}
