using Microsoft.EntityFrameworkCore;

namespace Market.Api.Persistence;

/// <summary>One in-app notification for one user, in the language the user chose when it was written.</summary>
public sealed class Notification
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public Guid? TenantId { get; init; }

    public required string Kind { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }

    public string? Link { get; init; }

    /// <summary>Unique per user when set: the same key twice is one notification.</summary>
    public string? DedupeKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>An email the default <see cref="Features.Notifications.IEmailSender"/> queued for a relay.</summary>
public sealed class EmailOutboxMessage
{
    public Guid Id { get; init; }

    public Guid? UserId { get; init; }

    public Guid? NotificationId { get; init; }

    public required string ToAddress { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; set; }
}

internal static class NotificationMapping
{
    public static void Map(ModelBuilder builder)
    {
        builder.Entity<Notification>(notification =>
        {
            notification.ToTable("notifications");
            notification.HasKey(n => n.Id);
            notification.Property(n => n.Kind).HasMaxLength(60);
            notification.Property(n => n.Title).HasMaxLength(300);
            notification.Property(n => n.Link).HasMaxLength(500);
            notification.Property(n => n.DedupeKey).HasMaxLength(200);
            notification.HasIndex(n => new { n.UserId, n.DedupeKey }).IsUnique();
            notification.HasIndex(n => new { n.UserId, n.CreatedAt });
        });

        builder.Entity<EmailOutboxMessage>(message =>
        {
            message.ToTable("email_outbox");
            message.HasKey(m => m.Id);
            message.Property(m => m.ToAddress).HasMaxLength(256);
            message.Property(m => m.Subject).HasMaxLength(300);
        });
    }
}
