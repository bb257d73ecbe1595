using System.Threading.Channels;
using Market.Api.Persistence;
using Market.Domain.Workers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Market.Api.Features.TeamRoom.Live;

/// <summary>
/// Pushes presence to the pages connected to this instance. The state lives in PostgreSQL, which every instance
/// shares: this service LISTENs on 'team_room' (a heartbeat, a check-in, a lease touched on any instance is
/// announced there), rebuilds the board of each affected team it has watchers for, and pushes it when it changed.
/// A timer rebuilds the watched boards too, because presence also changes by time passing (away after 15 quiet
/// minutes, offline after 90 s without a beat) and a lost LISTEN connection may have missed notices.
/// </summary>
public sealed class TeamRoomBroadcaster(
    IServiceScopeFactory scopes,
    IHubContext<TeamRoomHub> hub,
    TimeProvider clock,
    TeamRoomLiveOptions options,
    ILogger<TeamRoomBroadcaster> logger) : BackgroundService
{
    private const string RefreshAll = "refresh:all";

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, WatchedTeam> _watched = [];
    private readonly Channel<string> _notices = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    private sealed class WatchedTeam
    {
        public HashSet<string> Connections { get; } = [];

        public HashSet<Guid> Members { get; set; } = [];

        public string Fingerprint { get; set; } = string.Empty;
    }

    /// <summary>Teams this instance pushes to (for tests and health).</summary>
    public int WatchedTeams
    {
        get
        {
            lock (_gate)
            {
                return _watched.Count;
            }
        }
    }

    public void Watch(string connectionId, PresenceBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        lock (_gate)
        {
            if (!_watched.TryGetValue(board.TeamId, out var team))
            {
                team = new WatchedTeam();
                _watched[board.TeamId] = team;
                team.Fingerprint = board.Fingerprint;
            }

            team.Connections.Add(connectionId);
            team.Members = board.Members.Select(m => m.UserId).ToHashSet();
        }
    }

    public void Forget(string connectionId)
    {
        lock (_gate)
        {
            foreach (var (teamId, team) in _watched.ToList())
            {
                if (team.Connections.Remove(connectionId) && team.Connections.Count == 0)
                {
                    _watched.Remove(teamId);
                }
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), PushAsync(stoppingToken), TickAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { KeepAlive = 30, Pooling = false }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => _notices.Writer.TryWrite(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {TeamRoomSignals.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Whatever happened while not listening is caught up by rebuilding every watched board.
                _notices.Writer.TryWrite(RefreshAll);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
            {
                logger.LogWarning(e, "The team room lost its LISTEN connection; reconnecting.");
                await Task.Delay(options.ReconnectDelay, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _notices.Writer.TryWrite(RefreshAll);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PushAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _notices.Reader.WaitToReadAsync(stoppingToken))
            {
                var notices = new List<string>();
                while (_notices.Reader.TryRead(out var notice))
                {
                    notices.Add(notice);
                }

                try
                {
                    await HandleAsync(notices, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One failed rebuild (the database restarting) must not stop the pushes; the next tick retries.
                    logger.LogWarning(e, "Pushing team room changes failed.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task HandleAsync(IReadOnlyList<string> notices, CancellationToken cancellationToken)
    {
        var teams = new HashSet<Guid>();
        var channels = new HashSet<Guid>();
        lock (_gate)
        {
            foreach (var notice in notices)
            {
                if (notice == RefreshAll)
                {
                    teams.UnionWith(_watched.Keys);
                }
                else if (TeamRoomSignals.TryParse(notice, out var kind, out var id))
                {
                    if (kind == "user")
                    {
                        teams.UnionWith(_watched.Where(w => w.Value.Members.Contains(id)).Select(w => w.Key));
                    }
                    else if (kind == "channel" && _watched.ContainsKey(id))
                    {
                        channels.Add(id);
                    }
                }
            }
        }

        foreach (var teamId in channels)
        {
            await hub.Clients.Group(TeamRoomHub.GroupOf(teamId)).SendAsync("channel", new { teamId }, cancellationToken);
        }

        if (teams.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var boards = scope.ServiceProvider.GetRequiredService<PresenceBoards>();
        var ids = teams.Select(id => new TeamId(id)).ToList();
        var now = clock.GetUtcNow();
        foreach (var team in await db.Teams.AsNoTracking().Where(t => ids.Contains(t.Id)).ToListAsync(cancellationToken))
        {
            var board = await boards.BuildAsync(team, now, cancellationToken);
            bool changed;
            lock (_gate)
            {
                if (!_watched.TryGetValue(board.TeamId, out var watched))
                {
                    continue;
                }

                changed = watched.Fingerprint != board.Fingerprint;
                watched.Fingerprint = board.Fingerprint;
                watched.Members = board.Members.Select(m => m.UserId).ToHashSet();
            }

            if (changed)
            {
                await hub.Clients.Group(TeamRoomHub.GroupOf(board.TeamId)).SendAsync("presence", board, cancellationToken);
            }
        }
    }
}
