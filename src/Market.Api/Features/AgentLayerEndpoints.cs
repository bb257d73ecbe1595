using Market.Api.Features.Agents;
using Market.Api.Features.Offers;
using Market.Api.Features.Subcontracts;
using Market.Api.Identity;
using Market.Api.Infrastructure;

namespace Market.Api.Features;

/// <summary>Routes of the agent layer's market side: vetting, open jobs, offers and contracts, subcontracts, the unit board.</summary>
public static class AgentLayerEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        AgentEndpoints.MapVetting(v1.MapGroup("/agents").WithTags("Agents").RequireAuthorization(Policies.Operator));
        AgentEndpoints.MapAgentViews(v1.MapGroup("/agents/{agentId:guid}").WithTags("Agents")
            .AddEndpointFilter(new TenantRouteFilter("agentId")));

        var jobs = v1.MapGroup("/jobs");
        OfferEndpoints.MapOnJobs(jobs.MapGroup("").WithTags("Offers"));
        SubcontractEndpoints.MapOnJobs(jobs.MapGroup("").WithTags("Subcontracts"));
        OfferEndpoints.MapOffers(v1.MapGroup("/offers").WithTags("Offers"));
        SubcontractEndpoints.MapSubcontracts(v1.MapGroup("/subcontracts").WithTags("Subcontracts"));
    }
}
