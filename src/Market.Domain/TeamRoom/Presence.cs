namespace Market.Domain.TeamRoom;

/// <summary>What a team sees of a member: derived from activity only, never from cameras or screens.</summary>
public enum PresenceState
{
    Offline = 0,

    /// <summary>Has the team room (or another page of the market) open and has used it recently.</summary>
    Online = 1,

    /// <summary>Has a page open but has not touched it for <see cref="PresencePolicy.AwayAfter"/>.</summary>
    Away = 2,

    /// <summary>Holds a unit and its editor saved a draft (or the unit was claimed) within <see cref="PresencePolicy.WorkingWindow"/>.</summary>
    Working = 3,

    /// <summary>The worker chose not to show their presence; nothing else about them is shown.</summary>
    Hidden = 4,
}

/// <summary>
/// The activity a member's presence is derived from. <paramref name="LastSeenAt"/> is the latest heartbeat of any of
/// their open pages; <paramref name="LastInputAt"/> the latest one that reported keyboard or pointer use;
/// <paramref name="LastUnitActivityAt"/> the latest editor activity on a unit they still hold (null when they hold none).
/// </summary>
public sealed record PresenceSignals(bool Hidden, DateTimeOffset? LastSeenAt, DateTimeOffset? LastInputAt, DateTimeOffset? LastUnitActivityAt);

public static class PresencePolicy
{
    /// <summary>Pages send a heartbeat every 30 s; three missed beats and the member is offline (a closed lid, a lost line).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(90);

    /// <summary>Kofu's telework office flagged "PC not used for 15 minutes" (field evidence S11); the same threshold marks someone away.</summary>
    public static readonly TimeSpan AwayAfter = TimeSpan.FromMinutes(15);

    /// <summary>Editor autosaves run every few seconds while typing; 15 quiet minutes and the member no longer counts as working.</summary>
    public static readonly TimeSpan WorkingWindow = TimeSpan.FromMinutes(15);

    public static PresenceState Derive(PresenceSignals signals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (signals.Hidden)
        {
            return PresenceState.Hidden;
        }

        // Working needs no open team-room page: the unit editor's autosaves are the activity.
        if (signals.LastUnitActivityAt is { } unitActivity && now - unitActivity < WorkingWindow)
        {
            return PresenceState.Working;
        }

        if (signals.LastSeenAt is not { } seen || now - seen >= OfflineAfter)
        {
            return PresenceState.Offline;
        }

        return signals.LastInputAt is { } input && now - input < AwayAfter ? PresenceState.Online : PresenceState.Away;
    }

    /// <summary>
    /// When the derived state would next change with no new activity, so a watcher knows when to look again; null
    /// when only new activity can change it (offline, hidden).
    /// </summary>
    public static DateTimeOffset? NextChangeAt(PresenceSignals signals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signals);
        return Derive(signals, now) switch
        {
            PresenceState.Working => signals.LastUnitActivityAt!.Value + WorkingWindow,
            PresenceState.Online => Min(signals.LastInputAt!.Value + AwayAfter, signals.LastSeenAt!.Value + OfflineAfter),
            PresenceState.Away => signals.LastSeenAt!.Value + OfflineAfter,
            _ => null,
        };
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
