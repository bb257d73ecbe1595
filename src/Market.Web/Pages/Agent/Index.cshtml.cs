using Market.Web.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Agent;

public sealed class IndexModel : PageModel
{
    internal static readonly PortalSection[] Sections =
    [
        new("OpenJobs", MarketRoles.AgentOwner, MarketRoles.AgentCoordinator),
        new("Assignment", MarketRoles.AgentOwner, MarketRoles.AgentCoordinator),
        new("ReviewQueue", MarketRoles.AgentOwner, MarketRoles.AgentReviewer),
        new("TeamWorkers", MarketRoles.AgentOwner, MarketRoles.AgentCoordinator),
        new("PayoutBatches", MarketRoles.AgentOwner),
        new("TeamRoom"),
        new("AgentImpact", MarketRoles.AgentOwner),
    ];

    public PortalHome Home => PortalHome.For(Portal.Agent, User, Sections);
}
