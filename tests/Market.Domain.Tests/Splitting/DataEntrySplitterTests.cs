using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Splitting;
using Market.Domain.Tests.Support;
using Market.Domain.Units;

namespace Market.Domain.Tests.Splitting;

public class DataEntrySplitterTests
{
    private static IReadOnlyList<WorkUnit> SplitApplications(int records, ConfidentialityLevel level, int batchSize = 50, IEnumerable<string>? template = null)
    {
        var job = TestJobs.Draft(new DataEntrySettings(batchSize, template), level);
        return DataEntrySplitter.Split(job, [new DataEntryInput(TestJobs.InputFile, TestCsv.Applications(records))]);
    }

    private static Dictionary<(int Record, string Field), List<int>> PlannedRounds(IEnumerable<WorkUnit> units)
    {
        var cells = new Dictionary<(int, string), List<int>>();
        foreach (var slice in units.Select(u => u.Slice!))
        {
            foreach (var record in slice.RecordIndexes)
            {
                foreach (var field in slice.FieldNames)
                {
                    (cells.TryGetValue((record, field), out var rounds) ? rounds : cells[(record, field)] = []).Add(slice.KeyingRound);
                }
            }
        }

        return cells;
    }

    [Fact]
    public void Split_120RecordsInBatchesOf50_MakesThreeBatchesEachPlannedForTwoKeyings()
    {
        var units = SplitApplications(120, ConfidentialityLevel.Standard);

        Assert.Equal(6, units.Count);
        Assert.Equal([1, 2, 1, 2, 1, 2], units.Select(u => u.Slice!.KeyingRound));
        Assert.Equal([0, 0, 1, 1, 2, 2], units.Select(u => u.Slice!.BatchIndex));
        Assert.Equal(Enumerable.Range(0, 50), units[0].Slice!.RecordIndexes);
        Assert.Equal(Enumerable.Range(50, 50), units[2].Slice!.RecordIndexes);
        Assert.Equal(Enumerable.Range(100, 20), units[4].Slice!.RecordIndexes);
        Assert.All(units, u => Assert.Equal(TestCsv.Fields, u.Slice!.FieldNames));
    }

    [Fact]
    public void Split_EachBatch_PairsItsTwoRoundsAsTwins()
    {
        var units = SplitApplications(120, ConfidentialityLevel.Standard);

        for (var i = 0; i < units.Count; i += 2)
        {
            Assert.Equal(units[i + 1].Id, units[i].TwinUnitId);
            Assert.Equal(units[i].Id, units[i + 1].TwinUnitId);
            Assert.Equal(units[i].Slice!.RecordIndexes, units[i + 1].Slice!.RecordIndexes);
        }
    }

    [Theory]
    [InlineData(ConfidentialityLevel.Standard)]
    [InlineData(ConfidentialityLevel.Confidential)]
    [InlineData(ConfidentialityLevel.PersonalData)]
    public void Split_AnyLevel_PlansEveryCellExactlyOnceInEachKeyingRound(ConfidentialityLevel level)
    {
        var units = SplitApplications(120, level);

        var cells = PlannedRounds(units);

        Assert.Equal(120 * TestCsv.Fields.Length, cells.Count);
        Assert.All(cells, c => Assert.Equal([1, 2], c.Value.Order()));
    }

    [Fact]
    public void Split_PersonalData_GivesEachUnitOneFieldSoNoUnitHoldsTwoFieldsOfARecord()
    {
        var units = SplitApplications(120, ConfidentialityLevel.PersonalData);

        // 4 fields × ⌈120 / 50⌉ batches × 2 keyings.
        Assert.Equal(24, units.Count);
        Assert.All(units, u => Assert.Single(u.Slice!.FieldNames));
        Assert.All(units, u => Assert.Equal(u.Slice!.RecordIndexes.Count, u.Slice.RecordIndexes.Distinct().Count()));
        Assert.Equal([50, 50, 20], units.Where(u => u.Slice!.KeyingRound == 1 && u.Slice.FieldNames[0] == "氏名").Select(u => u.Slice!.RecordIndexes.Count));
    }

