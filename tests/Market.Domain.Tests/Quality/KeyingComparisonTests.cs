using Market.Domain.Assembly;
using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Quality;
using Market.Domain.Tests.Support;
using Market.Domain.Units;

namespace Market.Domain.Tests.Quality;

public class KeyingComparisonTests
{
    private static readonly FileId File = TestJobs.InputFile;

    private static CellRef Cell(int record, string field) => new(File, record, field);

    [Theory]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    [InlineData("ｶﾀｶﾅ", "カタカナ")]
    [InlineData("ｶﾞｲﾄﾞﾌﾞｯｸ", "ガイドブック")]
    [InlineData("ﾊﾟｰﾄ", "パート")]
    [InlineData("山田\u3000太郎", "山田 太郎")]
    [InlineData("  高知県\u3000\u3000四万十町  ", "高知県 四万十町")]
    [InlineData("山田 \t 太郎", "山田 太郎")]
    [InlineData("\u3000", "")]
    [InlineData("０８８０ー２２ー１２３４", "0880-22-1234")]
    [InlineData("0880ｰ22ｰ1234", "0880-22-1234")]
    [InlineData("0880‐22‐1234", "0880-22-1234")]
    [InlineData("0880−22−1234", "0880-22-1234")]
    [InlineData("0880–22—1234", "0880-22-1234")]
    [InlineData("0880―22－1234", "0880-22-1234")]
    [InlineData("〒７８６－０００１", "〒786-0001")]
    [InlineData("㈱しまんと", "(株)しまんと")]
    public void Normalize_UnifiesWidthKanaSpacesAndDashes(string keyed, string expected)
    {
        Assert.Equal(expected, KeyingNormalizer.Normalize(keyed));
    }

    [Theory]
    [InlineData("コーヒー")]
    [InlineData("ボールペン")]
    [InlineData("1ー")]
    [InlineData("ー1")]
    [InlineData("A-ー1")]
    public void Normalize_KeepsTheProlongedSoundMarkOutsideDigits(string keyed)
    {
        Assert.Equal(keyed, KeyingNormalizer.Normalize(keyed));
    }

    [Theory]
    [InlineData("コーヒー", "コ-ヒ-")]
    [InlineData("abc", "ABC")]
    [InlineData("山田太郎", "山田 太郎")]
    [InlineData("9:00〜17:00", "9:00-17:00")]
    [InlineData("0880-22-1234", "0880-22-1243")]
    public void Agree_WhenTheValuesReallyDiffer_IsFalse(string round1, string round2)
    {
        Assert.False(KeyingNormalizer.Agree(round1, round2));
    }

    [Fact]
    public void Compare_AcceptsWidthVariantsAndSendsRealDifferencesToAdjudication()
    {
        var round1 = new Dictionary<CellRef, string>
        {
            [Cell(0, "氏名")] = "山田\u3000太郎",
            [Cell(0, "フリガナ")] = "ﾔﾏﾀﾞ ﾀﾛｳ",
            [Cell(0, "電話番号")] = "０８８０ー２２ー１２３４",
            [Cell(1, "氏名")] = "佐藤花子",
            [Cell(1, "フリガナ")] = "サトウ ハナコ",
            [Cell(1, "電話番号")] = "0880-22-5678",
        };
        var round2 = new Dictionary<CellRef, string>
        {
            [Cell(0, "氏名")] = "山田 太郎",
            [Cell(0, "フリガナ")] = "ヤマダ タロウ",
            [Cell(0, "電話番号")] = "0880-22-1234",
            [Cell(1, "氏名")] = "佐藤花子",
            [Cell(1, "フリガナ")] = "サトウ ハナユ",
            [Cell(1, "電話番号")] = "0880-22-5687",
        };

        var result = KeyingComparison.Compare(round1, round2);

        Assert.False(result.AllAgree);
        Assert.Equal([Cell(1, "フリガナ"), Cell(1, "電話番号")], result.Mismatches.Select(m => m.Cell).OrderBy(c => c.FieldName, StringComparer.Ordinal));
        var phone = result.Mismatches.Single(m => m.Cell.FieldName == "電話番号");
        Assert.Equal(("0880-22-5678", "0880-22-5687"), (phone.Round1, phone.Round2));
        Assert.Equal(4, result.Agreed.Count);
        Assert.Equal("0880-22-1234", result.AgreedValues[Cell(0, "電話番号")]);
        Assert.Equal("ヤマダ タロウ", result.AgreedValues[Cell(0, "フリガナ")]);
        Assert.Equal("山田 太郎", result.AgreedValues[Cell(0, "氏名")]);
        Assert.True(result.Agreed.Single(a => a.Cell == Cell(1, "氏名")).Identical);
        Assert.False(result.Agreed.Single(a => a.Cell == Cell(0, "氏名")).Identical);
    }

