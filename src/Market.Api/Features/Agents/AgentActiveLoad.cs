using Market.Api.Persistence;
using Market.Domain.Agents;
using Market.Domain.Subcontracting;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Agents;

/// <summary>
/// How many jobs occupy an agent now (<see cref="AgentEligibility.LoadBearingStatuses"/>): those it leads, plus those
/// in which it holds an accepted subcontract. Shared by the open-jobs listing, offers and the agent profile so that
/// all three count capacity the same way.
/// </summary>
internal static class AgentActiveLoad
{
    public static Task<int> CountAsync(MarketDbContext db, Guid agentId, CancellationToken cancellationToken)
    {
        var statuses = AgentEligibility.LoadBearingStatuses.ToList();
        // Capacity is a fact about the agent, not about what the caller may see (a client accepting an offer, the
        // operator vetting): counted across tenants on purpose, for this one agent only.
        var subcontracts = db.Subcontracts.IgnoreQueryFilters([MarketDbContext.TenantFilter]);
        return db.Jobs.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(j => statuses.Contains(j.Status))
            .Where(j => j.ContractedAgentId == agentId
                || subcontracts.Any(s => s.JobId == j.Id && s.SubAgentId == agentId && s.Status == SubcontractStatus.Accepted))
            .CountAsync(cancellationToken);
    }
}
