using System.Net.WebSockets;
using Market.Web.Api;
using Market.Web.Auth;
using Microsoft.Extensions.Options;

namespace Market.Web.TeamRoom;

/// <summary>
/// The browser's live connection to the team room (ADR 0020). The page opens a WebSocket to the Web, same origin and
/// signed in by its cookie; the Web opens one to the API's SignalR hub with the user's bearer token and passes the
/// frames through unchanged. Tokens never reach the browser, the CSP stays 'self', and the hub applies the API's own
/// rules. A socket is one long connection to one API instance, so no sticky sessions are needed anywhere.
/// </summary>
public static class TeamRoomRelay
{
    public const string Path = "/hubs/team-room";

    /// <summary>Refreshed before connecting when it would expire sooner: the API closes the socket when the token expires.</summary>
    private static readonly TimeSpan MinimumTokenValidity = TimeSpan.FromMinutes(5);

    public static WebApplication MapTeamRoomRelay(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.Map(Path, RelayAsync).RequireAuthorization(policy => policy.RequireRole(
            MarketRoles.AgentOwner, MarketRoles.AgentCoordinator, MarketRoles.AgentReviewer, MarketRoles.Worker));
        return app;
    }

    private static async Task RelayAsync(HttpContext context, UserSessionTokens tokens, IOptions<MarketApiOptions> api, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // Browsers send cookies with cross-site WebSocket handshakes when SameSite allows; only our own pages may connect.
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{context.Request.Scheme}://{context.Request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        await tokens.RefreshIfExpiringAsync(context, MinimumTokenValidity, context.RequestAborted);
        var accessToken = await tokens.GetAccessTokenAsync(context);
        if (accessToken is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        using var upstream = new ClientWebSocket();
        upstream.Options.SetRequestHeader("Authorization", "Bearer " + accessToken);
        upstream.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        var target = new UriBuilder(new Uri(api.Value.BaseUrl, Path))
        {
            Scheme = api.Value.BaseUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Query = context.Request.QueryString.Value?.TrimStart('?') ?? string.Empty,
        };
        try
        {
            await upstream.ConnectAsync(target.Uri, context.RequestAborted);
        }
        catch (WebSocketException e)
        {
            loggers.CreateLogger(typeof(TeamRoomRelay)).LogWarning(e, "The team room hub could not be reached.");
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        using var downstream = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var up = PumpAsync(downstream, upstream, stop.Token);
        var down = PumpAsync(upstream, downstream, stop.Token);
        await Task.WhenAny(up, down);
        await stop.CancelAsync();
        await Task.WhenAll(up, down);
    }

    /// <summary>Copies frames as they come, message boundaries included, then passes a close on.</summary>
    private static async Task PumpAsync(WebSocket from, WebSocket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var frame = await from.ReceiveAsync(buffer, cancellationToken);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    if (to.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await to.CloseOutputAsync(frame.CloseStatus ?? WebSocketCloseStatus.NormalClosure, frame.CloseStatusDescription, CancellationToken.None);
                    }

                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, frame.Count), frame.MessageType, frame.EndOfMessage, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // One side went away (a closed tab, an API restart); the page's client reconnects.
            if (to.State == WebSocketState.Open)
            {
                await to.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, null, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
