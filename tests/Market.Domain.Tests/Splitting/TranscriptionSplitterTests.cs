using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Splitting;
using Market.Domain.Splitting.Audio;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Splitting;

public class TranscriptionSplitterTests
{
    private static readonly TranscriptionSettings FiveMinutes = TranscriptionSettings.Default(TranscriptionStyle.Verbatim);

    // 12 minutes of speech with pauses near both nominal cuts (5:00 and 10:00). At 5:10 the pause has room
    // noise, so the digitally silent pause at 4:50 is quieter. 60 ms consonant closures fall exactly on 5:00
    // and 10:00: a splitter that looked at single windows would cut there, inside a word.
    private static readonly Pause[] TwelveMinutePauses =
    [
        new(Ms(4, 50), 800),
        new(Ms(5, 10), 800, Level: 0.01),
        new(Ms(9, 55), 800),
    ];

    private static readonly Lazy<EnergyEnvelope> TwelveMinutes = new(() =>
        AudioEnvelopeReader.ReadWav(SyntheticWavStream.Speech(TimeSpan.FromMinutes(12), 16_000, TwelveMinutePauses)));

    private static long Ms(int minutes, int seconds) => ((minutes * 60) + seconds) * 1000L;

    private static EnergyEnvelope Speech(TimeSpan duration, params Pause[] pauses) =>
        AudioEnvelopeReader.ReadWav(SyntheticWavStream.Speech(duration, 8_000, pauses));

    [Fact]
    public void PlanSegments_TwelveMinutesAtFiveMinuteTarget_CutsInsideTheQuietestPausesWithinTwentySeconds()
    {
        var segments = TranscriptionSplitter.PlanSegments(TwelveMinutes.Value, FiveMinutes);

        Assert.Equal(3, segments.Count);
        var firstCut = segments[0].CutMs!.Value;
        var secondCut = segments[1].CutMs!.Value;
        Assert.True(TwelveMinutePauses[0].Contains(firstCut), $"first cut at {firstCut} ms is not in the silent pause at 4:50");
        Assert.True(TwelveMinutePauses[2].Contains(secondCut), $"second cut at {secondCut} ms is not in the pause at 9:55");
        Assert.InRange(firstCut, Ms(5, 0) - 20_000, Ms(5, 0) + 20_000);
        Assert.InRange(secondCut, Ms(10, 0) - 20_000, Ms(10, 0) + 20_000);
    }

    [Fact]
    public void PlanSegments_TwelveMinutes_NeighboursShareExactlyTheOverlapAndCoverTheRecording()
    {
        var segments = TranscriptionSplitter.PlanSegments(TwelveMinutes.Value, FiveMinutes);

        Assert.Equal(0, segments[0].StartMs);
        Assert.Equal(Ms(12, 0), segments[^1].EndMs);
        Assert.Null(segments[^1].CutMs);
        for (var i = 0; i < segments.Count - 1; i++)
        {
            Assert.Equal(segments[i].CutMs, segments[i + 1].StartMs);
            Assert.Equal(5_000, segments[i].EndMs - segments[i + 1].StartMs);
        }
    }

    [Fact]
    public void PlanSegments_WhenTwoPausesAreEquallyQuiet_CutsInTheOneClosestToTheTarget()
    {
        Pause early = new(Ms(4, 45), 800);
        Pause late = new(Ms(5, 8), 800);

        var segments = TranscriptionSplitter.PlanSegments(Speech(TimeSpan.FromMinutes(8), early, late), FiveMinutes);

        Assert.True(late.Contains(segments[0].CutMs!.Value), $"cut at {segments[0].CutMs} ms; expected the pause at 5:08");
    }

    [Fact]
    public void PlanSegments_WhenThePauseIsMoreThanTwentySecondsAway_StaysWithinTheSearchWindow()
    {
        Pause tooFar = new(Ms(4, 35), 2_000);

        var cut = TranscriptionSplitter.PlanSegments(Speech(TimeSpan.FromMinutes(8), tooFar), FiveMinutes)[0].CutMs!.Value;

        Assert.InRange(cut, Ms(4, 40), Ms(5, 20));
    }

    [Fact]
    public void PlanSegments_WhenTailIsShorterThanThirtyPercentOfTarget_MergesItIntoThePreviousSegment()
    {
        // 10:30 with a pause at 10:00: the 30 s tail is under 90 s (30 % of 5 min).
        var envelope = Speech(TimeSpan.FromSeconds(630), new Pause(Ms(5, 0), 600), new Pause(Ms(10, 0), 600));

        var segments = TranscriptionSplitter.PlanSegments(envelope, FiveMinutes);

        Assert.Equal(2, segments.Count);
        Assert.Equal(630_000, segments[1].EndMs);
        Assert.InRange(segments[1].EndMs - segments[1].StartMs, 320_000, 340_000);
    }

    [Fact]
    public void PlanSegments_WhenTailIsAtLeastThirtyPercentOfTarget_KeepsItAsItsOwnSegment()
    {
        // 11:45 with a pause at 10:00: the 1:45 tail is 35 % of 5 min.
        var envelope = Speech(TimeSpan.FromSeconds(705), new Pause(Ms(5, 0), 600), new Pause(Ms(10, 0), 600));

        var segments = TranscriptionSplitter.PlanSegments(envelope, FiveMinutes);

        Assert.Equal(3, segments.Count);
        Assert.InRange(segments[2].EndMs - segments[2].StartMs, 104_000, 106_000);
    }

