namespace Market.Web.Api;

/// <summary>The agent as its own staff see it (GET /agents/{id}).</summary>
public sealed record AgentProfile(
    Guid Id,
    string Name,
    string OrganisationType,
    string Prefecture,
    string Municipality,
    string InviteCode,
    string VettingStatus,
    string? VettingReason,
    DateTimeOffset? VettedAt,
    IReadOnlyList<string> Certifications,
    int MaxConcurrentJobs,
    int ActiveJobs,
    DateTimeOffset CreatedAt);

public sealed record ApiRefusal(string Code, string Message);

public sealed record OpenJob(
    Guid Id,
    string Title,
    string Type,
    DateTimeOffset Deadline,
    string Confidentiality,
    IReadOnlyList<string> RegionPreference,
    JobQuote? Quote,
    bool Eligible,
    IReadOnlyList<ApiRefusal> Refusals,
    Guid? LiveOfferId);

public sealed record OpenJobPage(IReadOnlyList<OpenJob> Items, int Page, int PageSize, int Total, int ActiveJobs, int MaxConcurrentJobs);

/// <param name="Price">Integer yen for the whole job, before consumption tax.</param>
public sealed record OfferRequest(long Price, DateTimeOffset DeliverBy, string? Note);

public sealed record Offer(
    Guid Id,
    Guid JobId,
    Guid AgentId,
    string AgentName,
    long Price,
    DateTimeOffset DeliverBy,
    string? Note,
    string Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DecidedAt);

public sealed record UnitHolder(Guid WorkerId, string DisplayName);

/// <param name="Pool"><c>Lead</c> for units of a job the agent contracted, <c>Subcontract</c> for units handed to it.</param>
public sealed record AgentUnit(
    Guid Id,
    Guid JobId,
    string JobTitle,
    DateTimeOffset JobDeadline,
    int Sequence,
    string Kind,
    string Status,
    int EstimatedMinutes,
    string Pool,
    Guid? ProposedTo,
    UnitHolder? Holder,
    DateTimeOffset? LeaseExpiresAt);

public sealed record AgentUnitPage(IReadOnlyList<AgentUnit> Items, int Page, int PageSize, int Total);

public sealed record AssignRequest(Guid? WorkerId, bool Auto);

/// <summary>One worker in the auto-assignment's ranking: its rank when eligible, otherwise the rules that refuse it.</summary>
public sealed record CandidateRanking(Guid WorkerId, int? Rank, bool Eligible, IReadOnlyList<ApiRefusal> Refusals, string Explanation);

public sealed record Assignment(Guid AssignmentId, Guid UnitId, Guid WorkerId, string AssignedBy, DateTimeOffset ExpiresAt, IReadOnlyList<CandidateRanking>? Ranking);

public sealed record WorkStarted(Guid JobId, string Status, int UnitsMadeAvailable);

/// <param name="Basis"><c>PerUnit</c> or <c>Total</c>.</param>
public sealed record SubcontractRequest(Guid SubAgentId, IReadOnlyList<Guid> UnitIds, long Price, string Basis);

public sealed record SubcontractReasonRequest(string Reason);

public sealed record Subcontract(
    Guid Id,
    Guid JobId,
    Guid LeadAgentId,
    string LeadAgentName,
    Guid SubAgentId,
    string SubAgentName,
    IReadOnlyList<Guid> UnitIds,
    int UnitCount,
    long AgreedPrice,
    string PriceBasis,
    long TotalPrice,
    string Status,
    string? EndReason,
    DateTimeOffset ProposedAt,
    DateTimeOffset? DecidedAt);

public sealed record AgentWorker(
    Guid UserId,
    string DisplayName,
    string Status,
    DateTimeOffset JoinedAt,
    string? Tier,
    int? HoursPerWeek,
    int? MaxConcurrentUnits,
    int ActiveUnits,
    IReadOnlyList<string> Skills);

public sealed record AgentTeam(Guid Id, string Name, Guid? CoordinatorUserId, IReadOnlyList<Guid> MemberUserIds, DateTimeOffset CreatedAt);

public sealed record TeamNameRequest(string Name);

public sealed record TeamMemberRequest(Guid UserId);

/// <summary>A web-edit page as the worker was given it, and the submission's line diff against it.</summary>
public sealed record ReviewedPage(string Url, string RequestedChange, string CurrentContent, IReadOnlyList<ReviewDiffLine> Diff);

/// <param name="Operation"><c>Equal</c>, <c>Delete</c> or <c>Insert</c>.</param>
public sealed record ReviewDiffLine(string Operation, string Text);

public sealed record ReviewItem(
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
    IReadOnlyList<string>? Fields,
    ReviewedPage? Page);

public sealed record ReviewQueuePage(IReadOnlyList<ReviewItem> Items, int Page, int PageSize, int Total);

/// <param name="Decision"><c>Accept</c>, <c>Rework</c> or <c>Reject</c>.</param>
public sealed record ReviewRequest(
    string Decision,
    int? Accuracy,
    int? Format,
    IReadOnlyList<string>? ReasonCodes,
    string? ReasonCode,
    string? Comment,
    DateTimeOffset? Deadline);

public sealed record ReviewOutcome(Guid TaskId, Guid UnitId, string Status, int ReworkRounds, DateTimeOffset? ReworkDeadline);

public sealed record AppealItem(
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

/// <param name="Outcome"><c>Upheld</c> or <c>Overturned</c>.</param>
public sealed record AppealDecisionRequest(string Outcome, string? Note);

/// <summary>A certification someone holds: its state now, when it ends and when its grace ends (GET /agents/{id}/certifications).</summary>
public sealed record MemberHeldCertification(
    string State,
    bool AllowsNewWork,
    DateTimeOffset IssuedAt,
    DateTimeOffset ValidUntil,
    DateTimeOffset RenewalOpensAt,
    DateTimeOffset GraceEndsAt,
    int RenewalCount,
    DateTimeOffset? LastRenewedAt,
    DateTimeOffset? RevokedAt,
    string? RevocationReason);

/// <param name="LapsingSoon">Renewal due, in grace, or ending within the asked number of days: the coordinator should act.</param>
public sealed record MemberCertification(
    Guid UserId, string DisplayName, string Code, string NameJa, string NameEn, bool LapsingSoon, MemberHeldCertification Certification);

public sealed record AgentCertificationList(int Total, int LapsingSoon, IReadOnlyList<MemberCertification> Items);
