using System.Security.Claims;
using Market.Web.Auth;

namespace Market.Web.Agent;

/// <summary>Who the signed-in agent staff member is for the console: their agent, and which of its actions they may take.</summary>
public static class AgentUser
{
    public const string ManagerRoles = MarketRoles.AgentOwner + "," + MarketRoles.AgentCoordinator;

    /// <summary>The agent (tenant) the user works for; the API checks it again on every call.</summary>
    public static Guid AgentId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(MarketClaimTypes.TenantId), out var id) ? id : Guid.Empty;

    /// <summary>Owners and coordinators offer, assign, subcontract and deliver (the API's AgentManager policy).</summary>
    public static bool IsAgentManager(this ClaimsPrincipal user) =>
        user.IsInRole(MarketRoles.AgentOwner) || user.IsInRole(MarketRoles.AgentCoordinator);

    public static bool IsAgentOwner(this ClaimsPrincipal user) => user.IsInRole(MarketRoles.AgentOwner);
}
