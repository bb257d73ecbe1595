using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Splitting.Csv;
using Market.Domain.Units;

namespace Market.Domain.Splitting;

/// <summary>One CSV of a data-entry job, already parsed.</summary>
public sealed record DataEntryInput(FileId File, CsvTable Table);

/// <summary>
/// Plans data-entry units. Every unit is planned twice (keying rounds 1 and 2, twins of each other) so
/// two different workers key every cell. Normally a unit is a batch of consecutive records with all
/// fields. For <see cref="ConfidentialityLevel.PersonalData"/> jobs the split is by field: a unit is one
/// field over up to a batch of records, in an order shuffled per field, so nobody sees a whole record.
/// </summary>
public static class DataEntrySplitter
{
    public static IReadOnlyList<WorkUnit> Split(Job job, IReadOnlyList<DataEntryInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(inputs);
        job.EnsureCanBeSplit(JobType.DataEntry);
        var settings = job.DataEntrySettings!;
        var ordered = SplitInputs.MatchJobInputs(job, inputs, i => i.File);

        var slices = new List<(DataEntrySlice Round1, DataEntrySlice Round2)>();
        foreach (var input in ordered)
        {
            if (input.Table.Records.Count == 0)
            {
                throw new UnprocessableInputException("csv_empty", $"File {input.File} has no records.");
            }

            var fields = FieldsToKey(input.Table, settings);
            var batchIndex = 0;
            var batches = job.Confidentiality == ConfidentialityLevel.PersonalData
                ? ByField(job.Id, input, fields, settings.BatchSize)
                : ByRecord(input.Table.Records.Count, fields, settings.BatchSize);
            foreach (var (records, batchFields) in batches)
            {
                slices.Add((
                    new DataEntrySlice(input.File, batchIndex, 1, records, batchFields),
                    new DataEntrySlice(input.File, batchIndex, 2, records, batchFields)));
                batchIndex++;
            }
        }

        var units = new List<WorkUnit>(slices.Count * 2);
        foreach (var (round1, round2) in slices)
        {
            var sequence = units.Count + 1;
            units.Add(WorkUnit.ForDataEntry(job.Id, sequence, round1, WorkUnitId.For(job.Id, sequence + 1)));
            units.Add(WorkUnit.ForDataEntry(job.Id, sequence + 1, round2, WorkUnitId.For(job.Id, sequence)));
        }

        return units;
    }

    /// <summary>The fields the template asks for (all must be in the header), or every column when there is no template.</summary>
    public static IReadOnlyList<string> FieldsToKey(CsvTable table, DataEntrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.FieldTemplate.Count == 0)
        {
            return table.Header;
        }

        var missing = settings.FieldTemplate.Where(f => table.IndexOf(f) < 0).ToList();
        if (missing.Count > 0)
        {
            throw new UnprocessableInputException(
                "csv_header_mismatch",
                $"The CSV header lacks the template field(s) {string.Join(", ", missing)}.");
        }

        return settings.FieldTemplate;
    }

    private static IEnumerable<(IReadOnlyList<int> Records, IReadOnlyList<string> Fields)> ByRecord(
        int recordCount, IReadOnlyList<string> fields, int batchSize) =>
        Enumerable.Range(0, recordCount)
            .Chunk(batchSize)
            .Select(chunk => ((IReadOnlyList<int>)chunk, fields));

    private static IEnumerable<(IReadOnlyList<int> Records, IReadOnlyList<string> Fields)> ByField(
        JobId jobId, DataEntryInput input, IReadOnlyList<string> fields, int batchSize)
    {
        foreach (var field in fields)
        {
            // A different order per field, so position k of field A's units and of field B's units are not the same record.
            var seed = DeterministicShuffle.Seed(jobId.ToString(), input.File.Sha256Hex, field);
            var order = DeterministicShuffle.Permutation(input.Table.Records.Count, seed);
            foreach (var chunk in order.Chunk(batchSize))
            {
                yield return (chunk, [field]);
            }
        }
    }
}
