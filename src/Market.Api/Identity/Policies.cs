using Market.Domain.Tenancy;
using Microsoft.AspNetCore.Authorization;

namespace Market.Api.Identity;

public static class Policies
{
    public const string Operator = nameof(Operator);
    public const string ClientMember = nameof(ClientMember);
    public const string AgentStaff = nameof(AgentStaff);
    public const string AgentManager = nameof(AgentManager);
    public const string Worker = nameof(Worker);

    public const string AgentOwner = nameof(AgentOwner);

    /// <summary>Reading an agent's team: its managers, and the platform operator who vets agents.</summary>
    public const string AgentOversight = nameof(AgentOversight);

    /// <summary>People who may look at a job's work: the client who owns it and the agent staff doing it.</summary>
    public const string AgentStaffOrClient = nameof(AgentStaffOrClient);

    /// <summary>The regional impact report: the operator (every prefecture) and public bodies' members (their own prefecture).</summary>
    public const string RegionalImpact = nameof(RegionalImpact);

    public static AuthorizationBuilder AddMarketPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Operator, p => p.RequireRole(Roles.PlatformAdmin))
        .AddPolicy(ClientMember, p => p.RequireRole(Roles.ClientMember))
        .AddPolicy(AgentStaff, p => p.RequireRole(Roles.AgentOwner, Roles.AgentCoordinator, Roles.AgentReviewer))
        .AddPolicy(AgentManager, p => p.RequireRole(Roles.AgentOwner, Roles.AgentCoordinator))
        .AddPolicy(Worker, p => p.RequireRole(Roles.Worker))
        .AddPolicy(AgentOwner, p => p.RequireRole(Roles.AgentOwner))
        .AddPolicy(AgentStaffOrClient, p => p.RequireRole(Roles.ClientMember, Roles.AgentOwner, Roles.AgentCoordinator, Roles.AgentReviewer))
        .AddPolicy(AgentOversight, p => p.RequireRole(Roles.AgentOwner, Roles.AgentCoordinator, Roles.PlatformAdmin))
        .AddPolicy(RegionalImpact, p => p.RequireRole(Roles.PlatformAdmin, Roles.ClientMember));
}
