using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Pricing;
using Market.Domain.Splitting;
using Market.Domain.Tests.Support;
using Market.Domain.Units;

namespace Market.Domain.Tests.Pricing;

public class RateCardTests
{
    private static WorkUnit Segment(Job job, int sequence, long startMs, long endMs) =>
        WorkUnit.ForTranscription(job.Id, sequence, new TranscriptionSegment(TestJobs.InputFile, startMs, endMs), job.TranscriptionSettings!.Style);

    [Fact]
    public void Quote_TwelveMinuteVerbatimRecording_IsComputedPerUnitThenMarkedUp()
    {
        var job = TestJobs.Draft(TranscriptionSettings.Default(TranscriptionStyle.Verbatim));
        // Cuts at 4:50.675 and 9:55.675 with 5 s overlap, as the splitter plans the 12-minute example.
        WorkUnit[] units =
        [
            Segment(job, 1, 0, 295_675),
            Segment(job, 2, 290_675, 600_675),
            Segment(job, 3, 595_675, 720_000),
        ];

        var quote = RateCard.Default.Quote(job, units);

        // ¥60 per audio minute: 295.675 s → ¥295.675 → ¥295; 310 s → ¥310; 124.325 s → ¥124.325 → ¥124.
        Assert.Equal(new Yen(295), RateCard.Default.PayFor(job, units[0]));
        Assert.Equal(new Yen(310), RateCard.Default.PayFor(job, units[1]));
        Assert.Equal(new Yen(124), RateCard.Default.PayFor(job, units[2]));
        Assert.Equal(new Yen(729), quote.WorkerPay);
        // 25 % of ¥729 = ¥182.25 → ¥182.
        Assert.Equal(new Yen(182), quote.AgentMargin);
        Assert.Equal(new Yen(911), quote.ClientPriceBeforeTax);
        Assert.Equal(3, quote.UnitCount);
    }

    [Theory]
    [InlineData(TranscriptionStyle.Verbatim, 300)]
    [InlineData(TranscriptionStyle.CleanVerbatim, 350)]
    [InlineData(TranscriptionStyle.Edited, 450)]
    public void PayFor_FiveMinutesOfAudio_DependsOnTheStyle(TranscriptionStyle style, long expected)
    {
        var job = TestJobs.Draft(TranscriptionSettings.Default(style));

        Assert.Equal(new Yen(expected), RateCard.Default.PayFor(job, Segment(job, 1, 0, 300_000)));
    }

    [Fact]
    public void Quote_120RecordsOfFourFields_PaysEveryKeyedFieldInBothRounds()
    {
        var job = TestJobs.Draft(DataEntrySettings.Default);
        var units = DataEntrySplitter.Split(job, [new DataEntryInput(TestJobs.InputFile, TestCsv.Applications(120))]);

        var quote = RateCard.Default.Quote(job, units);

        // 120 records × 4 fields × 2 keyings × ¥2 = ¥1,920; margin 25 % = ¥480.
        Assert.Equal(new Yen(1_920), quote.WorkerPay);
        Assert.Equal(new Yen(480), quote.AgentMargin);
        Assert.Equal(new Yen(2_400), quote.ClientPriceBeforeTax);
        Assert.Equal(new Yen(400), RateCard.Default.PayFor(job, units[0]));
    }

    [Fact]
    public void Quote_PersonalDataSplit_CostsTheSameAsTheBatchSplit()
    {
        var table = TestCsv.Applications(120);
        var standard = TestJobs.Draft(DataEntrySettings.Default);
        var personal = TestJobs.Draft(DataEntrySettings.Default, ConfidentialityLevel.PersonalData);

        var a = RateCard.Default.Quote(standard, DataEntrySplitter.Split(standard, [new DataEntryInput(TestJobs.InputFile, table)]));
        var b = RateCard.Default.Quote(personal, DataEntrySplitter.Split(personal, [new DataEntryInput(TestJobs.InputFile, table)]));

        Assert.Equal(a.WorkerPay, b.WorkerPay);
        Assert.NotEqual(a.UnitCount, b.UnitCount);
    }

    [Fact]
    public void Quote_ThreeWebPages_IsEightHundredYenEach()
    {
        var job = TestJobs.Draft(WebEditSettings.Default);
        var units = Enumerable.Range(1, 3)
            .Select(i => WorkUnit.ForWebEdit(job.Id, i, new WebEditPage(TestJobs.InputFile, i - 1, $"https://a.example.jp/{i}")))
            .ToList();

        var quote = RateCard.Default.Quote(job, units);

        Assert.Equal(new Yen(2_400), quote.WorkerPay);
        Assert.Equal(new Yen(600), quote.AgentMargin);
        Assert.Equal(new Yen(3_000), quote.ClientPriceBeforeTax);
    }

    [Fact]
    public void Quote_MarginIsRoundedOnceOnTheTotalNotPerUnit()
    {
        var job = TestJobs.Draft(WebEditSettings.Default);
        var card = new RateCard(new Yen(60), new Yen(70), new Yen(90), new Yen(2), new Yen(3), 2_500);
        var units = Enumerable.Range(1, 4)
            .Select(i => WorkUnit.ForWebEdit(job.Id, i, new WebEditPage(TestJobs.InputFile, i - 1, $"https://a.example.jp/{i}")))
            .ToList();

        var quote = card.Quote(job, units);

        // Per unit 25 % of ¥3 would be ¥0 each; on the ¥12 total it is ¥3.
        Assert.Equal(new Yen(3), quote.AgentMargin);
    }

    [Fact]
    public void Quote_IgnoresWithdrawnUnits()
    {
        var job = TestJobs.Draft(WebEditSettings.Default);
        var kept = WorkUnit.ForWebEdit(job.Id, 1, new WebEditPage(TestJobs.InputFile, 0, "https://a.example.jp/1"));
        var withdrawn = WorkUnit.ForWebEdit(job.Id, 2, new WebEditPage(TestJobs.InputFile, 1, "https://a.example.jp/2"));
        withdrawn.Withdraw(TestJobs.Now);

        var quote = RateCard.Default.Quote(job, [kept, withdrawn]);

        Assert.Equal(1, quote.UnitCount);
        Assert.Equal(new Yen(800), quote.WorkerPay);
    }

    [Fact]
    public void PayFor_WhenUnitBelongsToAnotherJob_Throws()
    {
        var job = TestJobs.Draft(WebEditSettings.Default);
        var stranger = WorkUnit.ForWebEdit(JobId.New(), 1, new WebEditPage(FileId.Of("x"u8), 0, "https://a.example.jp/"));

        Assert.Throws<ArgumentException>(() => RateCard.Default.PayFor(job, stranger));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void Constructor_WhenMarginOutOfRange_IsRefused(int basisPoints)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => new RateCard(new Yen(60), new Yen(70), new Yen(90), new Yen(2), new Yen(800), basisPoints));

        Assert.Equal("pricing_margin_out_of_range", refusal.Code);
    }

    [Fact]
    public void Constructor_WhenARateIsNegative_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => new RateCard(new Yen(60), new Yen(-1), new Yen(90), new Yen(2), new Yen(800), 2_500));

        Assert.Equal("pricing_rate_negative", refusal.Code);
    }
}