    [Fact]
    public void PlanSegments_WhenRecordingIsShorterThanTarget_IsOneSegment()
    {
        var envelope = Speech(TimeSpan.FromMinutes(3));

        var segment = Assert.Single(TranscriptionSplitter.PlanSegments(envelope, FiveMinutes));

        Assert.Equal(0, segment.StartMs);
        Assert.Equal(180_000, segment.EndMs);
    }

    [Fact]
    public void PlanSegments_WithZeroOverlap_SegmentsAbut()
    {
        var settings = new TranscriptionSettings(TimeSpan.FromMinutes(2), TimeSpan.Zero, TranscriptionStyle.Edited);

        var segments = TranscriptionSplitter.PlanSegments(Speech(TimeSpan.FromMinutes(7)), settings);

        Assert.Equal(4, segments.Count);
        for (var i = 0; i < segments.Count - 1; i++)
        {
            Assert.Equal(segments[i].EndMs, segments[i + 1].StartMs);
        }
    }

    [Fact]
    public void PlanSegments_SameRecordingTwice_GivesTheSameSegments()
    {
        var again = AudioEnvelopeReader.ReadWav(SyntheticWavStream.Speech(TimeSpan.FromMinutes(12), 16_000, TwelveMinutePauses));

        Assert.Equal(TranscriptionSplitter.PlanSegments(TwelveMinutes.Value, FiveMinutes), TranscriptionSplitter.PlanSegments(again, FiveMinutes));
    }

    [Fact]
    public void Split_TwoRecordings_NumbersUnitsAcrossFilesInTheJobsInputOrder()
    {
        var first = FileId.Of("first.wav"u8);
        var second = FileId.Of("second.wav"u8);
        var job = TestJobs.Draft(FiveMinutes, inputs: [first, second]);

        var units = TranscriptionSplitter.Split(job, [new AudioInput(second, Speech(TimeSpan.FromMinutes(3))), new AudioInput(first, TwelveMinutes.Value)]);

        Assert.Equal([1, 2, 3, 4], units.Select(u => u.Sequence));
        Assert.Equal([first, first, first, second], units.Select(u => u.Segment!.File));
        Assert.Equal(180_000, units[3].Segment!.EndMs);
        Assert.All(units, u => Assert.Equal(job.Id, u.JobId));
        Assert.All(units, u => Assert.Equal(Market.Domain.Units.WorkUnitStatus.Pending, u.Status));
    }

    [Fact]
    public void Split_SameJobTwice_GivesIdenticalUnitsAndIds()
    {
        var job = TestJobs.Draft(FiveMinutes);
        AudioInput[] inputs = [new(TestJobs.InputFile, TwelveMinutes.Value)];

        var once = TranscriptionSplitter.Split(job, inputs);
        var twice = TranscriptionSplitter.Split(job, inputs);

        Assert.Equal(once.Select(u => (u.Id, u.Segment)), twice.Select(u => (u.Id, u.Segment)));
    }

    [Fact]
    public void Split_WhenAnAttachedFileIsNotGiven_IsRefusedWithoutUnits()
    {
        var job = TestJobs.Draft(FiveMinutes, inputs: [TestJobs.InputFile, FileId.Of("second"u8)]);

        var refusal = Assert.Throws<UnprocessableInputException>(() => TranscriptionSplitter.Split(job, [new AudioInput(TestJobs.InputFile, TwelveMinutes.Value)]));

        Assert.Equal("split_input_missing", refusal.Code);
    }

    [Fact]
    public void Split_WhenAFileIsNotAttachedToTheJob_IsRefused()
    {
        var job = TestJobs.Draft(FiveMinutes);
        AudioInput[] inputs = [new(TestJobs.InputFile, TwelveMinutes.Value), new(FileId.Of("stranger"u8), TwelveMinutes.Value)];

        var refusal = Assert.Throws<UnprocessableInputException>(() => TranscriptionSplitter.Split(job, inputs));

        Assert.Equal("split_input_not_attached", refusal.Code);
    }

    [Fact]
    public void Split_WhenJobIsNotTranscription_IsRefused()
    {
        var job = TestJobs.Draft(DataEntrySettings.Default);

        var refusal = Assert.Throws<DomainRuleException>(() => TranscriptionSplitter.Split(job, [new AudioInput(TestJobs.InputFile, TwelveMinutes.Value)]));

        Assert.Equal("job_type_mismatch", refusal.Code);
    }

    [Fact]
    public void Split_WhenWorkHasStarted_IsRefused()
    {
        var job = TestJobs.InState(JobStatus.InProgress);

        var refusal = Assert.Throws<DomainRuleException>(() => TranscriptionSplitter.Split(job, [new AudioInput(TestJobs.InputFile, TwelveMinutes.Value)]));

        Assert.Equal("job_not_splittable", refusal.Code);
    }

    [Fact]
    public void Split_OneHourRecording_GivesTwelveFiveMinuteUnits()
    {
        // Speech with a short dip every 7.3 s, so each ±20 s search finds a different quietest point.
        var hour = new EnergyEnvelope(50, 3_600_000, Enumerable.Range(0, 72_000).Select(i => i % 146 < 3 ? 0.01f : 0.3f).ToList());
        var job = TestJobs.Draft(FiveMinutes);

        var units = TranscriptionSplitter.Split(job, [new AudioInput(TestJobs.InputFile, hour)]);

        Assert.Equal(12, units.Count);
        Assert.All(units.SkipLast(1), u => Assert.InRange(u.Segment!.DurationMs, 300_000 - 40_000 + 5_000, 300_000 + 40_000 + 5_000));
    }
}
