using System.Globalization;
using System.Net.Http.Json;

namespace Market.Web.Api;

/// <summary>The team room (<c>/api/v1/agents/{agentId}/teams/{teamId}/…</c> and <c>/api/v1/me/…</c>) on behalf of the signed-in user.</summary>
public sealed class TeamRoomApiClient(HttpClient http)
{
    public Task<ApiResult<List<MyTeamRoom>>> MyRoomsAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<List<MyTeamRoom>>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/me/team-rooms"), cancellationToken);

    public Task<ApiResult<PresenceBoard>> PresenceAsync(Guid agentId, Guid teamId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<PresenceBoard>(http, new HttpRequestMessage(HttpMethod.Get, TeamPath(agentId, teamId) + "/presence"), cancellationToken);

    public Task<ApiResult<TeamMessagePage>> MessagesAsync(Guid agentId, Guid teamId, long? before, int limit, CancellationToken cancellationToken)
    {
        var query = "limit=" + limit.ToString(CultureInfo.InvariantCulture) + (before is { } b ? "&before=" + b.ToString(CultureInfo.InvariantCulture) : string.Empty);
        return ApiCall.SendAsync<TeamMessagePage>(http, new HttpRequestMessage(HttpMethod.Get, TeamPath(agentId, teamId) + "/messages?" + query), cancellationToken);
    }

    public Task<ApiResult<TeamMessage>> PostMessageAsync(Guid agentId, Guid teamId, PostTeamMessageRequest message, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<TeamMessage>(http, ApiCall.Post(TeamPath(agentId, teamId) + "/messages", message), cancellationToken);

    public Task<ApiResult<ReadResult>> MarkReadAsync(Guid agentId, Guid teamId, long upTo, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<ReadResult>(http, ApiCall.Post(TeamPath(agentId, teamId) + "/messages/read", new MarkReadRequest(upTo)), cancellationToken);

    public Task<ApiResult<MyCheckIns>> MyCheckInsAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<MyCheckIns>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/me/check-ins"), cancellationToken);

    public Task<ApiResult<CheckInRecord>> StartWorkAsync(string? note, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<CheckInRecord>(http, ApiCall.Post("api/v1/me/check-ins", new NoteRequest(note)), cancellationToken);

    public Task<ApiResult<CheckInRecord>> EndWorkAsync(string? note, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<CheckInRecord>(http, ApiCall.Post("api/v1/me/check-ins/end", new NoteRequest(note)), cancellationToken);

    public Task<ApiResult<PresenceVisibility>> VisibilityAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<PresenceVisibility>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/me/presence-visibility"), cancellationToken);

    public Task<ApiResult<PresenceVisibility>> SetVisibilityAsync(bool visible, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<PresenceVisibility>(
            http,
            new HttpRequestMessage(HttpMethod.Put, "api/v1/me/presence-visibility") { Content = JsonContent.Create(new VisibilityRequest(visible), options: ApiJson.Options) },
            cancellationToken);

    public Task<ApiResult<TeamEngagement>> EngagementAsync(Guid agentId, Guid teamId, int weeks, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<TeamEngagement>(
            http, new HttpRequestMessage(HttpMethod.Get, TeamPath(agentId, teamId) + "/engagement?weeks=" + weeks.ToString(CultureInfo.InvariantCulture)), cancellationToken);

    public Task<ApiResult<List<IdleAlert>>> IdleAlertsAsync(Guid agentId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<List<IdleAlert>>(http, new HttpRequestMessage(HttpMethod.Get, AgentPath(agentId) + "/idle-alerts"), cancellationToken);

    public Task<ApiResult<IdleAlert>> AcknowledgeAsync(Guid agentId, Guid alertId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<IdleAlert>(http, new HttpRequestMessage(HttpMethod.Post, AgentPath(agentId) + $"/idle-alerts/{alertId:D}/acknowledge"), cancellationToken);

    public Task<ApiResult<TeamRoomSettings>> SettingsAsync(Guid agentId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<TeamRoomSettings>(http, new HttpRequestMessage(HttpMethod.Get, AgentPath(agentId) + "/team-room/settings"), cancellationToken);

    public Task<ApiResult<TeamRoomSettings>> SetSettingsAsync(Guid agentId, int idleAlertDays, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<TeamRoomSettings>(
            http,
            new HttpRequestMessage(HttpMethod.Put, AgentPath(agentId) + "/team-room/settings")
            {
                Content = JsonContent.Create(new TeamRoomSettingsRequest(idleAlertDays), options: ApiJson.Options),
            },
            cancellationToken);

    private static string AgentPath(Guid agentId) => "api/v1/agents/" + agentId.ToString("D");

    private static string TeamPath(Guid agentId, Guid teamId) => AgentPath(agentId) + "/teams/" + teamId.ToString("D");
}
