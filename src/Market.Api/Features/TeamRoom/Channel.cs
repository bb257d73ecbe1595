using Market.Api.Features.Notifications;
using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.TeamRoom;
using Market.Domain.Workers;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.TeamRoom;

public sealed record MessageView(
    Guid Id,
    long Sequence,
    Guid AuthorUserId,
    string AuthorName,
    string Kind,
    string Body,
    IReadOnlyList<Guid> MentionedUserIds,
    DateTimeOffset PostedAt);

/// <summary>
/// A page of the channel, newest first. <paramref name="NextBefore"/> asks for the next (older) page; null at the
/// beginning of the channel. <paramref name="Announcements"/> are the latest few, whatever the page.
/// </summary>
public sealed record MessagePage(
    IReadOnlyList<MessageView> Items,
    long? NextBefore,
    long LatestSequence,
    long LastReadSequence,
    int Unread,
    IReadOnlyList<MessageView> Announcements);

public sealed record ListMessages(Guid AgentId, TeamId TeamId, long? Before, long? After, int Limit) : IRequest<MessagePage>;

public sealed record PostMessage(Guid AgentId, TeamId TeamId, string Body, TeamMessageKind Kind, IReadOnlyList<Guid>? MentionUserIds) : ICommand<MessageView>;

public sealed record MarkRead(Guid AgentId, TeamId TeamId, long UpTo) : ICommand<ReadView>;

public sealed record ReadView(long LastReadSequence, int Unread);

/// <summary>The caller's rooms with unread counts (and unread mentions), for the portal's menu.</summary>
public sealed record ListMyRooms : IRequest<IReadOnlyList<MyRoomView>>;

public sealed record MyRoomView(Guid AgentId, Guid TeamId, string Name, bool IsMember, int Unread, int UnreadMentions, long LatestSequence);

public sealed record ListMyMentions(bool UnreadOnly) : IRequest<IReadOnlyList<MentionView>>;

public sealed record MentionView(Guid MessageId, Guid TeamId, string TeamName, string AuthorName, string Body, DateTimeOffset PostedAt, DateTimeOffset? ReadAt);

public sealed record PostMessageBody(string Body, TeamMessageKind? Kind, IReadOnlyList<Guid>? MentionUserIds);

public sealed record MarkReadBody(long UpTo);

public sealed class PostMessageValidator : AbstractValidator<PostMessage>
{
    public PostMessageValidator()
    {
        RuleFor(m => m.Body).NotEmpty().MaximumLength(TeamMessage.MaxBodyLength);
        RuleFor(m => m.Kind).IsInEnum();
        RuleFor(m => m.MentionUserIds!.Count).LessThanOrEqualTo(TeamMessage.MaxMentions).When(m => m.MentionUserIds is not null);
    }
}

public sealed class ListMessagesValidator : AbstractValidator<ListMessages>
{
    public ListMessagesValidator()
    {
        RuleFor(m => m.Limit).InclusiveBetween(1, 100);
        RuleFor(m => m).Must(m => m.Before is null || m.After is null).WithMessage("Ask for messages before or after a point, not both.");
    }
}

public sealed class MarkReadValidator : AbstractValidator<MarkRead>
{
    public MarkReadValidator() => RuleFor(m => m.UpTo).GreaterThanOrEqualTo(0);
}

