using Market.Domain.Common;
using Market.Domain.Workers;

namespace Market.Domain.TeamRoom;

public enum TeamMessageKind
{
    Message = 0,

    /// <summary>お知らせ from the team's coordinator or the agent's owner; shown above the conversation.</summary>
    Announcement = 1,
}

/// <summary>
/// One message in a team's channel. Messages are never edited, so the sequence number the database gives them
/// orders the channel and marks how far each member has read.
/// </summary>
public sealed class TeamMessage
{
    public const int MaxBodyLength = 2_000;
    public const int MaxMentions = 20;

    private readonly List<Guid> _mentionedUserIds = [];

    private TeamMessage()
    {
        Body = string.Empty;
    }

    private TeamMessage(Guid id, TeamId teamId, Guid agentId, Guid authorUserId, TeamMessageKind kind, string body, DateTimeOffset now)
    {
        Id = id;
        TeamId = teamId;
        AgentId = agentId;
        AuthorUserId = authorUserId;
        Kind = kind;
        Body = body;
        PostedAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>Given by the database on insert; orders the channel.</summary>
    public long Sequence { get; private set; }

    public TeamId TeamId { get; private set; }

    public Guid AgentId { get; private set; }

    public Guid AuthorUserId { get; private set; }

    public TeamMessageKind Kind { get; private set; }

    public string Body { get; private set; }

    public IReadOnlyList<Guid> MentionedUserIds => _mentionedUserIds;

    public DateTimeOffset PostedAt { get; private set; }

    /// <summary>
    /// Posts to the team's channel. Only people of the room may be mentioned (members and the coordinator); a
    /// mention of oneself is dropped rather than refused.
    /// </summary>
    public static TeamMessage Post(Team team, RoomParticipant author, TeamMessageKind kind, string body, IEnumerable<Guid> mentions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(mentions);
        if (!Enum.IsDefined(kind))
        {
            throw new UnprocessableInputException("team_message_kind_unknown", "Unknown message kind.");
        }

        // Who may post at all, and announce, is the caller's permission (403), checked before with RoomParticipant.
        if (!author.MayPost || (kind == TeamMessageKind.Announcement && !author.MayAnnounce))
        {
            throw new InvalidOperationException("The author's permission to post this message was not checked.");
        }

        var text = RequiredText.Of(body, "team_message_body_required", "A message needs some text.");
        if (text.Length > MaxBodyLength)
        {
            throw new UnprocessableInputException("team_message_too_long", $"A message has at most {MaxBodyLength} characters.");
        }

        var mentioned = mentions.Where(id => id != author.UserId).Distinct().ToList();
        if (mentioned.Count > MaxMentions)
        {
            throw new UnprocessableInputException("team_message_too_many_mentions", $"A message mentions at most {MaxMentions} people.");
        }

        if (mentioned.Any(id => !team.HasMember(id) && team.CoordinatorUserId != id))
        {
            throw new UnprocessableInputException("team_mention_not_in_team", "Only members of the team and its coordinator can be mentioned.");
        }

        var message = new TeamMessage(Guid.CreateVersion7(now), team.Id, team.AgentId, author.UserId, kind, text, now);
        message._mentionedUserIds.AddRange(mentioned);
        return message;
    }
}
