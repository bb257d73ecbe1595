using Market.Api.Persistence;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.TeamRoom;

/// <summary>
/// Announces a change on PostgreSQL's 'team_room' channel. Sent inside the command's transaction, so listeners hear
/// of it only once it has committed (and never of a change that rolled back); every API instance listens
/// (<see cref="Live.TeamRoomBroadcaster"/>). Lease changes are announced by a trigger on assignments.
/// </summary>
public static class TeamRoomSignals
{
    public const string Channel = "team_room";

    public static string UserChanged(Guid userId) => "user:" + userId.ToString("D");

    public static string ChannelPosted(TeamId teamId) => "channel:" + teamId.Value.ToString("D");

    public static async Task SendAsync(MarketDbContext db, string payload, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify('team_room', {payload})", cancellationToken);

    public static bool TryParse(string payload, out string kind, out Guid id)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        kind = colon > 0 ? payload[..colon] : string.Empty;
        id = Guid.Empty;
        return colon > 0 && Guid.TryParse(payload.AsSpan(colon + 1), out id);
    }
}
