using Market.Domain.Common;
using Market.Domain.Files;

namespace Market.Domain.Jobs;

public sealed record JobDrafted(JobId JobId, Guid ClientId, JobType JobType, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record JobPublished(JobId JobId, DateTimeOffset Deadline, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record JobContracted(JobId JobId, Guid AgentId, Yen AgreedPrice, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record JobWorkStarted(JobId JobId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record JobDelivered(JobId JobId, FileId Deliverable, int Round, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record JobRevisionRequested(JobId JobId, string Reason, int Round, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record JobAccepted(JobId JobId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record JobClosed(JobId JobId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record JobCancelled(JobId JobId, JobStatus CancelledFrom, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;
