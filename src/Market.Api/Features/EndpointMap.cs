using Market.Api.Infrastructure;

namespace Market.Api.Features;

public static class EndpointMap
{
    public static void MapMarketEndpoints(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        // Every v1 endpoint needs a signed-in caller unless it says AllowAnonymous (sign-in itself).
        var v1 = app.MapGroup("/api/v1").RequireAuthorization();

        var auth = v1.MapGroup("/auth").WithTags("Auth").RequireRateLimiting("auth");
        Auth.Register.RegisterEndpoint.Map(auth);
        Auth.Login.LoginEndpoint.Map(auth);
        Auth.Refresh.RefreshEndpoint.Map(auth);

        var me = v1.MapGroup("/me").WithTags("Me");
        Me.GetMe.GetMeEndpoint.Map(me);
        Auth.AccountSecurityEndpoints.Map(auth, me);

        var files = v1.MapGroup("/files").WithTags("Files");
        Files.Upload.UploadFileEndpoint.Map(files, configuration.GetValue("Files:MaxUploadBytes", 600L * 1024 * 1024));
        Files.Download.FileEndpoints.Map(files);

        Jobs.JobEndpoints.Map(v1.MapGroup("/jobs").WithTags("Jobs"));
        UnitEndpoints.Map(v1);
        WorkerEndpoints.Map(v1);

        var agent = v1.MapGroup("/agents/{agentId:guid}").WithTags("Agents")
            .AddEndpointFilter(new TenantRouteFilter("agentId"));
        Agents.ListWorkers.ListWorkersEndpoint.Map(agent);
        AgentLayerEndpoints.Map(v1);
        Quality.QualityEndpoints.Map(v1);
        Money.MoneyEndpoints.Map(v1);
        Notifications.NotificationEndpoints.Map(v1);
        Certifications.CertificationEndpoints.Map(v1);
        Tiers.TierEndpoints.Map(v1);
        TeamRoom.TeamRoomEndpoints.Map(v1);
        Reports.ReportEndpoints.Map(v1);
        Audit.AuditLogEndpoints.Map(v1);
    }
}
