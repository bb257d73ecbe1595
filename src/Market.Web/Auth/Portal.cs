using System.Security.Claims;

namespace Market.Web.Auth;

/// <summary>One landing area of the UI, the policy guarding it and the roles that open it.</summary>
public sealed record Portal(string Policy, string Path, string NameKey, IReadOnlyList<string> Roles)
{
    public static readonly Portal Operator = new("Operator", "/operator", "Portal_Operator", [MarketRoles.PlatformAdmin]);
    public static readonly Portal Agent = new("Agent", "/agent", "Portal_Agent", MarketRoles.Agent);
    public static readonly Portal Client = new("Client", "/client", "Portal_Client", [MarketRoles.ClientMember]);
    public static readonly Portal Worker = new("Worker", "/worker", "Portal_Worker", [MarketRoles.Worker]);

    /// <summary>In landing order: a user holding several roles lands on the first portal they may open.</summary>
    public static readonly IReadOnlyList<Portal> All = [Operator, Agent, Client, Worker];

    public string PageFolder => "/" + Policy;

    public bool IsOpenTo(ClaimsPrincipal user) => Roles.Any(user.IsInRole);

    public static IReadOnlyList<Portal> OpenTo(ClaimsPrincipal user) =>
        All.Where(portal => portal.IsOpenTo(user)).ToList();
}
