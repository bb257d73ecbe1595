using MediatR;

namespace Market.Api.Features.Notifications;

public static class NotificationEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        // Every signed-in user has notifications: workers, agent staff, clients, operators.
        var me = v1.MapGroup("/me/notifications").WithTags("Me");
        me.MapGet("/", async (bool? unreadOnly, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetMyNotifications(unreadOnly ?? false, page ?? 1, pageSize ?? 50), ct)))
            .WithName("GetMyNotifications")
            .WithSummary("The caller's notifications, newest first, with the number unread.");
        me.MapPost("/{notificationId:guid}/read", async (Guid notificationId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new MarkNotificationRead(notificationId), ct)))
            .WithName("MarkNotificationRead");
        me.MapPost("/read-all", async (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(new { marked = await mediator.Send(new MarkAllNotificationsRead(), ct) }))
            .WithName("MarkAllNotificationsRead");
    }
}
