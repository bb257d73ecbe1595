using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Splitting.Csv;
using Market.Domain.Units;

namespace Market.Domain.Assembly;

/// <summary>The values a worker keyed for a unit: one row per record of the slice, one value per field, in slice order.</summary>
public sealed record KeyedValues(IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>One cell of an input CSV: a record (0-based, header excluded) and a field.</summary>
public readonly record struct CellRef(FileId File, int RecordIndex, string FieldName);

/// <summary>The two keyings of a cell disagree and nobody has decided yet.</summary>
public sealed record KeyingMismatch(CellRef Cell, string Round1, string Round2);

/// <summary>The rebuilt records of one input CSV, in their original order.</summary>
public sealed record DataEntryDeliverable(FileId File, IReadOnlyList<string> FieldNames, IReadOnlyList<IReadOnlyList<string>> Records)
{
    public byte[] ToCsvUtf8() => CsvWriter.ToUtf8Bytes(FieldNames, Records);
}

/// <summary>
/// Reconciles the two keying rounds of every cell and rebuilds the records in their original order,
/// whether the job was split by record batches or by field. Cells where both rounds agree after
/// <see cref="Quality.KeyingNormalizer"/> are taken in normalised form; a disagreement needs an adjudicated value.
/// </summary>
public static class DataEntryAssembler
{
    public static IReadOnlyList<KeyingMismatch> FindMismatches(
        IEnumerable<WorkUnit> units,
        IReadOnlyDictionary<WorkUnitId, KeyedValues> keyed,
        IReadOnlyDictionary<CellRef, string>? adjudicated = null) =>
        Reconcile(units, keyed, adjudicated ?? new Dictionary<CellRef, string>()).Mismatches;

    public static IReadOnlyList<DataEntryDeliverable> Assemble(
        IEnumerable<WorkUnit> units,
        IReadOnlyDictionary<WorkUnitId, KeyedValues> keyed,
        IReadOnlyDictionary<CellRef, string>? adjudicated = null)
    {
        var (files, mismatches) = Reconcile(units, keyed, adjudicated ?? new Dictionary<CellRef, string>());
        Guard.Against(
            mismatches.Count > 0,
            "assembly_keying_mismatch",
            $"{mismatches.Count} cell(s) were keyed differently in the two rounds and need adjudication.");
        return files;
    }

    private static (List<DataEntryDeliverable> Files, List<KeyingMismatch> Mismatches) Reconcile(
        IEnumerable<WorkUnit> units,
        IReadOnlyDictionary<WorkUnitId, KeyedValues> keyed,
        IReadOnlyDictionary<CellRef, string> adjudicated)
    {
        var parts = AssemblyInputs.AcceptedInOrder(units, JobType.DataEntry, keyed);
        var rounds = new Dictionary<CellRef, string?[]>();
        var files = new List<FileId>();
        var fieldOrder = new Dictionary<FileId, List<string>>();
        foreach (var (unit, values) in parts)
        {
            var slice = unit.Slice!;
            if (values.Rows.Count != slice.RecordIndexes.Count || values.Rows.Any(r => r.Count != slice.FieldNames.Count))
            {
                throw new UnprocessableInputException(
                    "assembly_output_shape_mismatch",
                    $"Unit #{unit.Sequence} needs {slice.RecordIndexes.Count} rows of {slice.FieldNames.Count} values.");
            }

            if (!fieldOrder.TryGetValue(slice.File, out var fields))
            {
                files.Add(slice.File);
                fields = fieldOrder[slice.File] = [];
            }

            fields.AddRange(slice.FieldNames.Where(f => !fields.Contains(f)));
            for (var r = 0; r < slice.RecordIndexes.Count; r++)
            {
                for (var f = 0; f < slice.FieldNames.Count; f++)
                {
                    var cell = new CellRef(slice.File, slice.RecordIndexes[r], slice.FieldNames[f]);
                    var pair = rounds.TryGetValue(cell, out var existing) ? existing : rounds[cell] = new string?[2];
                    if (pair[slice.KeyingRound - 1] is not null)
                    {
                        throw new ArgumentException($"Cell {cell} is planned twice in keying round {slice.KeyingRound}.", nameof(units));
                    }

                    pair[slice.KeyingRound - 1] = values.Rows[r][f];
                }
            }
        }

        var mismatches = new List<KeyingMismatch>();
        var deliverables = new List<DataEntryDeliverable>();
        foreach (var file in files)
        {
            var fields = fieldOrder[file];
            var recordCount = rounds.Keys.Where(c => c.File == file).Max(c => c.RecordIndex) + 1;
            var records = new List<IReadOnlyList<string>>(recordCount);
            for (var record = 0; record < recordCount; record++)
            {
                var row = new string[fields.Count];
                for (var f = 0; f < fields.Count; f++)
                {
                    var cell = new CellRef(file, record, fields[f]);
                    if (!rounds.TryGetValue(cell, out var pair) || pair[0] is null || pair[1] is null)
                    {
                        throw new DomainRuleException("assembly_output_missing", $"Record {record + 1}, field '{fields[f]}' was not keyed in both rounds.");
                    }

                    if (adjudicated.TryGetValue(cell, out var decided))
                    {
                        row[f] = decided;
                    }
                    else if (string.Equals(pair[0], pair[1], StringComparison.Ordinal))
                    {
                        row[f] = pair[0]!; // kept exactly as keyed, line breaks and all
                    }
                    else if (Quality.KeyingNormalizer.Agree(pair[0]!, pair[1]!))
                    {
                        // The same rule as the keying comparison: width variants and stray spaces agree, and the
                        // client gets the normalised form, not whichever round happened to be full-width.
                        row[f] = Quality.KeyingNormalizer.Normalize(pair[0]!);
                    }
                    else
                    {
                        mismatches.Add(new KeyingMismatch(cell, pair[0]!, pair[1]!));
                        row[f] = string.Empty;
                    }
                }

                records.Add(row);
            }

            deliverables.Add(new DataEntryDeliverable(file, fields, records));
        }

        return (deliverables, mismatches);
    }
}
