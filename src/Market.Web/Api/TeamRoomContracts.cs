namespace Market.Web.Api;

public sealed record MyTeamRoom(Guid AgentId, Guid TeamId, string Name, bool IsMember, int Unread, int UnreadMentions, long LatestSequence);

public sealed record MemberPresence(
    Guid UserId,
    string DisplayName,
    string State,
    DateTimeOffset? LastSeenAt,
    string? WorkingOnKind,
    DateTimeOffset? StartedToday,
    bool CheckedIn,
    string? CheckInNote);

public sealed record PresenceBoard(Guid TeamId, DateTimeOffset At, DateTimeOffset? NextChangeAt, IReadOnlyList<MemberPresence> Members);

public sealed record TeamMessage(
    Guid Id,
    long Sequence,
    Guid AuthorUserId,
    string AuthorName,
    string Kind,
    string Body,
    IReadOnlyList<Guid> MentionedUserIds,
    DateTimeOffset PostedAt);

public sealed record TeamMessagePage(
    IReadOnlyList<TeamMessage> Items,
    long? NextBefore,
    long LatestSequence,
    long LastReadSequence,
    int Unread,
    IReadOnlyList<TeamMessage> Announcements);

public sealed record PostTeamMessageRequest(string Body, string Kind, IReadOnlyList<Guid> MentionUserIds);

public sealed record MarkReadRequest(long UpTo);

public sealed record ReadResult(long LastReadSequence, int Unread);

public sealed record CheckInRecord(Guid Id, DateTimeOffset StartedAt, string? StartNote, DateTimeOffset? EndedAt, string? EndNote);

public sealed record MyCheckIns(CheckInRecord? Open, IReadOnlyList<CheckInRecord> Today);

public sealed record NoteRequest(string? Note);

public sealed record PresenceVisibility(bool Visible, DateTimeOffset? ChangedAt);

public sealed record VisibilityRequest(bool Visible);

public sealed record MemberWeek(Guid UserId, string DisplayName, int Messages, int CheckIns, int ActiveDays, int UnitsDone);

public sealed record EngagementWeek(DateOnly WeekStart, int Members, int ActiveMembers, int Messages, int CheckIns, int ActiveDays, int UnitsDone, IReadOnlyList<MemberWeek> ByMember);

public sealed record TeamEngagement(Guid TeamId, string TeamName, IReadOnlyList<EngagementWeek> Weeks);

public sealed record IdleAlert(Guid Id, Guid WorkerUserId, string WorkerName, IReadOnlyList<string> Teams, DateTimeOffset IdleSince, int ThresholdDays, DateTimeOffset AlertedAt, DateTimeOffset? AcknowledgedAt);

public sealed record TeamRoomSettings(Guid AgentId, int IdleAlertDays, bool IsDefault);

public sealed record TeamRoomSettingsRequest(int IdleAlertDays);
