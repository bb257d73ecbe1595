using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Quality;
using Market.Domain.Reports;

namespace Market.Domain.Tests.Reports;

public class ReportMathTests
{
    [Theory]
    [InlineData(0, 3, 0, "0.0")]
    [InlineData(1, 3, 3333, "33.3")]
    [InlineData(2, 3, 6667, "66.7")]
    [InlineData(1, 8, 1250, "12.5")]
    [InlineData(3, 3, 10000, "100.0")]
    public void Share_RoundsHalfUpToBasisPoints_AndPrintsOneDecimal(long part, long whole, int basisPoints, string percent)
    {
        Assert.Equal(basisPoints, Share.BasisPoints(part, whole));
        Assert.Equal(percent, Share.Percent(basisPoints));
    }

    [Fact]
    public void Share_OfNothing_IsUnknownNotZero()
    {
        Assert.Null(Share.BasisPoints(0, 0));
        Assert.Equal(string.Empty, Share.Percent(null));
    }

    [Fact]
    public void MonthOf_UsesJapanTime()
    {
        Assert.Equal(new YearMonth(2026, 11), JapanTime.MonthOf(new DateTimeOffset(2026, 10, 31, 15, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new YearMonth(2026, 10), JapanTime.MonthOf(new DateTimeOffset(2026, 10, 31, 14, 59, 59, TimeSpan.Zero)));
        Assert.Equal("report_month_invalid", Assert.Throws<UnprocessableInputException>(() => YearMonth.Parse("2026-13", "report_month_invalid")).Code);
    }

    [Fact]
    public void RegionalImpact_CountsRegisteredActiveUnitsYenAndOutsideShare_PerMunicipalityAndMonth()
    {
        var oct = new YearMonth(2026, 10);
        var nov = new YearMonth(2026, 11);
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var c = Guid.NewGuid();
        WorkerRegion[] workers =
        [
            new(a, "高知県", "四万十町", oct.Start.AddDays(3), null),
            new(b, "高知県", "四万十町", nov.Start.AddDays(1), null),
            new(c, "高知県", "梼原町", oct.Start, nov.Start.AddHours(-1)), // left on the last day of October
        ];
        WorkFact[] work = [new(a, nov.Start.AddDays(2)), new(a, nov.Start.AddDays(3)), new(c, oct.Start.AddDays(5))];
        AcceptedUnitFact[] accepted =
        [
            new(a, JobType.DataEntry, new Yen(100), "東京都", nov.Start.AddDays(4)),
            new(a, JobType.Transcription, new Yen(300), "高知県", nov.Start.AddDays(4)),
            new(b, JobType.DataEntry, new Yen(50), "大阪府", nov.End.AddSeconds(-1)),
            new(c, JobType.WebEdit, new Yen(800), "東京都", oct.Start.AddDays(6)),
        ];

        var rows = RegionalImpactReport.Build(workers, work, accepted, oct, nov);

        Assert.Equal(
            [
                "2026-10 高知県 四万十町 reg1 act0 units0 ¥0 out0",
                "2026-10 高知県 梼原町 reg1 act1 units1 ¥800 out1",
                "2026-11 高知県 四万十町 reg2 act1 units3 ¥450 out2",
            ],
            rows.Select(r => $"{r.Month} {r.Prefecture} {r.Municipality} reg{r.RegisteredWorkers} act{r.ActiveWorkers} units{r.UnitsDone} ¥{r.YenToLocalWorkers.Amount} out{r.UnitsFromOutsideRegion}"));
        Assert.Equal(6667, rows[2].OutsideShareBasisPoints);
        Assert.Equal((1, 2, 0), (rows[2].TranscriptionUnits, rows[2].DataEntryUnits, rows[2].WebEditUnits));
    }

    [Fact]
    public void AgentImpact_RatesOnTimeQcPassAndRework_FromClosedSampledReviews()
    {
        var nov = new YearMonth(2026, 11);
        var at = nov.Start.AddDays(10);
        DeliveryFact[] deliveries = [new(at, at), new(at.AddDays(1), at), new(at, at.AddDays(3))];
        ReviewFact[] reviews =
        [
            new(ReviewStatus.Accepted, 0, at),
            new(ReviewStatus.Accepted, 1, at),
            new(ReviewStatus.Rejected, 0, at),
            new(ReviewStatus.ReworkAbandoned, 2, at),
            new(ReviewStatus.AwaitingReview, 1, at), // not closed: not counted
            new(ReviewStatus.AutoAccepted, 0, at),   // nobody judged it
        ];

        var (months, total) = AgentImpactReport.Build(deliveries, reviews, new YearMonth(2026, 10), nov);

        Assert.Equal(2, months.Count);
        Assert.Null(months[0].Figures.OnTimeBasisPoints);
        Assert.Equal(new AgentImpactFigures(3, 2, 4, 2, 2), total);
        Assert.Equal((6667, 5000, 5000), (total.OnTimeBasisPoints!.Value, total.QcPassBasisPoints!.Value, total.ReworkBasisPoints!.Value));
    }
}
