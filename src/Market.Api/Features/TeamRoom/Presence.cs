using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Assignments;
using Market.Domain.Reports;
using Market.Domain.TeamRoom;
using Market.Domain.Workers;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.TeamRoom;

/// <summary>
/// A member as the team sees them. A hidden member shows only their name and <c>Hidden</c>; check-ins are messages
/// the worker sent on purpose, so they show either way.
/// </summary>
public sealed record MemberPresence(
    Guid UserId,
    string DisplayName,
    string State,
    DateTimeOffset? LastSeenAt,
    string? WorkingOnKind,
    DateTimeOffset? StartedToday,
    bool CheckedIn,
    string? CheckInNote);

/// <summary>Who is there in a team right now: the same for everyone watching, so it can be pushed to all of them.</summary>
public sealed record PresenceBoard(Guid TeamId, DateTimeOffset At, DateTimeOffset? NextChangeAt, IReadOnlyList<MemberPresence> Members)
{
    /// <summary>Equal boards need no push; the time they were computed does not count.</summary>
    public string Fingerprint => string.Join('|', Members.Select(m => $"{m.UserId}:{m.State}:{m.WorkingOnKind}:{m.StartedToday:O}:{m.CheckedIn}:{m.CheckInNote}"));
}

public sealed record GetPresenceBoard(Guid AgentId, TeamId TeamId) : IRequest<PresenceBoard>;

/// <summary>A heartbeat of one open page; <paramref name="Active"/> when the page saw keyboard or pointer use since the last one.</summary>
public sealed record RecordHeartbeat(string ConnectionId, bool Active, string InstanceId) : ICommand<HeartbeatView>;

public sealed record HeartbeatView(DateTimeOffset At, int NextInSeconds);

/// <summary>A page closed; the user is named by the caller because the connection may already be going away.</summary>
public sealed record EndPresenceConnection(string ConnectionId, Guid UserId) : ICommand<MediatR.Unit>;

/// <summary>A worker shows or hides their presence to their teams.</summary>
public sealed record SetPresenceVisibility(bool Visible) : ICommand<PresenceVisibilityView>;

public sealed record GetPresenceVisibility : IRequest<PresenceVisibilityView>;

public sealed record PresenceVisibilityView(bool Visible, DateTimeOffset? ChangedAt);

public sealed record VisibilityBody(bool Visible);

public sealed record HeartbeatBody(bool Active);

public sealed class RecordHeartbeatValidator : AbstractValidator<RecordHeartbeat>
{
    public RecordHeartbeatValidator() => RuleFor(h => h.ConnectionId).NotEmpty().MaximumLength(100);
}

/// <summary>Reads the board of a team from the database, which every API instance shares.</summary>
public sealed class PresenceBoards(MarketDbContext db)
{
    /// <summary>Connections silent this long are not read at all (they are offline anyway, and swept later).</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromMinutes(10);

