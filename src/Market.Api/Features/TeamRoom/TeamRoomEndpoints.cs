using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using MediatR;

namespace Market.Api.Features.TeamRoom;

public static class TeamRoomEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var agent = v1.MapGroup("/agents/{agentId:guid}").WithTags("Team room")
            .AddEndpointFilter(new TenantRouteFilter("agentId"))
            .RequireAuthorization(policy => policy.RequireRole(Roles.AgentOwner, Roles.AgentCoordinator, Roles.AgentReviewer, Roles.Worker, Roles.PlatformAdmin));
        var team = agent.MapGroup("/teams/{teamId:guid}");
        team.MapGet("/presence", async (Guid agentId, Guid teamId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetPresenceBoard(agentId, new TeamId(teamId)), ct)))
            .WithName("GetTeamPresence")
            .WithSummary("Who in the team is working on a unit, online, away or offline, and who started work today; derived from activity only.");
        team.MapGet("/messages", async (Guid agentId, Guid teamId, long? before, long? after, int? limit, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListMessages(agentId, new TeamId(teamId), before, after, limit ?? 30), ct)))
            .WithName("ListTeamMessages")
            .WithSummary("The team channel, newest first (before= pages back, after= catches up), with the caller's unread count and pinned announcements.");
        team.MapPost("/messages", async (Guid agentId, Guid teamId, PostMessageBody body, IMediator mediator, CancellationToken ct) =>
            {
                var message = await mediator.Send(
                    new PostMessage(agentId, new TeamId(teamId), body.Body, body.Kind ?? Domain.TeamRoom.TeamMessageKind.Message, body.MentionUserIds), ct);
                return TypedResults.Created($"/api/v1/agents/{agentId}/teams/{teamId}/messages?after={message.Sequence - 1}", message);
            })
            .WithName("PostTeamMessage")
            .WithSummary("A message, or an announcement (coordinators and owners); mentioned members are told.");
        team.MapPost("/messages/read", async (Guid agentId, Guid teamId, MarkReadBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new MarkRead(agentId, new TeamId(teamId), body.UpTo), ct)))
            .WithName("MarkTeamMessagesRead");
        team.MapGet("/engagement", async (Guid agentId, Guid teamId, int? weeks, DateOnly? until, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetTeamEngagement(agentId, new TeamId(teamId), weeks ?? 8, until), ct)))
            .WithName("GetTeamEngagement")
            .WithSummary("Per week (Japan time): messages, check-ins, active member-days and units done, per member too. Staff only.");

        var managers = v1.MapGroup("/agents/{agentId:guid}").WithTags("Team room")
            .AddEndpointFilter(new TenantRouteFilter("agentId"))
            .RequireAuthorization(Policies.AgentManager);
        managers.MapGet("/team-room/settings", async (Guid agentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetTeamRoomSettings(agentId), ct)))
            .WithName("GetTeamRoomSettings");
        managers.MapPut("/team-room/settings", async (Guid agentId, SettingsBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SetTeamRoomSettings(agentId, body.IdleAlertDays), ct)))
            .WithName("SetTeamRoomSettings")
            .WithSummary("After how many silent and idle days a worker's coordinator is alerted.");
        managers.MapGet("/idle-alerts", async (Guid agentId, bool? all, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListIdleAlerts(agentId, all ?? false), ct)))
            .WithName("ListIdleAlerts")
            .WithSummary("Workers silent and idle past the threshold, one alert per idle spell.");
        managers.MapPost("/idle-alerts/{alertId:guid}/acknowledge", async (Guid agentId, Guid alertId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AcknowledgeIdleAlert(agentId, alertId), ct)))
            .WithName("AcknowledgeIdleAlert");

        var agentPeople = v1.MapGroup("/me").WithTags("Team room")
            .RequireAuthorization(policy => policy.RequireRole(Roles.AgentOwner, Roles.AgentCoordinator, Roles.AgentReviewer, Roles.Worker));
        agentPeople.MapGet("/team-rooms", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListMyRooms(), ct)))
            .WithName("ListMyTeamRooms")
            .WithSummary("The caller's team rooms with unread messages and unread mentions.");
        agentPeople.MapGet("/mentions", async (bool? unread, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListMyMentions(unread ?? false), ct)))
            .WithName("ListMyMentions");
        agentPeople.MapPost("/presence/heartbeat", async (HeartbeatBody body, IMediator mediator, ICurrentUser caller, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RecordHeartbeat("http:" + caller.UserId, body.Active, Live.TeamRoomLive.InstanceId), ct)))
            .WithName("PresenceHeartbeat")
            .WithSummary("For a page without a live connection: 'I am here' every 30 s, with whether the keyboard or pointer was used.");

        var workers = v1.MapGroup("/me").WithTags("Team room").RequireAuthorization(Policies.Worker);
        workers.MapGet("/presence-visibility", async (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetPresenceVisibility(), ct)))
            .WithName("GetPresenceVisibility");
        workers.MapPut("/presence-visibility", async (VisibilityBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SetPresenceVisibility(body.Visible), ct)))
            .WithName("SetPresenceVisibility")
            .WithSummary("Show or hide one's presence; a hidden worker shows as 'Hidden' and nothing else.");
        workers.MapGet("/check-ins", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyCheckIns(), ct)))
            .WithName("GetMyCheckIns");
        workers.MapPost("/check-ins", async (NoteBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new StartWork(body.Note), ct)))
            .WithName("CheckInStartWork")
            .WithSummary("Start of work (始業), with an optional note; the worker's teams see it.");
        workers.MapPost("/check-ins/end", async (NoteBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new EndWork(body.Note), ct)))
            .WithName("CheckInEndWork")
            .WithSummary("End of work (終業), with an optional report.");
    }
}
