using System.Security.Claims;
using Market.Api.Infrastructure;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Market.Api.Features.TeamRoom.Live;

/// <summary>
/// The live side of the team room. A page connects (through the Web's relay, with the user's bearer token), joins
/// the rooms it shows, beats every 30 s, and is pushed <c>presence</c> boards and <c>channel</c> notices. Every
/// method goes through the same MediatR requests, access rules and tenant filters as the HTTP API.
/// </summary>
[Authorize]
public sealed class TeamRoomHub(IMediator mediator, TeamRoomBroadcaster broadcaster) : Hub
{
    public const string Path = "/hubs/team-room";

    public static string GroupOf(Guid teamId) => "team:" + teamId.ToString("D");

    public override async Task OnConnectedAsync()
    {
        // Opening a page is activity; only agent people have a presence.
        if (Context.User?.FindFirstValue(MarketClaimTypes.TenantKind) == nameof(TenantKind.Agent))
        {
            await mediator.Send(new RecordHeartbeat(Context.ConnectionId, true, TeamRoomLive.InstanceId), Context.ConnectionAborted);
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        broadcaster.Forget(Context.ConnectionId);
        if (Guid.TryParse(Context.UserIdentifier, out var userId))
        {
            await mediator.Send(new EndPresenceConnection(Context.ConnectionId, userId));
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Starts pushing the team's board to this page and answers the board as it is now.</summary>
    public async Task<PresenceBoard> Join(Guid agentId, Guid teamId)
    {
        var board = await mediator.Send(new GetPresenceBoard(agentId, new TeamId(teamId)), Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(teamId), Context.ConnectionAborted);
        broadcaster.Watch(Context.ConnectionId, board);
        return board;
    }

    public Task<HeartbeatView> Heartbeat(bool active) =>
        mediator.Send(new RecordHeartbeat(Context.ConnectionId, active, TeamRoomLive.InstanceId), Context.ConnectionAborted);

    /// <summary>Messages after <paramref name="after"/>, for a page that was told the channel moved.</summary>
    public Task<MessagePage> Messages(Guid agentId, Guid teamId, long after) =>
        mediator.Send(new ListMessages(agentId, new TeamId(teamId), null, after, 50), Context.ConnectionAborted);
}

/// <summary>
/// Hub calls run as the connection's user: <see cref="ICurrentUser"/> (and so the tenant filters) reads the
/// request that opened the connection. The API's errors become <see cref="HubException"/>s carrying their stable code.
/// </summary>
public sealed class TeamRoomHubFilter(IHttpContextAccessor accessor) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        accessor.HttpContext = invocationContext.Context.GetHttpContext();
        try
        {
            return await next(invocationContext);
        }
        catch (NotFoundException e)
        {
            throw new HubException(e.Code);
        }
        catch (ForbiddenException e)
        {
            throw new HubException(e.Code);
        }
        catch (Domain.Common.DomainRuleException e)
        {
            throw new HubException(e.Code);
        }
        catch (FluentValidation.ValidationException)
        {
            throw new HubException(ErrorCodes.ValidationFailed);
        }
    }

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        accessor.HttpContext = context.Context.GetHttpContext();
        return next(context);
    }
}
