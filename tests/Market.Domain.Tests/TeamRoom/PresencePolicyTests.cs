using Market.Domain.TeamRoom;

namespace Market.Domain.Tests.TeamRoom;

public class PresencePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    private static PresenceState At(bool hidden = false, double? seenSecondsAgo = null, double? inputMinutesAgo = null, double? unitMinutesAgo = null) =>
        PresencePolicy.Derive(
            new PresenceSignals(
                hidden,
                seenSecondsAgo is { } s ? Now.AddSeconds(-s) : null,
                inputMinutesAgo is { } i ? Now.AddMinutes(-i) : null,
                unitMinutesAgo is { } u ? Now.AddMinutes(-u) : null),
            Now);

    [Fact]
    public void Derive_WithNoPageOpenAndNoUnitWork_IsOffline() => Assert.Equal(PresenceState.Offline, At());

    [Fact]
    public void Derive_WhenThePageWasUsedRecently_IsOnline() => Assert.Equal(PresenceState.Online, At(seenSecondsAgo: 10, inputMinutesAgo: 14.9));

    [Fact]
    public void Derive_WhenThePageIsOpenButUntouchedFor15Minutes_IsAway() => Assert.Equal(PresenceState.Away, At(seenSecondsAgo: 10, inputMinutesAgo: 15));

    [Fact]
    public void Derive_WhenHeartbeatsStoppedFor90Seconds_IsOffline() => Assert.Equal(PresenceState.Offline, At(seenSecondsAgo: 90, inputMinutesAgo: 1));

    [Fact]
    public void Derive_WhenTheEditorSavedADraftRecently_IsWorking_EvenWithoutAnOpenPage() =>
        Assert.Equal(PresenceState.Working, At(unitMinutesAgo: 14));

    [Fact]
    public void Derive_WhenTheUnitWasUntouchedFor15Minutes_FallsBackToThePage() =>
        Assert.Equal(PresenceState.Away, At(seenSecondsAgo: 5, inputMinutesAgo: 20, unitMinutesAgo: 15));

    [Fact]
    public void Derive_WhenHidden_ShowsNothingElse() => Assert.Equal(PresenceState.Hidden, At(hidden: true, seenSecondsAgo: 1, inputMinutesAgo: 0, unitMinutesAgo: 0));

    [Fact]
    public void NextChangeAt_WhenOnline_IsTheEarlierOfAwayAndOffline()
    {
        var signals = new PresenceSignals(false, Now.AddSeconds(-30), Now.AddMinutes(-14.5), null);

        Assert.Equal(Now.AddSeconds(30), PresencePolicy.NextChangeAt(signals, Now)); // away in 30 s comes before offline in 60 s
        Assert.Null(PresencePolicy.NextChangeAt(signals with { LastSeenAt = null }, Now));
    }
}
