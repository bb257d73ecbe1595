using Market.Domain.Common;
using Market.Domain.Jobs;

namespace Market.Domain.Units;

public enum WorkUnitStatus
{
    /// <summary>Planned; the job has not started yet.</summary>
    Pending = 0,
    Available = 1,
    Assigned = 2,
    Submitted = 3,
    InReview = 4,
    ReworkRequested = 5,
    Accepted = 6,

    /// <summary>Taken out of the plan (the job was cancelled or re-split before work started).</summary>
    Withdrawn = 7,
}

/// <summary>
/// A small piece of a job done by one home worker. Lifecycle: Pending → Available → Assigned → Submitted →
/// (InReview →) Accepted; a review may send it back for rework to the same worker (at most
/// <see cref="MaxReworkRounds"/> times) or reject it, which returns it to the pool. A worker may release a
/// unit they hold. Every submission names its assignment, so work from a lost lease is refused.
/// </summary>
public sealed class WorkUnit : AggregateRoot
{
    public const int MaxReworkRounds = 2;

    private WorkUnit()
    {
    }

    private WorkUnit(WorkUnitId id, JobId jobId, int sequence, JobType kind, int estimatedMinutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(estimatedMinutes);
        Id = id;
        JobId = jobId;
        Sequence = sequence;
        Kind = kind;
        EstimatedMinutes = estimatedMinutes;
        Status = WorkUnitStatus.Pending;
    }

    public WorkUnitId Id { get; private set; }

    public JobId JobId { get; private set; }

    /// <summary>1-based position in the job's plan; assembly follows it.</summary>
    public int Sequence { get; private set; }

    public JobType Kind { get; private set; }

    public WorkUnitStatus Status { get; private set; }

    public int EstimatedMinutes { get; private set; }

    public TranscriptionSegment? Segment { get; private set; }

    public DataEntrySlice? Slice { get; private set; }

    public WebEditPage? Page { get; private set; }

    /// <summary>For data entry: the unit holding the other keying round of the same cells.</summary>
    public WorkUnitId? TwinUnitId { get; private set; }

    /// <summary>The worker holding (or who last completed) the unit.</summary>
    public Guid? WorkerId { get; private set; }

    public Guid? AssignmentId { get; private set; }

    public Guid? ReviewerId { get; private set; }

    public int ReworkRounds { get; private set; }

    public int Rejections { get; private set; }

    /// <summary>The reason given with the latest release, rework request or rejection.</summary>
    public string? LastReason { get; private set; }

    public DateTimeOffset? AssignedAt { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public static WorkUnit ForTranscription(JobId jobId, int sequence, TranscriptionSegment segment, TranscriptionStyle style)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return new WorkUnit(WorkUnitId.For(jobId, sequence), jobId, sequence, JobType.Transcription, WorkEstimates.ForTranscription(segment.DurationMs, style))
        {
            Segment = segment,
        };
    }

