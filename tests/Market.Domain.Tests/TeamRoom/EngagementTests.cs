using Market.Domain.TeamRoom;

namespace Market.Domain.Tests.TeamRoom;

public class EngagementTests
{
    private static readonly Guid Yumi = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Sho = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Outsider = Guid.Parse("00000000-0000-0000-0000-000000000003");

    /// <summary>Monday 2026-11-16 00:00 in Japan is Sunday 15:00 UTC.</summary>
    private static readonly DateOnly Week = new(2026, 11, 16);

    private static DateTimeOffset Jst(int day, int hour) => new(2026, 11, day, hour, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public void Weekly_CountsMessagesCheckInsUnitsAndMemberDays_InJapanTimeWeeks()
    {
        MemberActivity[] activities =
        [
            new(Yumi, ActivityKind.CheckIn, Jst(16, 0)),                     // Monday 00:00 JST: this week
            new(Yumi, ActivityKind.Message, Jst(16, 9)),
            new(Yumi, ActivityKind.UnitWork, Jst(17, 10)),
            new(Yumi, ActivityKind.UnitDone, Jst(18, 10)),                   // a unit done is not a day of activity
            new(Sho, ActivityKind.Message, Jst(22, 23)),                     // Sunday night: still this week
            new(Sho, ActivityKind.Message, Jst(23, 0)),                      // next Monday
            new(Sho, ActivityKind.CheckIn, new DateTimeOffset(2026, 11, 15, 14, 59, 0, TimeSpan.Zero)), // Sunday 23:59 JST the week before
            new(Outsider, ActivityKind.Message, Jst(17, 9)),
        ];

        var weeks = EngagementCalculator.Weekly([Yumi, Sho], activities, Week, 2);

        var first = weeks[0];
        Assert.Equal((2, 2, 1, 3, 1, 2), (first.Members, first.Messages, first.CheckIns, first.ActiveDays, first.UnitsDone, first.ActiveMembers));
        Assert.Equal(new MemberWeek(Yumi, 1, 1, 2, 1), first.ByMember.Single(m => m.UserId == Yumi));
        var second = weeks[1];
        Assert.Equal(new DateOnly(2026, 11, 23), second.WeekStart);
        Assert.Equal((1, 0, 1, 1), (second.Messages, second.CheckIns, second.ActiveDays, second.ActiveMembers));
    }

    [Fact]
    public void IdleSpell_IsNamedByTheLastActivity_SoTheSameSilenceIsTheSameSpell()
    {
        var joined = Jst(1, 9);
        var last = Jst(10, 9);

        Assert.Null(IdlePolicy.SpellOf(Yumi, last, joined, last.AddDays(3).AddSeconds(-1), 3));
        var spell = IdlePolicy.SpellOf(Yumi, last, joined, last.AddDays(3), 3);
        var later = IdlePolicy.SpellOf(Yumi, last, joined, last.AddDays(9), 3);

        Assert.Equal(last, spell!.Since);
        Assert.Equal(spell, later);
    }

    [Fact]
    public void IdleSpell_OfSomeoneWhoNeverStarted_CountsFromJoining()
    {
        var joined = Jst(1, 9);

        Assert.Equal(joined, IdlePolicy.SpellOf(Yumi, null, joined, Jst(5, 9), 3)!.Since);
    }
}
