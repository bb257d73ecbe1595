using Market.Domain.Assembly;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Splitting;
using Market.Domain.Splitting.Csv;
using Market.Domain.Tests.Support;
using Market.Domain.Units;

namespace Market.Domain.Tests.Assembly;

public class DataEntryAssemblerTests
{
    private static readonly DateTimeOffset At = TestJobs.Now.AddDays(2);

    private static (IReadOnlyList<WorkUnit> Units, CsvTable Table) SplitAndAccept(ConfidentialityLevel level, int records = 120)
    {
        var table = TestCsv.Applications(records);
        var job = TestJobs.Draft(DataEntrySettings.Default, level);
        var units = DataEntrySplitter.Split(job, [new DataEntryInput(TestJobs.InputFile, table)]);
        var worker = 0;
        foreach (var unit in units)
        {
            unit.MakeAvailable(At);
        }

        foreach (var unit in units)
        {
            var assignment = Guid.NewGuid();
            var twin = units.Single(u => u.Id == unit.TwinUnitId);
            unit.Assign(new Guid(++worker, 0, 0, new byte[8]), assignment, At, twin);
            unit.Submit(assignment, At);
            unit.Accept(At);
        }

        return (units, table);
    }

    /// <summary>What a careful worker types: the source value of every cell of the slice.</summary>
    private static Dictionary<WorkUnitId, KeyedValues> KeyFaithfully(IEnumerable<WorkUnit> units, CsvTable table) =>
        units.ToDictionary(
            u => u.Id,
            u => new KeyedValues(u.Slice!.RecordIndexes
                .Select(r => (IReadOnlyList<string>)u.Slice.FieldNames.Select(f => table.Records[r][table.IndexOf(f)]).ToList())
                .ToList()));

    [Theory]
    [InlineData(ConfidentialityLevel.Standard)]
    [InlineData(ConfidentialityLevel.PersonalData)]
    public void Assemble_AfterSplitAndFaithfulKeying_ReproducesTheInputRecordsInOrder(ConfidentialityLevel level)
    {
        var (units, table) = SplitAndAccept(level);

        var deliverable = Assert.Single(DataEntryAssembler.Assemble(units, KeyFaithfully(units, table)));

        Assert.Equal(table.Header, deliverable.FieldNames);
        Assert.Equal(table.Records.Select(r => r.ToArray()), deliverable.Records.Select(r => r.ToArray()));
    }

    [Theory]
    [InlineData(ConfidentialityLevel.Standard)]
    [InlineData(ConfidentialityLevel.PersonalData)]
    public void ToCsvUtf8_AfterAssembly_ParsesBackToTheInput(ConfidentialityLevel level)
    {
        var (units, table) = SplitAndAccept(level);

        var csv = DataEntryAssembler.Assemble(units, KeyFaithfully(units, table))[0].ToCsvUtf8();
        var reread = CsvReader.Read(csv);

        Assert.Equal(table.Header, reread.Header);
        Assert.Equal(table.Records.Select(r => r.ToArray()), reread.Records.Select(r => r.ToArray()));
    }

    [Fact]
    public void Assemble_WhenTheTwoRoundsDisagree_IsRefusedAndTheMismatchIsListed()
    {
        var (units, table) = SplitAndAccept(ConfidentialityLevel.PersonalData);
        var keyed = KeyFaithfully(units, table);
        var typo = units.First(u => u.Slice!.KeyingRound == 2 && u.Slice.FieldNames[0] == "電話番号");
        var rows = keyed[typo.Id].Rows.Select(r => r.ToList()).ToList();
        rows[3][0] = "088-000-0000";
        keyed[typo.Id] = new KeyedValues(rows);

        var refusal = Assert.Throws<DomainRuleException>(() => DataEntryAssembler.Assemble(units, keyed));
        var mismatch = Assert.Single(DataEntryAssembler.FindMismatches(units, keyed));

        Assert.Equal("assembly_keying_mismatch", refusal.Code);
        var record = typo.Slice!.RecordIndexes[3];
        Assert.Equal(new CellRef(TestJobs.InputFile, record, "電話番号"), mismatch.Cell);
        Assert.Equal(table.Records[record][2], mismatch.Round1);
        Assert.Equal("088-000-0000", mismatch.Round2);
    }

    [Fact]
    public void Assemble_WhenAMismatchIsAdjudicated_UsesTheDecidedValue()
    {
        var (units, table) = SplitAndAccept(ConfidentialityLevel.Standard, records: 10);
        var keyed = KeyFaithfully(units, table);
        var rows = keyed[units[1].Id].Rows.Select(r => r.ToList()).ToList();
        rows[0][1] = "申請者１";
        keyed[units[1].Id] = new KeyedValues(rows);
        var cell = new CellRef(TestJobs.InputFile, 0, "氏名");

        var deliverable = DataEntryAssembler.Assemble(units, keyed, new Dictionary<CellRef, string> { [cell] = "申請者1" })[0];

        Assert.Equal("申請者1", deliverable.Records[0][1]);
    }

    [Fact]
    public void Assemble_WhenAUnitIsNotAccepted_IsRefused()
    {
        var table = TestCsv.Applications(10);
        var job = TestJobs.Draft(DataEntrySettings.Default);
        var units = DataEntrySplitter.Split(job, [new DataEntryInput(TestJobs.InputFile, table)]);

        var refusal = Assert.Throws<DomainRuleException>(() => DataEntryAssembler.Assemble(units, KeyFaithfully(units, table)));

        Assert.Equal("assembly_unit_not_accepted", refusal.Code);
    }

    [Fact]
    public void Assemble_WhenAnAcceptedUnitHasNoOutput_IsRefused()
    {
        var (units, table) = SplitAndAccept(ConfidentialityLevel.Standard, records: 10);
        var keyed = KeyFaithfully(units, table);
        keyed.Remove(units[0].Id);

        var refusal = Assert.Throws<DomainRuleException>(() => DataEntryAssembler.Assemble(units, keyed));

        Assert.Equal("assembly_output_missing", refusal.Code);
    }

    [Fact]
    public void Assemble_WhenKeyedRowsDoNotMatchTheSlice_IsRefused()
    {
        var (units, table) = SplitAndAccept(ConfidentialityLevel.Standard, records: 10);
        var keyed = KeyFaithfully(units, table);
        keyed[units[0].Id] = new KeyedValues(keyed[units[0].Id].Rows.Skip(1).ToList());

        var refusal = Assert.Throws<UnprocessableInputException>(() => DataEntryAssembler.Assemble(units, keyed));

        Assert.Equal("assembly_output_shape_mismatch", refusal.Code);
    }
}
