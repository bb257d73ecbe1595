using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Quality;
using Market.Domain.Tests.Support;
using Market.Domain.Units;

namespace Market.Domain.Tests.Quality;

public class SeamReviewTests
{
    private static readonly JobId Job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, JobType.Transcription).Id;

    private static WorkUnit Segment(int sequence, long startMs, long endMs, FileId? file = null) =>
        WorkUnit.ForTranscription(Job, sequence, new TranscriptionSegment(file ?? TestJobs.InputFile, startMs, endMs), TranscriptionStyle.CleanVerbatim);

    private static readonly WorkUnit First = Segment(1, 0, 305_000);
    private static readonly WorkUnit Second = Segment(2, 300_000, 605_000);

    [Fact]
    public void Compare_WhenBothWorkersTranscribedTheOverlap_ReturnsEachSidesVersion()
    {
        const string earlier = "本日はお忙しいところありがとうございます。それでは定刻になりましたので、第3回地域交通協議会を開会いたします。";
        const string later = "第３回地域交通協議会を開会いたします。まず初めに、会長よりご挨拶をお願いいたします。";

        var seam = SeamReview.Compare(First, earlier, Second, later);

        Assert.True(seam.Matched);
        Assert.Equal("第3回地域交通協議会を開会いたします。", seam.EarlierTail);
        Assert.Equal("第３回地域交通協議会を開会いたします。", seam.LaterHead);
        Assert.Equal(5_000, seam.OverlapMs);
    }

    [Fact]
    public void Compare_WhenTheWorkersHeardTheOverlapDifferently_ShowsBothWordings()
    {
        const string earlier = "次に、バス路線の再編についてですが、えー、利用者アンケートの結果を";
        const string later = "バス路線の再編についてですが、利用者アンケートの結果をご覧ください。回答数は412件でした。";

        var seam = SeamReview.Compare(First, earlier, Second, later);

        Assert.True(seam.Matched);
        Assert.Equal("バス路線の再編についてですが、えー、利用者アンケートの結果を", seam.EarlierTail);
        Assert.Equal("バス路線の再編についてですが、利用者アンケートの結果を", seam.LaterHead);
    }

    [Fact]
    public void Compare_WhenNoDuplicateIsFound_EstimatesEachSideFromTheOverlapsShareOfTheSegment()
    {
        // 5 s of 305 s: 122 characters → 2 at the end of the earlier text; 61 → 1 at the start of the later.
        var earlier = new string('あ', 120) + "いう";
        var later = "え" + new string('お', 60);

        var seam = SeamReview.Compare(First, earlier, Second, later);

        Assert.False(seam.Matched);
        Assert.Equal("いう", seam.EarlierTail);
        Assert.Equal("え", seam.LaterHead);
    }

    [Fact]
    public void Compare_UnitsThatDoNotShareAudio_IsRejected()
    {
        var third = Segment(3, 600_000, 900_000);
        var otherFile = Segment(2, 300_000, 605_000, TestJobs.DeliverableFile);

        Assert.Throws<ArgumentException>(() => SeamReview.Compare(First, "a", third, "b"));
        Assert.Throws<ArgumentException>(() => SeamReview.Compare(Second, "a", First, "b"));
        Assert.Throws<ArgumentException>(() => SeamReview.Compare(First, "a", otherFile, "b"));
    }
}
