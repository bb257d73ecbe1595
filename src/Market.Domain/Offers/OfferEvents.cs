using Market.Domain.Common;
using Market.Domain.Jobs;

namespace Market.Domain.Offers;

public sealed record OfferSubmitted(OfferId OfferId, JobId JobId, Guid AgentId, Yen Price, DateTimeOffset DeliverBy, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record OfferWithdrawn(OfferId OfferId, JobId JobId, Guid AgentId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record OfferAccepted(OfferId OfferId, JobId JobId, Guid AgentId, Yen Price, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record OfferDeclined(OfferId OfferId, JobId JobId, Guid AgentId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record OfferExpired(OfferId OfferId, JobId JobId, Guid AgentId, DateTimeOffset OccurredAt) : IDomainEvent;
