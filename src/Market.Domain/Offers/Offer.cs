using Market.Domain.Agents;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;

namespace Market.Domain.Offers;

public enum OfferStatus
{
    Submitted = 0,
    Withdrawn = 1,
    Accepted = 2,
    Declined = 3,
    Expired = 4,
}

/// <summary>
/// An agent's bid for an open job: a price and a delivery date. The client accepts one
/// (<see cref="OfferAcceptance"/>), which contracts the job and declines the rest.
/// </summary>
public sealed class Offer : AggregateRoot
{
    public const int MaxNoteLength = 1000;

    private Offer()
    {
    }

    private Offer(OfferId id, JobId jobId, Guid agentId, Yen price, DateTimeOffset deliverBy, string? note, DateTimeOffset now)
    {
        Id = id;
        JobId = jobId;
        AgentId = agentId;
        Price = price;
        DeliverBy = deliverBy;
        Note = note;
        Status = OfferStatus.Submitted;
        SubmittedAt = now;
    }

    public OfferId Id { get; private set; }

    public JobId JobId { get; private set; }

    public Guid AgentId { get; private set; }

    /// <summary>The price for the whole job, before consumption tax.</summary>
    public Yen Price { get; private set; }

    /// <summary>When the agent promises the assembled deliverable.</summary>
    public DateTimeOffset DeliverBy { get; private set; }

    public string? Note { get; private set; }

    public OfferStatus Status { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    /// <summary>When the offer left <see cref="OfferStatus.Submitted"/>.</summary>
    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>
    /// Submitted or accepted. An agent has at most one live offer per job (the Api backs this with a partial
    /// unique index); after withdrawing it may offer again.
    /// </summary>
    public bool IsLive => Status is OfferStatus.Submitted or OfferStatus.Accepted;

    /// <param name="agentActiveLoad">Jobs occupying the agent now (see <see cref="AgentEligibility.LoadBearingStatuses"/>).</param>
    /// <param name="existingOffersOnJob">Offers already made on the job; only the agent's own are looked at.</param>
    public static Offer Submit(
        OfferId id,
        Job job,
        Agent agent,
        int agentActiveLoad,
        IEnumerable<Offer> existingOffersOnJob,
        Yen price,
        DateTimeOffset deliverBy,
        string? note,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(existingOffersOnJob);
        Guard.Against(job.Status != JobStatus.Open, "job_not_open", "Offers can only be made on an open job.");
        EligibilityException.ThrowIfAny(AgentEligibility.Evaluate(agent, job, agentActiveLoad));
        Guard.Against(
            existingOffersOnJob.Any(o => o.JobId == job.Id && o.AgentId == agent.Id && o.IsLive),
            "offer_already_submitted",
            "The agent already has a live offer on this job; withdraw it to offer again.");
        Guard.Against(!price.IsPositive, "offer_price_not_positive", "The price must be more than ¥0.");
        Guard.Against(deliverBy <= now, "offer_delivery_not_in_future", "The delivery date must be in the future.");
        Guard.Against(deliverBy > job.Deadline, "offer_delivery_after_deadline", "The delivery date must not be after the job's deadline.");

        var cleanNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (cleanNote is { Length: > MaxNoteLength })
        {
            throw new UnprocessableInputException("offer_note_too_long", $"A note has at most {MaxNoteLength} characters.");
        }

        var offer = new Offer(id, job.Id, agent.Id, price, deliverBy, cleanNote, now);
        offer.Raise(new OfferSubmitted(id, job.Id, agent.Id, price, deliverBy, now));
        return offer;
    }

    public void Withdraw(DateTimeOffset now)
    {
        EnsureSubmitted();
        Status = OfferStatus.Withdrawn;
        DecidedAt = now;
        Raise(new OfferWithdrawn(Id, JobId, AgentId, now));
    }

    /// <summary>The client turns this offer down, or accepted another (<see cref="OfferAcceptance"/>).</summary>
    public void Decline(DateTimeOffset now)
    {
        EnsureSubmitted();
        Status = OfferStatus.Declined;
        DecidedAt = now;
        Raise(new OfferDeclined(Id, JobId, AgentId, now));
    }

    /// <summary>An offer can no longer be accepted once its job is not open or its delivery date has come.</summary>
    public bool IsStale(Job job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        EnsureSameJob(job);
        return job.Status != JobStatus.Open || now >= DeliverBy;
    }

    public void Expire(Job job, DateTimeOffset now)
    {
        EnsureSubmitted();
        Guard.Against(!IsStale(job, now), "offer_not_stale", "The offer can still be accepted.");
        Status = OfferStatus.Expired;
        DecidedAt = now;
        Raise(new OfferExpired(Id, JobId, AgentId, now));
    }

    internal void EnsureAcceptable(DateTimeOffset now)
    {
        EnsureSubmitted();
        Guard.Against(now >= DeliverBy, "offer_delivery_passed", "The offer's delivery date has passed.");
    }

    internal void Accept(DateTimeOffset now)
    {
        EnsureAcceptable(now);
        Status = OfferStatus.Accepted;
        DecidedAt = now;
        Raise(new OfferAccepted(Id, JobId, AgentId, Price, now));
    }

    internal void EnsureSameJob(Job job)
    {
        if (job.Id != JobId)
        {
            throw new ArgumentException($"Offer {Id} is for job {JobId}, not {job.Id}.", nameof(job));
        }
    }

    private void EnsureSubmitted() =>
        Guard.Against(Status != OfferStatus.Submitted, "offer_not_submitted", "The offer has already been decided.");
}
