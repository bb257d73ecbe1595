namespace Market.Web.Auth;

public static class MarketRoles
{
    public const string PlatformAdmin = "PlatformAdmin";
    public const string ClientMember = "ClientMember";
    public const string AgentOwner = "AgentOwner";
    public const string AgentCoordinator = "AgentCoordinator";
    public const string AgentReviewer = "AgentReviewer";
    public const string Worker = "Worker";

    public static readonly IReadOnlyList<string> All =
        [PlatformAdmin, ClientMember, AgentOwner, AgentCoordinator, AgentReviewer, Worker];

    public static readonly IReadOnlyList<string> Agent = [AgentOwner, AgentCoordinator, AgentReviewer];
}
