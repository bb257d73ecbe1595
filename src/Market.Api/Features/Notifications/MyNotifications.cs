using Market.Api.Infrastructure;
using Market.Api.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Notifications;

public sealed record NotificationView(Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record NotificationPage(int Unread, int Page, int PageSize, IReadOnlyList<NotificationView> Items);

/// <summary>The caller's notifications, newest first.</summary>
public sealed record GetMyNotifications(bool UnreadOnly, int Page, int PageSize) : IRequest<NotificationPage>;

public sealed record MarkNotificationRead(Guid NotificationId) : ICommand<NotificationView>;

public sealed record MarkAllNotificationsRead : ICommand<int>;

public sealed class MyNotificationHandlers(MarketDbContext db, ICurrentUser caller, TimeProvider clock) :
    IRequestHandler<GetMyNotifications, NotificationPage>,
    IRequestHandler<MarkNotificationRead, NotificationView>,
    IRequestHandler<MarkAllNotificationsRead, int>
{
    public const int MaxPageSize = 200;

    public async Task<NotificationPage> Handle(GetMyNotifications request, CancellationToken cancellationToken)
    {
        var me = caller.UserId!.Value;
        var page = Math.Max(1, request.Page);
        var size = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == me);
        var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
        var items = await (request.UnreadOnly ? mine.Where(n => n.ReadAt == null) : mine)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * size)
            .Take(size)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt))
            .ToListAsync(cancellationToken);
        return new NotificationPage(unread, page, size, items);
    }

    public async Task<NotificationView> Handle(MarkNotificationRead request, CancellationToken cancellationToken)
    {
        var me = caller.UserId!.Value;
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == request.NotificationId && n.UserId == me, cancellationToken)
            ?? throw new NotFoundException("notification_not_found", "No such notification.");
        notification.ReadAt ??= clock.GetUtcNow(); // reading twice keeps the first time
        await db.SaveChangesAsync(cancellationToken);
        return new NotificationView(notification.Id, notification.Kind, notification.Title, notification.Body, notification.Link, notification.CreatedAt, notification.ReadAt);
    }

    public async Task<int> Handle(MarkAllNotificationsRead request, CancellationToken cancellationToken)
    {
        var me = caller.UserId!.Value;
        var now = clock.GetUtcNow();
        return await db.Notifications
            .Where(n => n.UserId == me && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
    }
}