    public static WorkUnit ForDataEntry(JobId jobId, int sequence, DataEntrySlice slice, WorkUnitId twinUnitId)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return new WorkUnit(WorkUnitId.For(jobId, sequence), jobId, sequence, JobType.DataEntry, WorkEstimates.ForDataEntry(slice.KeyedFieldCount))
        {
            Slice = slice,
            TwinUnitId = twinUnitId,
        };
    }

    public static WorkUnit ForWebEdit(JobId jobId, int sequence, WebEditPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new WorkUnit(WorkUnitId.For(jobId, sequence), jobId, sequence, JobType.WebEdit, WorkEstimates.ForWebEditPage())
        {
            Page = page,
        };
    }

    public void MakeAvailable(DateTimeOffset now)
    {
        Guard.Against(Status != WorkUnitStatus.Pending, "unit_not_pending", "Only a planned unit can be made available.");
        Status = WorkUnitStatus.Available;
        Raise(new WorkUnitMadeAvailable(Id, JobId, now));
    }

    /// <param name="twin">For data entry, the unit with the other keying round: the same worker may not key both.</param>
    public void Assign(Guid workerId, Guid assignmentId, DateTimeOffset now, WorkUnit? twin = null)
    {
        Guard.Against(Status != WorkUnitStatus.Available, "unit_not_available", "The unit is not available for assignment.");
        if (TwinUnitId is not null)
        {
            ArgumentNullException.ThrowIfNull(twin, nameof(twin));
            if (twin.Id != TwinUnitId)
            {
                throw new ArgumentException("That is not this unit's twin.", nameof(twin));
            }

            Guard.Against(
                twin.WorkerId == workerId,
                "unit_twin_same_worker",
                "The same worker may not key both rounds of the same records.");
        }

        Status = WorkUnitStatus.Assigned;
        WorkerId = workerId;
        AssignmentId = assignmentId;
        AssignedAt = now;
        Raise(new WorkUnitAssigned(Id, JobId, workerId, assignmentId, now));
    }

    /// <summary>The worker gives the unit back (or their lease expired); it returns to the pool.</summary>
    public void Release(Guid assignmentId, string reason, DateTimeOffset now)
    {
        Guard.Against(
            Status is not (WorkUnitStatus.Assigned or WorkUnitStatus.ReworkRequested),
            "unit_not_assigned",
            "The unit is not held by a worker.");
        EnsureAssignment(assignmentId);
        var trimmed = RequiredText.Of(reason, "unit_release_reason_required", "A reason is required.");
        var workerId = WorkerId!.Value;
        ReturnToPool(trimmed);
        Raise(new WorkUnitReleased(Id, JobId, workerId, assignmentId, trimmed, now));
    }

    public void Submit(Guid assignmentId, DateTimeOffset now)
    {
        Guard.Against(
            Status is not (WorkUnitStatus.Assigned or WorkUnitStatus.ReworkRequested),
            "unit_not_assigned",
            "The unit is not held by a worker.");
        EnsureAssignment(assignmentId);
        Status = WorkUnitStatus.Submitted;
        SubmittedAt = now;
        Raise(new WorkUnitSubmitted(Id, JobId, WorkerId!.Value, assignmentId, now));
    }

    public void StartReview(Guid reviewerId, DateTimeOffset now)
    {
        Guard.Against(Status != WorkUnitStatus.Submitted, "unit_not_submitted", "Only a submitted unit can be reviewed.");
        Guard.Against(reviewerId == WorkerId, "unit_reviewer_is_worker", "Nobody reviews their own work.");
        Status = WorkUnitStatus.InReview;
        ReviewerId = reviewerId;
        Raise(new WorkUnitReviewStarted(Id, JobId, reviewerId, now));
    }

    /// <summary>Accepts a reviewed unit, or a submitted one that was not sampled for review.</summary>
    public void Accept(DateTimeOffset now)
    {
        Guard.Against(
            Status is not (WorkUnitStatus.Submitted or WorkUnitStatus.InReview),
            "unit_not_awaiting_review",
            "Only submitted work can be accepted.");
        Status = WorkUnitStatus.Accepted;
        AcceptedAt = now;
        Raise(new WorkUnitAccepted(Id, JobId, WorkerId!.Value, now));
    }

    /// <summary>
    /// The agent owner overturned a rejection while the unit was still back in the pool: it is accepted with
    /// the appellant's work instead of being done again.
    /// </summary>
    public void AcceptOnAppeal(Guid workerId, Guid assignmentId, DateTimeOffset now)
    {
        Guard.Against(
            Status != WorkUnitStatus.Available,
            "unit_not_available",
            "Only a unit back in the pool can be accepted on appeal; someone else has taken it.");
        Status = WorkUnitStatus.Accepted;
        WorkerId = workerId;
        AssignmentId = assignmentId;
        AcceptedAt = now;
        Raise(new WorkUnitAccepted(Id, JobId, workerId, now));
    }

    public void RequestRework(string reason, DateTimeOffset now)
    {
        EnsureInReview();
        Guard.Against(
            ReworkRounds >= MaxReworkRounds,
            "unit_rework_limit_reached",
            $"A unit can be returned for rework at most {MaxReworkRounds} times; accept or reject it.");
        var trimmed = RequiredText.Of(reason, "unit_rework_reason_required", "A reason is required.");
        Status = WorkUnitStatus.ReworkRequested;
        ReworkRounds++;
        LastReason = trimmed;
        Raise(new WorkUnitReworkRequested(Id, JobId, WorkerId!.Value, trimmed, ReworkRounds, now));
    }

    public void Reject(string reason, DateTimeOffset now)
    {
        EnsureInReview();
        var trimmed = RequiredText.Of(reason, "unit_rejection_reason_required", "A reason is required.");
        var workerId = WorkerId!.Value;
        Rejections++;
        ReturnToPool(trimmed);
        Raise(new WorkUnitRejected(Id, JobId, workerId, trimmed, now));
    }

    /// <summary>
    /// The client asked for this unit to be revised after delivery: it goes back to the pool with the client's
    /// comment, is done and reviewed again, and the agent redelivers. (A correction: the unit was paid once.)
    /// </summary>
    public void ReopenForRevision(string comment, DateTimeOffset now)
    {
        Guard.Against(Status != WorkUnitStatus.Accepted, "unit_not_accepted", "Only an accepted unit can be sent back for revision.");
        var trimmed = RequiredText.Of(comment, "revision_comment_required", "A pinned comment needs text.");
        ReturnToPool(trimmed);
        AcceptedAt = null;
        Raise(new WorkUnitReopenedForRevision(Id, JobId, trimmed, now));
    }

    public void Withdraw(DateTimeOffset now)
    {
        Guard.Against(
            Status is not (WorkUnitStatus.Pending or WorkUnitStatus.Available),
            "unit_not_withdrawable",
            "A unit a worker has started cannot be withdrawn.");
        Status = WorkUnitStatus.Withdrawn;
        Raise(new WorkUnitWithdrawn(Id, JobId, now));
    }

    private void EnsureInReview() =>
        Guard.Against(Status != WorkUnitStatus.InReview, "unit_not_in_review", "The unit is not in review.");

    private void EnsureAssignment(Guid assignmentId) =>
        Guard.Against(
            AssignmentId != assignmentId,
            "unit_assignment_mismatch",
            "This assignment no longer holds the unit (the lease was lost or the unit was reassigned).");

    private void ReturnToPool(string reason)
    {
        Status = WorkUnitStatus.Available;
        WorkerId = null;
        AssignmentId = null;
        ReviewerId = null;
        ReworkRounds = 0;
        AssignedAt = null;
        SubmittedAt = null;
        LastReason = reason;
    }
}
