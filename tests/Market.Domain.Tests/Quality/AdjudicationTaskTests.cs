using Market.Domain.Assembly;
using Market.Domain.Common;
using Market.Domain.Quality;
using Market.Domain.Tests.Support;
using Market.Domain.Units;

namespace Market.Domain.Tests.Quality;

public class AdjudicationTaskTests
{
    private static readonly DateTimeOffset At = AgentLayer.WorkStarts.AddHours(1);
    private static readonly Guid Adjudicator = QualityFixture.ReviewerId;

    private static (AdjudicationTask Task, WorkUnit Round1, WorkUnit Round2, KeyedValues Keyed1, KeyedValues Keyed2) Opened()
    {
        var (round1, round2) = KeyingComparisonTests.KeyedTwins();
        var keyed1 = new KeyedValues([["ＡＢＣ商店", "0880-22-1234"], ["ｶﾌｪ ﾐﾅﾄ", "0880-22-0000"]]);
        var keyed2 = new KeyedValues([["ABC商事", "0880-22-1234"], ["カフェ ミナト", "0880-22-0001"]]);
        var comparison = KeyingComparison.Compare(round1, keyed1, round2, keyed2);
        var task = AdjudicationTask.Open(AdjudicationTaskId.New(), round1, round2, comparison.Mismatches, At);
        return (task, round1, round2, keyed1, keyed2);
    }

    private static CellRef Cell(int record, string field) => new(TestJobs.InputFile, record, field);

    [Fact]
    public void Open_ListsTheDisputedCellsWithBothKeyings()
    {
        var (task, round1, round2, _, _) = Opened();

        Assert.Equal(AdjudicationStatus.Open, task.Status);
        Assert.Equal([Cell(0, "氏名"), Cell(1, "電話番号")], task.Cells.Select(c => c.Cell));
        Assert.Equal(("ＡＢＣ商店", "ABC商事"), (task.Cells[0].Round1Value, task.Cells[0].Round2Value));
        Assert.Equal((round1.WorkerId, round2.WorkerId), (task.Round1WorkerId, task.Round2WorkerId));
        var opened = Assert.IsType<AdjudicationOpened>(Assert.Single(task.DomainEvents));
        Assert.Equal(2, opened.DisputedCells);
    }

    [Fact]
    public void Open_WithNothingInDispute_IsRefused()
    {
        var (round1, round2) = KeyingComparisonTests.KeyedTwins();

        var refusal = Assert.Throws<DomainRuleException>(() => AdjudicationTask.Open(AdjudicationTaskId.New(), round1, round2, [], At));

        Assert.Equal("adjudication_nothing_to_decide", refusal.Code);
    }

    [Fact]
    public void Resolve_EveryCellByChoiceOrThirdKeying_ResolvesTheTaskAndCompletesAssembly()
    {
        var (task, round1, round2, keyed1, keyed2) = Opened();

        task.ChooseRound(Adjudicator, Cell(0, "氏名"), 1, At);
        Assert.Equal(AdjudicationStatus.Open, task.Status);
        Assert.Equal(1, task.UnresolvedCount);
        task.TypeValue(Adjudicator, Cell(1, "電話番号"), "０８８０ー２２ー０００２", At.AddMinutes(1));

        Assert.Equal(AdjudicationStatus.Resolved, task.Status);
        Assert.Equal(At.AddMinutes(1), task.ResolvedAt);
        Assert.Equal("ABC商店", task.ResolvedValues[Cell(0, "氏名")]);
        Assert.Equal("0880-22-0002", task.ResolvedValues[Cell(1, "電話番号")]);
        Assert.Equal(AdjudicationChoice.Typed, task.Cells[1].Choice);
        var resolved = Assert.IsType<AdjudicationResolved>(task.DomainEvents[^1]);
        Assert.Equal((2, 1, 2), (resolved.DisputedCells, resolved.Round1Wrong, resolved.Round2Wrong));

        var comparison = KeyingComparison.Compare(round1, keyed1, round2, keyed2);
        var decided = comparison.AgreedValues.Concat(task.ResolvedValues).ToDictionary();
        var keyed = new Dictionary<WorkUnitId, KeyedValues> { [round1.Id] = keyed1, [round2.Id] = keyed2 };
        var file = Assert.Single(DataEntryAssembler.Assemble([round1, round2], keyed, decided));
        Assert.Equal(["ABC商店", "0880-22-1234"], file.Records[0]);
        Assert.Equal(["カフェ ミナト", "0880-22-0002"], file.Records[1]);
    }

    [Fact]
    public void Resolve_ByOneOfTheKeyers_IsRefused()
    {
        var (task, round1, round2, _, _) = Opened();

        foreach (var keyer in new[] { round1.WorkerId!.Value, round2.WorkerId!.Value })
        {
            var refusal = Assert.Throws<DomainRuleException>(() => task.ChooseRound(keyer, Cell(0, "氏名"), 2, At));
            Assert.Equal("adjudication_own_work", refusal.Code);
        }

        Assert.Equal(2, task.UnresolvedCount);
    }

    [Fact]
    public void Resolve_ACellTwiceOrNotInDispute_IsRefused()
    {
        var (task, _, _, _, _) = Opened();
        task.ChooseRound(Adjudicator, Cell(0, "氏名"), 2, At);

        var twice = Assert.Throws<DomainRuleException>(() => task.ChooseRound(Adjudicator, Cell(0, "氏名"), 1, At));
        var unknown = Assert.Throws<UnprocessableInputException>(() => task.TypeValue(Adjudicator, Cell(0, "電話番号"), "x", At));
        var badRound = Assert.Throws<UnprocessableInputException>(() => task.ChooseRound(Adjudicator, Cell(1, "電話番号"), 3, At));

        Assert.Equal("adjudication_cell_already_resolved", twice.Code);
        Assert.Equal("adjudication_cell_unknown", unknown.Code);
        Assert.Equal("adjudication_round_invalid", badRound.Code);
        Assert.Equal("ABC商事", task.ResolvedValues[Cell(0, "氏名")]);
    }

    [Fact]
    public void Resolve_AfterTheTaskIsResolved_IsRefused()
    {
        var (task, _, _, _, _) = Opened();
        task.ChooseRound(Adjudicator, Cell(0, "氏名"), 1, At);
        task.ChooseRound(Adjudicator, Cell(1, "電話番号"), 1, At);

        var refusal = Assert.Throws<DomainRuleException>(() => task.ChooseRound(Adjudicator, Cell(1, "電話番号"), 2, At));

        Assert.Equal("adjudication_not_open", refusal.Code);
    }

    [Fact]
    public void TypeValue_Blank_IsAllowedBecauseAFieldMayReallyBeEmpty()
    {
        var (task, _, _, _, _) = Opened();

        task.TypeValue(Adjudicator, Cell(0, "氏名"), "\u3000", At);

        Assert.Equal(string.Empty, task.ResolvedValues[Cell(0, "氏名")]);
    }
}