    public async Task<PresenceBoard> BuildAsync(Team team, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var members = team.MemberUserIds.ToList();
        var names = await db.Users.AsNoTracking().Where(u => members.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var horizon = now - Horizon;
        var pages = await db.PresenceConnections.AsNoTracking()
            .Where(c => members.Contains(c.UserId) && c.LastSeenAt > horizon)
            .GroupBy(c => c.UserId)
            .Select(g => new { UserId = g.Key, LastSeenAt = g.Max(c => c.LastSeenAt), LastInputAt = g.Max(c => c.LastInputAt) })
            .ToDictionaryAsync(x => x.UserId, cancellationToken);
        var hidden = (await db.PresenceVisibility.AsNoTracking().Where(v => members.Contains(v.UserId) && v.Hidden).Select(v => v.UserId).ToListAsync(cancellationToken)).ToHashSet();

        // Editor activity on a unit still held: a claim, or a lease renewed by an autosave. A coordinator handing the
        // unit over is not the worker's activity.
        var units = await db.Assignments.AsNoTracking()
            .Where(a => members.Contains(a.WorkerId) && a.Status == AssignmentStatus.Active && a.ExpiresAt > now
                        && (a.AssignedBy == AssignedBy.Claim || a.LastActivityAt > a.AssignedAt))
            .Join(db.WorkUnits, a => a.UnitId, u => u.Id, (a, u) => new { a.WorkerId, a.LastActivityAt, u.Kind })
            .ToListAsync(cancellationToken);
        var latestUnit = units.GroupBy(u => u.WorkerId).ToDictionary(g => g.Key, g => g.MaxBy(u => u.LastActivityAt)!);

        var today = JapanTime.StartOf(JapanTime.DayOf(now));
        var checkIns = await db.CheckIns.AsNoTracking()
            .Where(c => members.Contains(c.UserId) && (c.StartedAt >= today || c.EndedAt == null))
            .ToListAsync(cancellationToken);
        var checkInsOf = checkIns.ToLookup(c => c.UserId);

        var board = new List<MemberPresence>();
        DateTimeOffset? next = null;
        foreach (var userId in members)
        {
            var page = pages.GetValueOrDefault(userId);
            var unit = latestUnit.GetValueOrDefault(userId);
            var signals = new PresenceSignals(hidden.Contains(userId), page?.LastSeenAt, page?.LastInputAt, unit?.LastActivityAt);
            var state = PresencePolicy.Derive(signals, now);
            if (PresencePolicy.NextChangeAt(signals, now) is { } change && (next is null || change < next))
            {
                next = change;
            }

            var mine = checkInsOf[userId].OrderBy(c => c.StartedAt).ToList();
            var open = mine.LastOrDefault(c => c.IsOpen);
            board.Add(new MemberPresence(
                userId,
                names.GetValueOrDefault(userId) ?? string.Empty,
                state.ToString(),
                state == PresenceState.Hidden ? null : page?.LastSeenAt,
                state == PresenceState.Working ? unit!.Kind.ToString() : null,
                mine.FirstOrDefault(c => c.StartedAt >= today)?.StartedAt,
                open is not null,
                open?.StartNote ?? mine.LastOrDefault()?.EndNote));
        }

        var ordered = board
            .OrderBy(m => StateOrder(m.State))
            .ThenBy(m => m.DisplayName, StringComparer.Ordinal)
            .ToList();
        return new PresenceBoard(team.Id.Value, now, next, ordered);
    }

    private static int StateOrder(string state) => Enum.Parse<PresenceState>(state) switch
    {
        PresenceState.Working => 0,
        PresenceState.Online => 1,
        PresenceState.Away => 2,
        PresenceState.Offline => 3,
        _ => 4,
    };
}

public sealed class PresenceHandlers(MarketDbContext db, RoomAccess access, PresenceBoards boards, TimeProvider clock) :
    IRequestHandler<GetPresenceBoard, PresenceBoard>,
    IRequestHandler<RecordHeartbeat, HeartbeatView>,
    IRequestHandler<EndPresenceConnection, MediatR.Unit>,
    IRequestHandler<SetPresenceVisibility, PresenceVisibilityView>,
    IRequestHandler<GetPresenceVisibility, PresenceVisibilityView>
{
    private sealed record PreviousBeat(DateTimeOffset? LastSeenAt, DateTimeOffset? LastInputAt, Guid? UserId);

    public async Task<PresenceBoard> Handle(GetPresenceBoard request, CancellationToken cancellationToken)
    {
        var (team, _) = await access.EnterAsync(request.AgentId, request.TeamId, cancellationToken);
        return await boards.BuildAsync(team, clock.GetUtcNow(), cancellationToken);
    }

    public async Task<HeartbeatView> Handle(RecordHeartbeat request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var userId = access.UserId;
        var agentId = access.AgentIdOfCaller;
        DateTimeOffset? input = request.Active ? now : null;
        // One statement, so two tabs beating at once cannot collide; it answers what the row held before.
        var previous = (await db.Database.SqlQuery<PreviousBeat>($"""
            WITH old AS (SELECT last_seen_at, last_input_at, user_id FROM presence_connections WHERE connection_id = {request.ConnectionId}),
            beat AS (
                INSERT INTO presence_connections (connection_id, user_id, agent_id, instance_id, connected_at, last_seen_at, last_input_at)
                VALUES ({request.ConnectionId}, {userId}, {agentId}, {request.InstanceId}, {now}, {now}, {input})
                ON CONFLICT (connection_id) DO UPDATE
                    SET last_seen_at = EXCLUDED.last_seen_at,
                        last_input_at = coalesce(EXCLUDED.last_input_at, presence_connections.last_input_at)
                    WHERE presence_connections.user_id = EXCLUDED.user_id
                RETURNING 1)
            SELECT (SELECT last_seen_at FROM old) AS "LastSeenAt", (SELECT last_input_at FROM old) AS "LastInputAt",
                   (SELECT user_id FROM old) AS "UserId"
            """).ToListAsync(cancellationToken)).Single(); // not composed: a WITH that writes must stay at the top level
        if (previous.UserId is { } owner && owner != userId)
        {
            throw new ForbiddenException("presence_connection_not_yours", "This connection belongs to someone else.");
        }

        // Only a beat that can change what the team sees is announced: a new page, a return from away or offline.
        var returning = previous.LastSeenAt is not { } seen
            || now - seen >= PresencePolicy.OfflineAfter
            || (request.Active && (previous.LastInputAt is not { } lastInput || now - lastInput >= PresencePolicy.AwayAfter));
        if (returning)
        {
            await TeamRoomSignals.SendAsync(db, TeamRoomSignals.UserChanged(userId), cancellationToken);
        }

        return new HeartbeatView(now, (int)PresencePolicy.HeartbeatInterval.TotalSeconds);
    }

    public async Task<MediatR.Unit> Handle(EndPresenceConnection request, CancellationToken cancellationToken)
    {
        var userId = request.UserId;
        var ended = await db.PresenceConnections.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(c => c.ConnectionId == request.ConnectionId && c.UserId == userId)
            .ExecuteDeleteAsync(cancellationToken);
        if (ended > 0)
        {
            await TeamRoomSignals.SendAsync(db, TeamRoomSignals.UserChanged(userId), cancellationToken);
        }

        return MediatR.Unit.Value;
    }

    public async Task<PresenceVisibilityView> Handle(SetPresenceVisibility request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var userId = access.UserId;
        var row = await db.PresenceVisibility.SingleOrDefaultAsync(v => v.UserId == userId, cancellationToken);
        if (row is null)
        {
            row = new PresenceVisibility { UserId = userId };
            db.PresenceVisibility.Add(row);
        }

        row.Hidden = !request.Visible;
        row.ChangedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await TeamRoomSignals.SendAsync(db, TeamRoomSignals.UserChanged(userId), cancellationToken);
        return new PresenceVisibilityView(request.Visible, now);
    }

    public async Task<PresenceVisibilityView> Handle(GetPresenceVisibility request, CancellationToken cancellationToken)
    {
        var userId = access.UserId;
        var row = await db.PresenceVisibility.AsNoTracking().SingleOrDefaultAsync(v => v.UserId == userId, cancellationToken);
        return new PresenceVisibilityView(row is not { Hidden: true }, row?.ChangedAt);
    }
}
