using Market.Domain.Common;
using Market.Domain.TeamRoom;

namespace Market.Domain.Tests.TeamRoom;

public class CheckInTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Start_WhileAnotherCheckInIsOpen_IsRefused()
    {
        var open = CheckIn.Start(Guid.NewGuid(), Guid.NewGuid(), "朝の部", null, Now);

        var refusal = Assert.Throws<DomainRuleException>(() => CheckIn.Start(open.UserId, open.AgentId, null, open, Now.AddHours(1)));

        Assert.Equal("check_in_already_open", refusal.Code);
    }

    [Fact]
    public void End_KeepsTheNote_AndCannotHappenTwice()
    {
        var checkIn = CheckIn.Start(Guid.NewGuid(), Guid.NewGuid(), "  ", null, Now);

        checkIn.End(" 3件提出しました ", Now.AddHours(3));

        Assert.Null(checkIn.StartNote);
        Assert.Equal("3件提出しました", checkIn.EndNote);
        Assert.Equal("check_in_already_ended", Assert.Throws<DomainRuleException>(() => checkIn.End(null, Now.AddHours(4))).Code);
        Assert.NotNull(CheckIn.Start(checkIn.UserId, checkIn.AgentId, null, checkIn, Now.AddHours(5)));
    }

    [Fact]
    public void Start_WithANoteTooLong_IsRefused() =>
        Assert.Equal("check_in_note_too_long", Assert.Throws<UnprocessableInputException>(
            () => CheckIn.Start(Guid.NewGuid(), Guid.NewGuid(), new string('あ', CheckIn.MaxNoteLength + 1), null, Now)).Code);
}
