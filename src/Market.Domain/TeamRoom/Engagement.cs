using Market.Domain.Reports;

namespace Market.Domain.TeamRoom;

public enum ActivityKind
{
    Message = 0,
    CheckIn = 1,

    /// <summary>Work handed in (a submission); counts towards active days.</summary>
    UnitWork = 2,

    /// <summary>A unit of the member accepted (検品 passed or not sampled); counts as a unit done in its week.</summary>
    UnitDone = 3,
}

public sealed record MemberActivity(Guid UserId, ActivityKind Kind, DateTimeOffset At);

public sealed record MemberWeek(Guid UserId, int Messages, int CheckIns, int ActiveDays, int UnitsDone);

/// <summary>One week (Monday to Sunday, Japan time) of a team. <see cref="ActiveDays"/> counts member-days.</summary>
public sealed record EngagementWeek(DateOnly WeekStart, int Members, int ActiveMembers, int Messages, int CheckIns, int ActiveDays, int UnitsDone, IReadOnlyList<MemberWeek> ByMember);

/// <summary>
/// Engagement figures per team and week (field evidence V1: measure communication volume and tool use), so an agent
/// sees isolation before it becomes attrition. A day is active for a member when they posted, checked in or handed
/// in work on it (Japan time).
/// </summary>
public static class EngagementCalculator
{
    public static IReadOnlyList<EngagementWeek> Weekly(IReadOnlyCollection<Guid> members, IEnumerable<MemberActivity> activities, DateOnly firstWeek, int weeks)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weeks);
        if (JapanTime.WeekOf(firstWeek) != firstWeek)
        {
            throw new ArgumentException("A week starts on a Monday.", nameof(firstWeek));
        }

        var memberSet = members.ToHashSet();
        var byWeek = activities
            .Where(a => memberSet.Contains(a.UserId))
            .Select(a => (Activity: a, Day: JapanTime.DayOf(a.At)))
            .GroupBy(x => JapanTime.WeekOf(x.Day))
            .ToDictionary(g => g.Key, g => g.ToList());

        var result = new List<EngagementWeek>(weeks);
        for (var i = 0; i < weeks; i++)
        {
            var week = firstWeek.AddDays(7 * i);
            var inWeek = byWeek.GetValueOrDefault(week) ?? [];
            var perMember = members
                .Distinct()
                .Select(userId =>
                {
                    var mine = inWeek.Where(x => x.Activity.UserId == userId).ToList();
                    return new MemberWeek(
                        userId,
                        mine.Count(x => x.Activity.Kind == ActivityKind.Message),
                        mine.Count(x => x.Activity.Kind == ActivityKind.CheckIn),
                        mine.Where(x => x.Activity.Kind != ActivityKind.UnitDone).Select(x => x.Day).Distinct().Count(),
                        mine.Count(x => x.Activity.Kind == ActivityKind.UnitDone));
                })
                .ToList();
            result.Add(new EngagementWeek(
                week,
                perMember.Count,
                perMember.Count(m => m.ActiveDays > 0),
                perMember.Sum(m => m.Messages),
                perMember.Sum(m => m.CheckIns),
                perMember.Sum(m => m.ActiveDays),
                perMember.Sum(m => m.UnitsDone),
                perMember));
        }

        return result;
    }
}

/// <summary>A worker silent (no message, no check-in) and idle (no unit work) since <see cref="Since"/>.</summary>
public sealed record IdleSpell(Guid UserId, DateTimeOffset Since, int Days);

/// <summary>
/// Exception-only alerting (field evidence S11, S13: the system tells the manager only when something is wrong). A
/// spell is named by the moment of the worker's last activity, so each spell is reported once, however often the
/// daily job runs; new activity and a new silence make a new spell.
/// </summary>
public static class IdlePolicy
{
    public const int DefaultDays = 3;
    public const int MinDays = 1;
    public const int MaxDays = 60;

    /// <param name="lastActivityAt">The latest message, check-in or unit work; null when there was none yet.</param>
    /// <param name="joinedAt">When the worker joined the agent: the silence of someone who never started counts from then.</param>
    public static IdleSpell? SpellOf(Guid userId, DateTimeOffset? lastActivityAt, DateTimeOffset joinedAt, DateTimeOffset now, int days)
    {
        if (days is < MinDays or > MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, $"Between {MinDays} and {MaxDays} days.");
        }

        var since = lastActivityAt is { } last && last > joinedAt ? last : joinedAt;
        return now - since >= TimeSpan.FromDays(days) ? new IdleSpell(userId, since, days) : null;
    }

    public static void EnsureValidDays(int days)
    {
        if (days is < MinDays or > MaxDays)
        {
            throw new Common.UnprocessableInputException("idle_alert_days_out_of_range", $"The idle alert threshold is between {MinDays} and {MaxDays} days.");
        }
    }
}
