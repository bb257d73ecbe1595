using Market.Domain.Agents;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;

namespace Market.Domain.Offers;

/// <summary>The client accepts one offer: the job is contracted to its agent and every other submitted offer is declined.</summary>
public static class OfferAcceptance
{
    /// <param name="agent">The offer's agent: a suspended agent cannot win a contract, even with an offer made while approved.</param>
    /// <param name="otherOffers">The job's other offers; only submitted ones change (to Declined).</param>
    public static void Accept(Job job, Offer offer, Agent agent, IReadOnlyCollection<Offer> otherOffers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(otherOffers);
        offer.EnsureSameJob(job);
        if (agent.Id != offer.AgentId)
        {
            throw new ArgumentException("That is not the offer's agent.", nameof(agent));
        }

        foreach (var other in otherOffers)
        {
            other.EnsureSameJob(job);
            if (other.Id == offer.Id)
            {
                throw new ArgumentException("The accepted offer is not one of the others.", nameof(otherOffers));
            }
        }

        Guard.Against(!agent.IsApproved, AgentEligibility.NotApproved, "The offer's agent is not approved by the platform operator.");
        offer.EnsureAcceptable(now);
        job.Contract(offer.AgentId, offer.Price, now);
        offer.Accept(now);
        foreach (var other in otherOffers.Where(o => o.Status == OfferStatus.Submitted))
        {
            other.Decline(now);
        }
    }
}
