using Market.Domain.Common;

namespace Market.Domain.Workers;

public sealed record WorkerRegistered(Guid UserId, Guid AgentId, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The handler suspends the membership (sign-in), revokes sessions and revokes the worker's live assignments; money owed is kept.</summary>
public sealed record WorkerSuspended(Guid UserId, Guid AgentId, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkerReinstated(Guid UserId, Guid AgentId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkerLeft(Guid UserId, Guid AgentId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkerTierChanged(Guid UserId, Guid AgentId, WorkerTier From, WorkerTier To, DateTimeOffset OccurredAt) : IDomainEvent;
