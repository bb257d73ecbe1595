using Market.Domain.TeamRoom;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Market.Api.Persistence;

public sealed class CheckInIdConverter() : ValueConverter<CheckInId, Guid>(id => id.Value, value => new CheckInId(value));

/// <summary>One open page of a member: its latest heartbeat, and the latest one that reported keyboard or pointer use.</summary>
public sealed class PresenceConnection
{
    public string ConnectionId { get; set; } = string.Empty;

    public Guid UserId { get; set; }

    public Guid AgentId { get; set; }

    public string InstanceId { get; set; } = string.Empty;

    public DateTimeOffset ConnectedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset? LastInputAt { get; set; }
}

public sealed class PresenceVisibility
{
    public Guid UserId { get; set; }

    public bool Hidden { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

public sealed class TeamMessageRead
{
    public TeamId TeamId { get; set; }

    public Guid UserId { get; set; }

    public long LastReadSequence { get; set; }

    public DateTimeOffset ReadAt { get; set; }
}

public sealed class TeamMention
{
    public Guid MessageId { get; set; }

    public Guid UserId { get; set; }

    public TeamId TeamId { get; set; }

    public Guid AgentId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}

public sealed class TeamRoomSettings
{
    public Guid AgentId { get; set; }

    public int IdleAlertDays { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class IdleAlert
{
    public Guid Id { get; set; }

    public Guid AgentId { get; set; }

    public Guid WorkerUserId { get; set; }

    public DateTimeOffset IdleSince { get; set; }

    public int ThresholdDays { get; set; }

    public List<Guid> RecipientUserIds { get; set; } = [];

    public DateTimeOffset AlertedAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public Guid? AcknowledgedBy { get; set; }
}

internal static class TeamRoomMapping
{
    public static void Map(ModelBuilder builder, MarketDbContext context)
    {
        builder.Entity<PresenceConnection>(connection =>
        {
            connection.ToTable("presence_connections");
            connection.HasKey(c => c.ConnectionId);
            connection.Property(c => c.ConnectionId).HasMaxLength(100);
            connection.Property(c => c.InstanceId).HasMaxLength(200);
            connection.HasIndex(c => c.UserId);
            connection.HasTenantFilter(context, c => c.AgentId);
        });

        builder.Entity<PresenceVisibility>(visibility =>
        {
            visibility.ToTable("presence_visibility");
            visibility.HasKey(v => v.UserId);
        });

        builder.Entity<CheckIn>(checkIn =>
        {
            checkIn.ToTable("check_ins");
            checkIn.HasKey(c => c.Id);
            checkIn.Property(c => c.StartNote).HasMaxLength(CheckIn.MaxNoteLength);
            checkIn.Property(c => c.EndNote).HasMaxLength(CheckIn.MaxNoteLength);
            checkIn.HasTenantFilter(context, c => c.AgentId);
        });

        builder.Entity<TeamMessage>(message =>
        {
            message.ToTable("team_messages");
            message.HasKey(m => m.Id);
            message.Property(m => m.Sequence).UseIdentityAlwaysColumn();
            message.Property(m => m.Body).HasMaxLength(TeamMessage.MaxBodyLength);
            message.Ignore(m => m.MentionedUserIds);
            message.Property<List<Guid>>("_mentionedUserIds").HasColumnName("mentioned_user_ids");
            message.HasIndex(m => new { m.TeamId, m.Sequence }).IsUnique();
            message.HasTenantFilter(context, m => m.AgentId);
        });

        builder.Entity<TeamMessageRead>(read =>
        {
            read.ToTable("team_message_reads");
            read.HasKey(r => new { r.TeamId, r.UserId });
        });

        builder.Entity<TeamMention>(mention =>
        {
            mention.ToTable("team_mentions");
            mention.HasKey(m => new { m.MessageId, m.UserId });
            // Modelled so EF inserts the message before its mentions (same SaveChanges).
            mention.HasOne<TeamMessage>().WithMany().HasForeignKey(m => m.MessageId).OnDelete(DeleteBehavior.Restrict);
            mention.HasTenantFilter(context, m => m.AgentId);
        });

        builder.Entity<TeamRoomSettings>(settings =>
        {
            settings.ToTable("team_room_settings");
            settings.HasKey(s => s.AgentId);
        });

        builder.Entity<IdleAlert>(alert =>
        {
            alert.ToTable("idle_alerts");
            alert.HasKey(a => a.Id);
            alert.HasIndex(a => new { a.WorkerUserId, a.IdleSince }).IsUnique();
            alert.HasTenantFilter(context, a => a.AgentId);
        });
    }
}