    [Fact]
    public void Compare_WhenTheRoundsCoverDifferentCells_IsRejected()
    {
        var round1 = new Dictionary<CellRef, string> { [Cell(0, "氏名")] = "a" };
        var round2 = new Dictionary<CellRef, string> { [Cell(1, "氏名")] = "a" };

        Assert.Throws<ArgumentException>(() => KeyingComparison.Compare(round1, round2));
    }

    [Fact]
    public void Compare_TwinUnits_ReadsTheirSlicesAndFeedsTheAssembler()
    {
        var (round1, round2) = KeyedTwins();
        var keyed1 = new KeyedValues([["ＡＢＣ商店", "０８８０ー２２ー１２３４"], ["ｶﾌｪ ﾐﾅﾄ", "0880-22-0000"]]);
        var keyed2 = new KeyedValues([["ABC商店", "0880-22-1234"], ["カフェ ミナト", "0880-22-0001"]]);

        var result = KeyingComparison.Compare(round1, keyed1, round2, keyed2);

        var mismatch = Assert.Single(result.Mismatches);
        Assert.Equal(Cell(1, "電話番号"), mismatch.Cell);
        Assert.Equal([Cell(0, "氏名"), Cell(0, "電話番号"), Cell(1, "氏名")], result.Agreed.Select(a => a.Cell));

        var keyed = new Dictionary<WorkUnitId, KeyedValues> { [round1.Id] = keyed1, [round2.Id] = keyed2 };
        // The assembler applies the same normalisation: only the real disagreement is left for adjudication.
        Assert.Equal([Cell(1, "電話番号")], DataEntryAssembler.FindMismatches([round1, round2], keyed).Select(m => m.Cell));
        var left = DataEntryAssembler.FindMismatches([round1, round2], keyed, result.AgreedValues);
        Assert.Equal([Cell(1, "電話番号")], left.Select(m => m.Cell));
    }

    [Fact]
    public void CellsOf_WithRowsOfTheWrongShape_IsRefused()
    {
        var (round1, _) = KeyedTwins();

        var refusal = Assert.Throws<UnprocessableInputException>(() => KeyingComparison.CellsOf(round1, new KeyedValues([["only one"]])));

        Assert.Equal("keying_output_shape_mismatch", refusal.Code);
    }

    [Fact]
    public void Compare_WithUnitsThatAreNotTwins_IsRejected()
    {
        var (round1, round2) = KeyedTwins();
        var values = new KeyedValues([["a", "b"], ["c", "d"]]);

        Assert.Throws<ArgumentException>(() => KeyingComparison.Compare(round2, values, round1, values));
    }

    /// <summary>Both keying rounds of one batch (records 0–1, fields 氏名 and 電話番号), keyed by two workers and accepted.</summary>
    internal static (WorkUnit Round1, WorkUnit Round2) KeyedTwins()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, JobType.DataEntry);
        var (round1, round2) = AgentLayer.Twins(job);
        var at = AgentLayer.WorkStarts;
        round1.Assign(AgentLayer.WorkerUserId(1), Guid.NewGuid(), at, round2);
        round2.Assign(AgentLayer.WorkerUserId(2), Guid.NewGuid(), at, round1);
        foreach (var unit in new[] { round1, round2 })
        {
            unit.Submit(unit.AssignmentId!.Value, at.AddMinutes(5));
            unit.Accept(at.AddMinutes(5));
        }

        return (round1, round2);
    }
}