/// <summary>The team channel: messages and announcements, stored and paged, with read marks, unread counts and mentions.</summary>
public sealed class ChannelHandlers(MarketDbContext db, RoomAccess access, INotifier notifier, TimeProvider clock) :
    IRequestHandler<ListMessages, MessagePage>,
    IRequestHandler<PostMessage, MessageView>,
    IRequestHandler<MarkRead, ReadView>,
    IRequestHandler<ListMyRooms, IReadOnlyList<MyRoomView>>,
    IRequestHandler<ListMyMentions, IReadOnlyList<MentionView>>
{
    private const int PinnedAnnouncements = 3;

    public async Task<MessagePage> Handle(ListMessages request, CancellationToken cancellationToken)
    {
        var (team, participant) = await access.EnterAsync(request.AgentId, request.TeamId, cancellationToken);
        var channel = db.TeamMessages.AsNoTracking().Where(m => m.TeamId == team.Id);
        List<TeamMessage> items;
        if (request.After is { } after)
        {
            // Catching up after a live notice: oldest first, then shown newest first like any page.
            items = await channel.Where(m => m.Sequence > after).OrderBy(m => m.Sequence).Take(request.Limit).ToListAsync(cancellationToken);
            items.Reverse();
        }
        else
        {
            var page = request.Before is { } before ? channel.Where(m => m.Sequence < before) : channel;
            items = await page.OrderByDescending(m => m.Sequence).Take(request.Limit + 1).ToListAsync(cancellationToken);
        }

        var hasOlder = request.After is null && items.Count > request.Limit;
        if (hasOlder)
        {
            items.RemoveAt(items.Count - 1);
        }

        var announcements = await channel.Where(m => m.Kind == TeamMessageKind.Announcement)
            .OrderByDescending(m => m.Sequence).Take(PinnedAnnouncements).ToListAsync(cancellationToken);
        var names = await NamesAsync(items.Concat(announcements).Select(m => m.AuthorUserId), cancellationToken);
        var latest = await channel.MaxAsync(m => (long?)m.Sequence, cancellationToken) ?? 0;
        var lastRead = await LastReadAsync(team.Id, participant.UserId, cancellationToken);
        return new MessagePage(
            items.Select(m => View(m, names)).ToList(),
            hasOlder ? items[^1].Sequence : null,
            latest,
            lastRead,
            await UnreadAsync(team.Id, participant.UserId, lastRead, cancellationToken),
            announcements.Select(m => View(m, names)).ToList());
    }

    public async Task<MessageView> Handle(PostMessage request, CancellationToken cancellationToken)
    {
        var (team, participant) = await access.EnterAsync(request.AgentId, request.TeamId, cancellationToken);
        if (!participant.MayPost)
        {
            throw new ForbiddenException("team_room_post_forbidden", "You can read this team's channel but not post in it.");
        }

        if (request.Kind == TeamMessageKind.Announcement && !participant.MayAnnounce)
        {
            throw new ForbiddenException("team_announcement_staff_only", "Only a coordinator or the agent's owner posts announcements.");
        }

        var now = clock.GetUtcNow();
        var message = TeamMessage.Post(team, participant, request.Kind, request.Body, request.MentionUserIds ?? [], now);
        db.TeamMessages.Add(message);
        foreach (var mentioned in message.MentionedUserIds)
        {
            db.TeamMentions.Add(new TeamMention { MessageId = message.Id, UserId = mentioned, TeamId = team.Id, AgentId = team.AgentId, CreatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        // Writing is reading: the author has seen everything up to their own message.
        await MarkReadUpToAsync(team.Id, participant.UserId, message.Sequence, now, cancellationToken);
        await TeamRoomSignals.SendAsync(db, TeamRoomSignals.ChannelPosted(team.Id), cancellationToken);
        var names = await NamesAsync([message.AuthorUserId], cancellationToken);
        await NotifyMentionedAsync(team, message, names[message.AuthorUserId], cancellationToken);
        return View(message, names);
    }

    /// <summary>Everyone mentioned hears of it in their notifications (once per message, whatever retries the post).</summary>
    private async Task NotifyMentionedAsync(Team team, TeamMessage message, string authorName, CancellationToken cancellationToken)
    {
        var excerpt = message.Body.Length <= 120 ? message.Body : message.Body[..120] + "…";
        foreach (var mentioned in message.MentionedUserIds)
        {
            await notifier.NotifyAsync(
                new NotificationMessage(
                    mentioned,
                    "team.mention",
                    new LocalizedText($"{authorName}さんが「{team.Name}」であなたの名前を挙げました", $"{authorName} mentioned you in {team.Name}"),
                    new LocalizedText(excerpt, excerpt),
                    Link: $"/team/{team.Id.Value}",
                    DedupeKey: $"team.mention:{message.Id}",
                    TenantId: team.AgentId),
                cancellationToken);
        }
    }

    public async Task<ReadView> Handle(MarkRead request, CancellationToken cancellationToken)
    {
        var (team, participant) = await access.EnterAsync(request.AgentId, request.TeamId, cancellationToken);
        var latest = await db.TeamMessages.Where(m => m.TeamId == team.Id).MaxAsync(m => (long?)m.Sequence, cancellationToken) ?? 0;
        var now = clock.GetUtcNow();
        var lastRead = await MarkReadUpToAsync(team.Id, participant.UserId, Math.Min(request.UpTo, latest), now, cancellationToken);
        var upTo = lastRead;
        await db.TeamMentions
            .Where(m => m.UserId == participant.UserId && m.TeamId == team.Id && m.ReadAt == null
                        && db.TeamMessages.Any(msg => msg.Id == m.MessageId && msg.Sequence <= upTo))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ReadAt, now), cancellationToken);
        return new ReadView(lastRead, await UnreadAsync(team.Id, participant.UserId, lastRead, cancellationToken));
    }

    public async Task<IReadOnlyList<MyRoomView>> Handle(ListMyRooms request, CancellationToken cancellationToken)
    {
        var userId = access.UserId;
        var agentId = access.AgentIdOfCaller;
        var teams = await db.Teams.AsNoTracking().Where(t => t.AgentId == agentId).OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var rooms = new List<MyRoomView>();
        foreach (var team in teams)
        {
            var participant = access.ParticipantIn(team);
            if (!participant.MaySee || (!participant.IsStaff && !team.HasMember(userId)))
            {
                continue;
            }

            var lastRead = await LastReadAsync(team.Id, userId, cancellationToken);
            var latest = await db.TeamMessages.Where(m => m.TeamId == team.Id).MaxAsync(m => (long?)m.Sequence, cancellationToken) ?? 0;
            var mentions = await db.TeamMentions.CountAsync(m => m.UserId == userId && m.TeamId == team.Id && m.ReadAt == null, cancellationToken);
            rooms.Add(new MyRoomView(agentId, team.Id.Value, team.Name, team.HasMember(userId), await UnreadAsync(team.Id, userId, lastRead, cancellationToken), mentions, latest));
        }

        return rooms;
    }

    public async Task<IReadOnlyList<MentionView>> Handle(ListMyMentions request, CancellationToken cancellationToken)
    {
        var userId = access.UserId;
        var rows = await db.TeamMentions.AsNoTracking()
            .Where(m => m.UserId == userId && (!request.UnreadOnly || m.ReadAt == null))
            .Join(db.TeamMessages, m => m.MessageId, msg => msg.Id, (m, msg) => new { Mention = m, Message = msg })
            .Join(db.Teams, x => x.Message.TeamId, t => t.Id, (x, t) => new { x.Mention, x.Message, TeamName = t.Name })
            .OrderByDescending(x => x.Message.Sequence)
            .Take(50)
            .ToListAsync(cancellationToken);
        var names = await NamesAsync(rows.Select(r => r.Message.AuthorUserId), cancellationToken);
        return rows.Select(r => new MentionView(
                r.Message.Id, r.Message.TeamId.Value, r.TeamName, names.GetValueOrDefault(r.Message.AuthorUserId) ?? string.Empty,
                r.Message.Body, r.Message.PostedAt, r.Mention.ReadAt))
            .ToList();
    }

    private async Task<long> MarkReadUpToAsync(TeamId teamId, Guid userId, long upTo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Read marks only move forward, also when two tabs mark at once.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO team_message_reads (team_id, user_id, last_read_sequence, read_at) VALUES ({teamId.Value}, {userId}, {upTo}, {now})
            ON CONFLICT (team_id, user_id) DO UPDATE SET last_read_sequence = greatest(team_message_reads.last_read_sequence, EXCLUDED.last_read_sequence),
                read_at = EXCLUDED.read_at
            """, cancellationToken);
        return await LastReadAsync(teamId, userId, cancellationToken);
    }

    private async Task<long> LastReadAsync(TeamId teamId, Guid userId, CancellationToken cancellationToken) =>
        await db.TeamMessageReads.AsNoTracking()
            .Where(r => r.TeamId == teamId && r.UserId == userId)
            .Select(r => (long?)r.LastReadSequence)
            .SingleOrDefaultAsync(cancellationToken) ?? 0;

    /// <summary>Messages after the read mark, not counting one's own.</summary>
    private Task<int> UnreadAsync(TeamId teamId, Guid userId, long lastRead, CancellationToken cancellationToken) =>
        db.TeamMessages.CountAsync(m => m.TeamId == teamId && m.Sequence > lastRead && m.AuthorUserId != userId, cancellationToken);

    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    private static MessageView View(TeamMessage m, IReadOnlyDictionary<Guid, string> names) =>
        new(m.Id, m.Sequence, m.AuthorUserId, names.GetValueOrDefault(m.AuthorUserId) ?? string.Empty, m.Kind.ToString(), m.Body, m.MentionedUserIds, m.PostedAt);
}