    [Fact]
    public void Split_PersonalData_ShufflesRecordsDifferentlyPerField()
    {
        var units = SplitApplications(120, ConfidentialityLevel.PersonalData);
        List<int> Order(string field) => units.Where(u => u.Slice!.KeyingRound == 1 && u.Slice.FieldNames[0] == field).SelectMany(u => u.Slice!.RecordIndexes).ToList();

        var names = Order("氏名");
        var addresses = Order("住所");

        Assert.NotEqual(Enumerable.Range(0, 120), names);
        Assert.NotEqual(names, addresses);
        Assert.Equal(Enumerable.Range(0, 120), names.Order());
        var sameBatch = names.Take(50).Intersect(addresses.Take(50)).Count();
        Assert.True(sameBatch < 40, $"the first name batch and the first address batch share {sameBatch} of 50 records; the orders look correlated");
    }

    [Fact]
    public void Split_PersonalData_IsDeterministicForTheSameJobAndInput()
    {
        var first = SplitApplications(120, ConfidentialityLevel.PersonalData);
        var second = SplitApplications(120, ConfidentialityLevel.PersonalData);

        Assert.Equal(first.Select(u => (u.Id, u.Slice)), second.Select(u => (u.Id, u.Slice)));
    }

    [Fact]
    public void Split_PersonalDataForAnotherJob_ShufflesDifferently()
    {
        var settings = new DataEntrySettings(50);
        var table = TestCsv.Applications(120);
        var jobA = TestJobs.Draft(settings, ConfidentialityLevel.PersonalData, id: new JobId(Guid.Parse("0196a1b2-0000-7000-8000-00000000000a")));
        var jobB = TestJobs.Draft(settings, ConfidentialityLevel.PersonalData, id: new JobId(Guid.Parse("0196a1b2-0000-7000-8000-00000000000b")));

        var a = DataEntrySplitter.Split(jobA, [new DataEntryInput(TestJobs.InputFile, table)]);
        var b = DataEntrySplitter.Split(jobB, [new DataEntryInput(TestJobs.InputFile, table)]);

        Assert.NotEqual(a[0].Slice!.RecordIndexes, b[0].Slice!.RecordIndexes);
    }

    [Fact]
    public void Split_WithFieldTemplate_KeysOnlyTheTemplateFieldsInTemplateOrder()
    {
        var units = SplitApplications(10, ConfidentialityLevel.Standard, template: ["住所", "氏名"]);

        Assert.All(units, u => Assert.Equal(["住所", "氏名"], u.Slice!.FieldNames));
    }

    [Fact]
    public void Split_WhenTemplateFieldIsNotInTheHeader_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => SplitApplications(10, ConfidentialityLevel.Standard, template: ["氏名", "生年月日"]));

        Assert.Equal("csv_header_mismatch", refusal.Code);
        Assert.Contains("生年月日", refusal.Message);
    }

    [Fact]
    public void Split_WhenBatchSizeIsOne_MakesTwoUnitsPerRecord()
    {
        var units = SplitApplications(7, ConfidentialityLevel.Standard, batchSize: 1);

        Assert.Equal(14, units.Count);
    }

    [Fact]
    public void Split_WhenJobIsNotDataEntry_IsRefused()
    {
        var job = TestJobs.Draft();

        var refusal = Assert.Throws<DomainRuleException>(() => DataEntrySplitter.Split(job, [new DataEntryInput(TestJobs.InputFile, TestCsv.Applications(3))]));

        Assert.Equal("job_type_mismatch", refusal.Code);
    }

    [Fact]
    public void Split_EstimatesSixSecondsPerKeyedField()
    {
        var units = SplitApplications(120, ConfidentialityLevel.Standard);

        // 50 records × 4 fields × 6 s = 20 min; 20 × 4 × 6 s = 8 min.
        Assert.Equal([20, 20, 20, 20, 8, 8], units.Select(u => u.EstimatedMinutes));
    }
}
