using Market.Web.Api;
using Microsoft.Extensions.Options;

namespace Market.Web.TeamRoom;

public static class TeamRoomWebRegistration
{
    /// <summary>The typed API clients of the team room and the impact reports, acting for the signed-in user like the others.</summary>
    public static IServiceCollection AddTeamRoomWeb(this IServiceCollection services)
    {
        AddUserClient<TeamRoomApiClient>(services);
        AddUserClient<ReportsApiClient>(services);
        return services;
    }

    private static void AddUserClient<TClient>(IServiceCollection services)
        where TClient : class =>
        services.AddHttpClient<TClient>((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<MarketApiOptions>>().Value;
                var baseUrl = options.BaseUrl.AbsoluteUri;
                client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                client.Timeout = options.Timeout;
            })
            .AddHttpMessageHandler<AcceptLanguageHandler>()
            .AddHttpMessageHandler<BearerTokenHandler>();
}
