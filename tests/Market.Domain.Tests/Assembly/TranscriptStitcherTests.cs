using Market.Domain.Assembly;

namespace Market.Domain.Tests.Assembly;

public class TranscriptStitcherTests
{
    [Fact]
    public void Stitch_JapaneseWithExactRepeatAcrossWidths_DropsTheRepeatOnce()
    {
        string[] segments =
        [
            "本日はお忙しいところお集まりいただきありがとうございます。それでは定刻になりましたので、第3回地域交通協議会を開会いたします。",
            "第３回地域交通協議会を開会いたします。まず初めに、会長よりご挨拶をお願いいたします。",
        ];

        var stitched = TranscriptStitcher.Stitch(segments);

        Assert.Equal(
            "本日はお忙しいところお集まりいただきありがとうございます。それでは定刻になりましたので、第3回地域交通協議会を開会いたします。まず初めに、会長よりご挨拶をお願いいたします。",
            stitched.Text);
        Assert.Equal("第３回地域交通協議会を開会いたします。", stitched.Seams[0].DroppedText);
    }

    [Fact]
    public void Stitch_JapaneseWhereWorkersDifferedOnAFiller_KeepsTheEarlierVersion()
    {
        string[] segments =
        [
            "次に、バス路線の再編についてですが、えー、利用者アンケートの結果を",
            "バス路線の再編についてですが、利用者アンケートの結果をご覧ください。回答数は412件でした。",
        ];

        var stitched = TranscriptStitcher.Stitch(segments);

        Assert.Equal("次に、バス路線の再編についてですが、えー、利用者アンケートの結果をご覧ください。回答数は412件でした。", stitched.Text);
    }

    [Fact]
    public void Stitch_JapaneseWhereWorkersUsedDifferentKanjiVariants_KeepsTheEarlierSpelling()
    {
        string[] segments =
        [
            "議事録署名人は、山﨑委員と高橋委員にお願いします。",
            "議事録署名人は山崎委員と髙橋委員にお願いします。では議事に入ります。",
        ];

        var stitched = TranscriptStitcher.Stitch(segments);

        Assert.Equal("議事録署名人は、山﨑委員と高橋委員にお願いします。では議事に入ります。", stitched.Text);
    }

    [Fact]
    public void Stitch_JapaneseWhereEarlierWorkerHeardAnExtraSyllable_DoesNotEatTheNextWord()
    {
        string[] segments =
        [
            "それでは資料の2ページをご覧いただけますね",
            "資料の2ページをご覧いただけます。次に、予算の概要です。",
        ];

        var stitched = TranscriptStitcher.Stitch(segments);

        Assert.Equal("それでは資料の2ページをご覧いただけますね次に、予算の概要です。", stitched.Text);
    }

    [Fact]
    public void Stitch_EnglishWithExactRepeat_JoinsWithASpace()
    {
        string[] segments =
        [
            "Thank you all for coming. Let's start with the budget review for the next fiscal year.",
            "the budget review for the next fiscal year. First, Ms. Tanaka will present the numbers.",
        ];

        var stitched = TranscriptStitcher.Stitch(segments);

        Assert.Equal("Thank you all for coming. Let's start with the budget review for the next fiscal year. First, Ms. Tanaka will present the numbers.", stitched.Text);
    }

    [Fact]
    public void Stitch_EnglishWhereWorkersWroteTheOverlapDifferently_DropsTheLaterVariant()
    {
        string[] segments =
        [
            "That settles the schedule, so we'll meet again next Tuesday at ten o'clock.",
            "So, we will meet again next Tuesday at ten o'clock. Any other business?",
        ];

        var stitched = TranscriptStitcher.Stitch(segments);

        Assert.Equal("That settles the schedule, so we'll meet again next Tuesday at ten o'clock. Any other business?", stitched.Text);
    }

    [Fact]
    public void Stitch_EnglishWhereTheLastWordOfTheOverlapDiffers_KeepsASmallRepeatRatherThanEatingTheNextWord()
    {
        string[] segments =
        [
            "That settles the schedule, so we'll meet again next Tuesday at ten.",
            "So we will meet again next Tuesday at 10. Any other business?",
        ];

        var stitched = TranscriptStitcher.Stitch(segments);

        Assert.Equal("That settles the schedule, so we'll meet again next Tuesday at ten. 10. Any other business?", stitched.Text);
    }

    [Fact]
    public void Stitch_WhenOnlyAShortChanceMatch_DropsNothing()
    {
        string[] segments = ["以上です。", "です。続いて報告事項に移ります。"];

        var stitched = TranscriptStitcher.Stitch(segments);

        Assert.Equal("以上です。です。続いて報告事項に移ります。", stitched.Text);
        Assert.False(stitched.Seams[0].Matched);
    }

    [Fact]
    public void Stitch_WhenOverlapWasSilence_JoinsTheTextsUnchanged()
    {
        string[] segments = ["質疑はございませんか。", "（休憩）再開いたします。"];

        var stitched = TranscriptStitcher.Stitch(segments);

        Assert.Equal("質疑はございませんか。（休憩）再開いたします。", stitched.Text);
    }

    [Fact]
    public void Stitch_WhenTheTwoTextsDifferTooMuch_DropsNothing()
    {
        string[] segments =
        [
            "続きまして、観光振興計画の進捗について担当課から説明します。",
            "観光新興の計画は進捗がおくれていると担当から聞きました。",
        ];

        var stitched = TranscriptStitcher.Stitch(segments);

        Assert.False(stitched.Seams[0].Matched);
        Assert.EndsWith("観光新興の計画は進捗がおくれていると担当から聞きました。", stitched.Text);
    }

    [Fact]
    public void Stitch_ThreeSegments_DeduplicatesEachSeam()
    {
        string[] segments =
        [
            "一つ目の議題は、空き家対策の補助制度についてです。",
            "空き家対策の補助制度についてです。二つ目の議題は、移住支援金の見直しについてです。",
            "移住支援金の見直しについてです。以上、二点です。",
        ];

        var stitched = TranscriptStitcher.Stitch(segments);

        Assert.Equal("一つ目の議題は、空き家対策の補助制度についてです。二つ目の議題は、移住支援金の見直しについてです。以上、二点です。", stitched.Text);
        Assert.All(stitched.Seams, s => Assert.True(s.Matched));
    }

    [Fact]
    public void DuplicatedPrefixLength_ExactSuffixPrefix_IsTheLongestMatch()
    {
        var (length, score) = TranscriptStitcher.DuplicatedPrefixLength("abc the quick brown fox", "the quick brown fox jumps");

        Assert.Equal("the quick brown fox ".Length, length);
        Assert.Equal("thequickbrownfox".Length, score);
    }
}
