using Market.Domain.Common;
using Market.Domain.Quality;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Quality;

public class GoldTests
{
    private static readonly DateTimeOffset At = TestJobs.Now;
    private static readonly Guid Worker = AgentLayer.WorkerUserId(1);
    private static readonly Guid OtherWorker = AgentLayer.WorkerUserId(2);

    private static GoldRecordId GoldId(int n) => new(Guid.Parse($"f0000000-0000-4000-8000-{n:x12}"));

    private static GoldRecord Record(int n) =>
        GoldRecord.Create(GoldId(n), AgentLayer.LeadAgentId, [new("氏名", $"見本 {n}"), new("電話番号", $"0880-22-{n:0000}")], At);

    private static List<GoldRecord> Pool(int count) => Enumerable.Range(1, count).Select(Record).ToList();

    private static readonly GoldRecord Yamada = GoldRecord.Create(
        GoldId(100),
        AgentLayer.LeadAgentId,
        [new("氏名", "山田 太郎"), new("電話番号", "0880-22-1234"), new("郵便番号", "786-0001")],
        At);

    [Theory]
    [InlineData(500, 50, 3)]
    [InlineData(500, 20, 1)]
    [InlineData(500, 1, 1)]
    [InlineData(500, 0, 0)]
    [InlineData(1_000, 50, 5)]
    [InlineData(0, 50, 0)]
    [InlineData(5_000, 50, 25)]
    public void GoldCountFor_IsTheShareOfRealRecordsRoundedUp(int share, int realRecords, int expected)
    {
        Assert.Equal(expected, new GoldPolicy(share).GoldCountFor(realRecords));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5_001)]
    public void GoldPolicy_WithAShareOutsideZeroToHalf_IsRefused(int share)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => new GoldPolicy(share));

        Assert.Equal("gold_share_out_of_range", refusal.Code);
    }

    [Fact]
    public void Plan_PlacesOnlyUnseenGoldAtDistinctPositionsAmongTheRows()
    {
        var pool = Pool(10);
        var seen = new HashSet<GoldRecordId> { GoldId(1), GoldId(2), GoldId(3) };

        var plan = Gold.Plan(new GoldPolicy(1_000), 50, pool, seen, "unit-7/worker-1");

        Assert.Equal(5, plan.Count);
        Assert.DoesNotContain(plan, p => seen.Contains(p.GoldRecordId));
        Assert.Equal(5, plan.Select(p => p.GoldRecordId).Distinct().Count());
        Assert.All(plan, p => Assert.InRange(p.Position, 0, 54));
        Assert.Equal(plan.Select(p => p.Position).Distinct().Order(), plan.Select(p => p.Position));
    }

    [Fact]
    public void Plan_WithTheSameSeed_GivesTheSameBatchAndWithAnotherSeedAnother()
    {
        var pool = Pool(40);
        var none = new HashSet<GoldRecordId>();

        var first = Gold.Plan(new GoldPolicy(1_000), 50, pool, none, "unit-7/worker-1");
        var again = Gold.Plan(new GoldPolicy(1_000), 50, pool, none, "unit-7/worker-1");
        var other = Gold.Plan(new GoldPolicy(1_000), 50, pool, none, "unit-7/worker-2");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Plan_WhenTooLittleUnseenGoldIsLeft_PlacesWhatThereIsAndNeverRepeats()
    {
        var pool = Pool(4);
        var seen = new HashSet<GoldRecordId> { GoldId(1), GoldId(3) };

        var plan = Gold.Plan(new GoldPolicy(1_000), 50, pool, seen, "seed");

        Assert.Equal([GoldId(2), GoldId(4)], plan.Select(p => p.GoldRecordId).OrderBy(id => id.Value));
    }

    [Fact]
    public void Score_ComparesEachKeyedFieldAfterNormalisation()
    {
        var keyed = new Dictionary<string, string>
        {
            ["氏名"] = "山田\u3000太郎",
            ["電話番号"] = "０８８０ー２２ー１２３４",
            ["郵便番号"] = "786-0010",
        };

        var result = Gold.Score(Yamada, Worker, keyed, At);

        Assert.Equal((3, 2), (result.CellsCompared, result.CellsCorrect));
        Assert.Equal(["郵便番号"], result.WrongFields);
        Assert.Equal((Yamada.Id, Worker, At), (result.GoldRecordId, result.WorkerId, result.ScoredAt));
    }

    [Fact]
    public void Score_ForAWorkerKeyingOneField_ComparesOnlyThatField()
    {
        var result = Gold.Score(Yamada, Worker, new Dictionary<string, string> { ["電話番号"] = "0880-22-1234" }, At);

        Assert.Equal((1, 1), (result.CellsCompared, result.CellsCorrect));
        Assert.Empty(result.WrongFields);
    }

    [Fact]
    public void Score_AFieldTheGoldHasNoAnswerFor_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => Gold.Score(Yamada, Worker, new Dictionary<string, string> { ["住所"] = "高知県" }, At));

        Assert.Equal("gold_field_unknown", refusal.Code);
    }

    [Fact]
    public void GoldAccuracy_AddsUpTheWorkersCellsSinceTheGivenTime()
    {
        GoldResult[] results =
        [
            new(GoldId(1), Worker, At.AddDays(-5), 10, 9, ["x"]),
            new(GoldId(2), Worker, At.AddDays(-20), 10, 8, ["x", "y"]),
            new(GoldId(3), Worker, At.AddDays(-100), 10, 0, []),
            new(GoldId(4), OtherWorker, At.AddDays(-1), 10, 10, []),
        ];

        var accuracy = GoldAccuracy.Of(Worker, results, since: At.AddDays(-90));

        Assert.Equal((2, 20, 17, 8_500), (accuracy.RecordsScored, accuracy.CellsCompared, accuracy.CellsCorrect, accuracy.BasisPoints));
        Assert.Null(GoldAccuracy.Of(AgentLayer.WorkerUserId(9), results).BasisPoints);
    }

    [Fact]
    public void IsRunningLow_IsFewerThanTheThresholdUnseen()
    {
        var pool = Pool(25);
        var sixSeen = Enumerable.Range(1, 6).Select(GoldId).ToHashSet();
        var fiveSeen = Enumerable.Range(1, 5).Select(GoldId).ToHashSet();

        Assert.True(Gold.IsRunningLow(pool, sixSeen, 20));
        Assert.False(Gold.IsRunningLow(pool, fiveSeen, 20));
        Assert.Equal(19, Gold.UnseenCount(pool, sixSeen));
    }

    [Fact]
    public void WorkersRunningLow_ListsOnlyThoseBelowTheThresholdFewestFirst()
    {
        var pool = Pool(25);
        var seen = new Dictionary<Guid, IReadOnlySet<GoldRecordId>>
        {
            [AgentLayer.WorkerUserId(1)] = Enumerable.Range(1, 10).Select(GoldId).ToHashSet(),
            [AgentLayer.WorkerUserId(2)] = new HashSet<GoldRecordId>(),
            [AgentLayer.WorkerUserId(3)] = Enumerable.Range(1, 24).Select(GoldId).ToHashSet(),
        };

        var low = Gold.WorkersRunningLow(pool, seen, GoldPolicy.DefaultLowWatermark);

        Assert.Equal([(AgentLayer.WorkerUserId(3), 1), (AgentLayer.WorkerUserId(1), 15)], low);
    }

    [Fact]
    public void Create_WithoutAnswersOrWithARepeatedOrBlankField_IsRefused()
    {
        var none = Assert.Throws<UnprocessableInputException>(() => GoldRecord.Create(GoldId(1), AgentLayer.LeadAgentId, [], At));
        var twice = Assert.Throws<UnprocessableInputException>(() => GoldRecord.Create(GoldId(1), AgentLayer.LeadAgentId, [new("氏名", "a"), new(" 氏名 ", "b")], At));
        var blank = Assert.Throws<UnprocessableInputException>(() => GoldRecord.Create(GoldId(1), AgentLayer.LeadAgentId, [new(" ", "a")], At));

        Assert.Equal("gold_answers_required", none.Code);
        Assert.Equal("gold_field_duplicate", twice.Code);
        Assert.Equal("gold_field_name_required", blank.Code);
    }
}
