using Market.Domain.Common;
using Market.Domain.Jobs;

namespace Market.Domain.Units;

public sealed record WorkUnitMadeAvailable(WorkUnitId UnitId, JobId JobId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkUnitAssigned(WorkUnitId UnitId, JobId JobId, Guid WorkerId, Guid AssignmentId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkUnitReleased(WorkUnitId UnitId, JobId JobId, Guid WorkerId, Guid AssignmentId, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkUnitSubmitted(WorkUnitId UnitId, JobId JobId, Guid WorkerId, Guid AssignmentId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkUnitReviewStarted(WorkUnitId UnitId, JobId JobId, Guid ReviewerId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkUnitAccepted(WorkUnitId UnitId, JobId JobId, Guid WorkerId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkUnitReworkRequested(WorkUnitId UnitId, JobId JobId, Guid WorkerId, string Reason, int Round, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkUnitRejected(WorkUnitId UnitId, JobId JobId, Guid WorkerId, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkUnitWithdrawn(WorkUnitId UnitId, JobId JobId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WorkUnitReopenedForRevision(WorkUnitId UnitId, JobId JobId, string Comment, DateTimeOffset OccurredAt) : IDomainEvent;
