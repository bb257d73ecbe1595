namespace Market.Domain.Tenancy;

public static class Roles
{
    public const string PlatformAdmin = nameof(PlatformAdmin);
    public const string ClientMember = nameof(ClientMember);
    public const string AgentOwner = nameof(AgentOwner);
    public const string AgentCoordinator = nameof(AgentCoordinator);
    public const string AgentReviewer = nameof(AgentReviewer);
    public const string Worker = nameof(Worker);

    public static readonly IReadOnlyList<string> All =
        [PlatformAdmin, ClientMember, AgentOwner, AgentCoordinator, AgentReviewer, Worker];

    public static TenantKind TenantKindOf(string role) => role switch
    {
        PlatformAdmin => TenantKind.Platform,
        ClientMember => TenantKind.Client,
        AgentOwner or AgentCoordinator or AgentReviewer or Worker => TenantKind.Agent,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };
}
