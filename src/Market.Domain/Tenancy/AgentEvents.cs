using Market.Domain.Common;

namespace Market.Domain.Tenancy;

public sealed record AgentApproved(Guid AgentId, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The agent may no longer make offers; its live offers should be withdrawn by the handler.</summary>
public sealed record AgentSuspended(Guid AgentId, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record AgentReinstated(Guid AgentId, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record AgentCertificationGranted(Guid AgentId, OrganisationCertification Certification, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record AgentCertificationRevoked(Guid AgentId, OrganisationCertification Certification, DateTimeOffset OccurredAt) : IDomainEvent;
