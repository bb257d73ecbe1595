using Market.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Notifications;

/// <summary>A text in both languages of the UI; the recipient's preferred language picks one when it is written.</summary>
public sealed record LocalizedText(string Ja, string En)
{
    public string In(string? language) => language == "en" ? En : Ja;
}

/// <summary>
/// What to tell one user. <paramref name="DedupeKey"/>: a notification that must arrive once (a reminder per
/// certification per threshold, a report per team per week) names a key; the same key for the same user again is
/// dropped by a unique index, whichever node or run sends it. <paramref name="Email"/>: also send it by email.
/// </summary>
public sealed record NotificationMessage(
    Guid UserId,
    string Kind,
    LocalizedText Title,
    LocalizedText Body,
    string? Link = null,
    string? DedupeKey = null,
    Guid? TenantId = null,
    bool Email = false);

/// <summary>Tells users things in the app (and by email when asked). Any feature may use it inside its own transaction.</summary>
public interface INotifier
{
    /// <returns>True when the notification was written; false when one with the same dedupe key already exists.</returns>
    Task<bool> NotifyAsync(NotificationMessage message, CancellationToken cancellationToken);
}

public sealed record EmailMessage(Guid? UserId, Guid? NotificationId, string To, string Subject, string Body);

/// <summary>
/// Sends email. The default (<see cref="OutboxEmailSender"/>) only queues it in <c>email_outbox</c> inside the caller's
/// transaction, so an email exists exactly when the change that caused it committed; a relay delivers from there.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

public sealed class OutboxEmailSender(MarketDbContext db, TimeProvider clock) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = clock.GetUtcNow();
        // Written at once (not on the caller's SaveChanges), in the same transaction, right after its notification row.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
             INSERT INTO email_outbox (id, user_id, notification_id, to_address, subject, body, created_at)
             VALUES ({Guid.CreateVersion7(now)}, {message.UserId}, {message.NotificationId}, {message.To}, {message.Subject}, {message.Body}, {now})
             """,
            cancellationToken);
    }
}

public sealed class Notifier(MarketDbContext db, IEmailSender email, TimeProvider clock) : INotifier
{
    public const int MaxTitleLength = 300;

    public async Task<bool> NotifyAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var recipient = await db.Users.AsNoTracking()
            .Where(u => u.Id == message.UserId)
            .Select(u => new { u.Email, u.PreferredLanguage })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"No user {message.UserId} to notify.");
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var title = Truncate(message.Title.In(recipient.PreferredLanguage), MaxTitleLength);
        var body = message.Body.In(recipient.PreferredLanguage);

        // ON CONFLICT rather than "look, then insert": two runs of a job (or two nodes) racing both reach this line, and
        // the unique index lets exactly one row in; the loser waits for the winner's commit and then writes nothing.
        var written = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
             INSERT INTO notifications (id, user_id, tenant_id, kind, title, body, link, dedupe_key, created_at)
             VALUES ({id}, {message.UserId}, {message.TenantId}, {message.Kind}, {title}, {body}, {message.Link}, {message.DedupeKey}, {now})
             ON CONFLICT (user_id, dedupe_key) DO NOTHING
             """,
            cancellationToken);
        if (written == 0)
        {
            return false;
        }

        if (message.Email && !string.IsNullOrEmpty(recipient.Email))
        {
            var text = message.Link is null ? body : $"{body}\n\n{message.Link}";
            await email.SendAsync(new EmailMessage(message.UserId, id, recipient.Email, title, text), cancellationToken);
        }

        return true;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

public static class NotificationServices
{
    /// <summary>The notifier and the default email sender (the outbox); replace <see cref="IEmailSender"/> to send for real.</summary>
    public static IServiceCollection AddMarketNotifications(this IServiceCollection services)
    {
        services.AddScoped<INotifier, Notifier>();
        services.AddScoped<IEmailSender, OutboxEmailSender>();
        return services;
    }
}
