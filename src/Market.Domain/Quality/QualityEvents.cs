using Market.Domain.Assignments;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Quality;

/// <summary>A sampled submission (or a resubmission after rework) waits for a reviewer until <paramref name="AutoAcceptDueAt"/>.</summary>
public sealed record SubmissionAwaitingReview(
    ReviewTaskId TaskId,
    WorkUnitId UnitId,
    JobId JobId,
    Guid AgentId,
    Guid WorkerId,
    Guid SubmissionId,
    DateTimeOffset AutoAcceptDueAt,
    DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>
/// The worker's work is accepted and is owed to them; the money side posts the earning from this.
/// </summary>
/// <param name="Grades">The reviewer's grades; null when accepted without a reviewer or on appeal.</param>
/// <param name="IsAuto">Accepted without a reviewer's decision (not sampled, or not reviewed within 72 h).</param>
/// <param name="UnitAccepted">
/// The unit itself is now accepted with this worker's work. False only when an appeal was overturned after the
/// unit had gone to someone else: the appellant is still owed the pay, but the unit (and its unit-keyed
/// earning) belongs to whoever finishes it, so this earning must be keyed by <paramref name="TaskId"/>.
/// </param>
public sealed record SubmissionAccepted(
    ReviewTaskId TaskId,
    WorkUnitId UnitId,
    JobId JobId,
    Guid AgentId,
    Guid WorkerId,
    AssignmentId AssignmentId,
    ReviewGrades? Grades,
    bool IsAuto,
    AcceptanceKind AcceptedBy,
    bool UnitAccepted,
    DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record SubmissionReturnedForRework(
    ReviewTaskId TaskId,
    WorkUnitId UnitId,
    JobId JobId,
    Guid WorkerId,
    Guid ReviewerId,
    int Round,
    IReadOnlyList<string> ReasonCodes,
    string? Comment,
    DateTimeOffset Deadline,
    DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The worker gave up fixing returned work (released it or lost the lease); nothing is owed and the unit is back in the pool.</summary>
public sealed record SubmissionReworkAbandoned(ReviewTaskId TaskId, WorkUnitId UnitId, JobId JobId, Guid WorkerId, int ReworkRounds, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record SubmissionRejected(
    ReviewTaskId TaskId,
    WorkUnitId UnitId,
    JobId JobId,
    Guid WorkerId,
    Guid ReviewerId,
    string ReasonCode,
    string Comment,
    DateTimeOffset AppealDeadline,
    DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The agent owner is to decide; <paramref name="AgentId"/> says whose owner.</summary>
public sealed record AppealFiled(ReviewTaskId TaskId, WorkUnitId UnitId, JobId JobId, Guid AgentId, Guid WorkerId, DateTimeOffset OccurredAt) : IDomainEvent;

/// <param name="UnitAccepted">An overturn accepted the unit itself (it was still in the pool); otherwise the worker is paid but the unit stays with whoever took it.</param>
public sealed record AppealDecided(
    ReviewTaskId TaskId,
    WorkUnitId UnitId,
    JobId JobId,
    Guid WorkerId,
    Guid DecidedBy,
    AppealOutcome Outcome,
    bool UnitAccepted,
    DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record AdjudicationOpened(
    AdjudicationTaskId TaskId,
    JobId JobId,
    WorkUnitId Round1UnitId,
    WorkUnitId Round2UnitId,
    int DisputedCells,
    DateTimeOffset OccurredAt) : IDomainEvent;

/// <param name="Round1Wrong">Disputed cells where round 1's value was not the one decided.</param>
/// <param name="Round2Wrong">Disputed cells where round 2's value was not the one decided.</param>
public sealed record AdjudicationResolved(
    AdjudicationTaskId TaskId,
    JobId JobId,
    Guid Round1WorkerId,
    Guid Round2WorkerId,
    int DisputedCells,
    int Round1Wrong,
    int Round2Wrong,
    DateTimeOffset OccurredAt) : IDomainEvent;
