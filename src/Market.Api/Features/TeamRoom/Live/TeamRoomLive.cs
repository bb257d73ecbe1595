using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;

namespace Market.Api.Features.TeamRoom.Live;

public sealed record TeamRoomLiveOptions(string ConnectionString, TimeSpan RefreshInterval, TimeSpan ReconnectDelay);

public static class TeamRoomLive
{
    /// <summary>Names this process in presence rows, so a row can be traced to the instance that wrote it.</summary>
    public static readonly string InstanceId = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The team room's services, its hub, and (unless <c>TeamRoom:Live=false</c>) the broadcaster of this instance.</summary>
    public static IServiceCollection AddTeamRoom(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddScoped<RoomAccess>();
        services.AddScoped<PresenceBoards>();
        services.AddScoped<Reports.ImpactFacts>();
        services.AddSignalR().AddHubOptions<TeamRoomHub>(hub => hub.AddFilter<TeamRoomHubFilter>());
        services.AddSingleton(new TeamRoomLiveOptions(
            connectionString,
            TimeSpan.FromSeconds(configuration.GetValue("TeamRoom:RefreshSeconds", 15)),
            TimeSpan.FromSeconds(configuration.GetValue("TeamRoom:ReconnectSeconds", 5))));
        services.AddSingleton<TeamRoomBroadcaster>();
        if (configuration.GetValue("TeamRoom:Live", true))
        {
            services.AddHostedService(provider => provider.GetRequiredService<TeamRoomBroadcaster>());
        }

        return services;
    }

    /// <summary>
    /// WebSockets only: the Web relays one socket per page (ADR 0020), and a socket needs no sticky sessions in
    /// front of several instances. The connection closes when its access token expires; the page reconnects
    /// through the Web, which refreshes the token — so a suspended worker is cut off within the token's lifetime.
    /// </summary>
    public static IEndpointRouteBuilder MapTeamRoomHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<TeamRoomHub>(TeamRoomHub.Path, options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.CloseOnAuthenticationExpiration = true;
        }).RequireAuthorization();
        return app;
    }
}
