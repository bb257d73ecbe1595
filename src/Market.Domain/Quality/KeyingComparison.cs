using Market.Domain.Assembly;
using Market.Domain.Common;
using Market.Domain.Units;

namespace Market.Domain.Quality;

/// <summary>A cell both keyings agree on after normalisation, with the agreed (normalised) value.</summary>
public sealed record AgreedCell(CellRef Cell, string Value, string Round1, string Round2)
{
    /// <summary>The two workers typed the same characters, not merely equivalent ones.</summary>
    public bool Identical => string.Equals(Round1, Round2, StringComparison.Ordinal);
}

/// <summary>The outcome of comparing the two keying rounds of the same cells.</summary>
public sealed record KeyingComparisonResult(IReadOnlyList<AgreedCell> Agreed, IReadOnlyList<KeyingMismatch> Mismatches)
{
    public bool AllAgree => Mismatches.Count == 0;

    /// <summary>
    /// The agreed values by cell, for <see cref="DataEntryAssembler"/>'s <c>adjudicated</c> input together with
    /// <see cref="AdjudicationTask.ResolvedValues"/>. The assembler compares the raw keyings exactly, so without
    /// these it would treat ＡＢＣ and ABC as a mismatch; with them every agreed cell is delivered normalised.
    /// </summary>
    public IReadOnlyDictionary<CellRef, string> AgreedValues => Agreed.ToDictionary(a => a.Cell, a => a.Value);
}

/// <summary>
/// Double keying (ダブル入力): the two rounds of a data-entry batch are compared cell by cell after
/// <see cref="KeyingNormalizer"/>. Cells that agree are accepted automatically; the rest go to an
/// <see cref="AdjudicationTask"/>.
/// </summary>
public static class KeyingComparison
{
    /// <summary>Compares two rounds given cell by cell; both must cover exactly the same cells. Results are in cell order (file, record, field).</summary>
    public static KeyingComparisonResult Compare(IReadOnlyDictionary<CellRef, string> round1Values, IReadOnlyDictionary<CellRef, string> round2Values)
    {
        ArgumentNullException.ThrowIfNull(round1Values);
        ArgumentNullException.ThrowIfNull(round2Values);
        if (round1Values.Count != round2Values.Count || round1Values.Keys.Any(c => !round2Values.ContainsKey(c)))
        {
            throw new ArgumentException("Both keying rounds must cover the same cells.", nameof(round2Values));
        }

        var cells = round1Values.Keys
            .OrderBy(c => c.File.Sha256Hex, StringComparer.Ordinal)
            .ThenBy(c => c.RecordIndex)
            .ThenBy(c => c.FieldName, StringComparer.Ordinal);
        return Compare(cells, round1Values, round2Values);
    }

    /// <summary>
    /// Compares the keyed output of a data-entry unit with its twin's (the inputs <see cref="DataEntryAssembler"/>
    /// takes), in the order of round 1's slice.
    /// </summary>
    public static KeyingComparisonResult Compare(WorkUnit round1Unit, KeyedValues round1Values, WorkUnit round2Unit, KeyedValues round2Values)
    {
        ArgumentNullException.ThrowIfNull(round1Unit);
        ArgumentNullException.ThrowIfNull(round2Unit);
        if (round1Unit.TwinUnitId != round2Unit.Id || round1Unit.Slice?.KeyingRound != 1 || round2Unit.Slice?.KeyingRound != 2)
        {
            throw new ArgumentException("Pass keying round 1 and its twin, keying round 2.", nameof(round2Unit));
        }

        var round1 = CellsOf(round1Unit, round1Values);
        var round2 = CellsOf(round2Unit, round2Values);
        if (round1.Count != round2.Count || round1.Keys.Any(c => !round2.ContainsKey(c)))
        {
            throw new ArgumentException("The twins do not cover the same cells.", nameof(round2Unit));
        }

        return Compare(round1.Keys, round1, round2);
    }

    /// <summary>The keyed values of a data-entry unit by cell, in slice order; the rows must match the slice's shape.</summary>
    public static IReadOnlyDictionary<CellRef, string> CellsOf(WorkUnit unit, KeyedValues values)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(values);
        var slice = unit.Slice ?? throw new ArgumentException("Only data-entry units are keyed.", nameof(unit));
        if (values.Rows.Count != slice.RecordIndexes.Count || values.Rows.Any(r => r.Count != slice.FieldNames.Count))
        {
            throw new UnprocessableInputException(
                "keying_output_shape_mismatch",
                $"Unit #{unit.Sequence} needs {slice.RecordIndexes.Count} rows of {slice.FieldNames.Count} values.");
        }

        var cells = new Dictionary<CellRef, string>(slice.KeyedFieldCount);
        for (var r = 0; r < slice.RecordIndexes.Count; r++)
        {
            for (var f = 0; f < slice.FieldNames.Count; f++)
            {
                cells.Add(new CellRef(slice.File, slice.RecordIndexes[r], slice.FieldNames[f]), values.Rows[r][f]);
            }
        }

        return cells;
    }

    private static KeyingComparisonResult Compare(
        IEnumerable<CellRef> cells, IReadOnlyDictionary<CellRef, string> round1, IReadOnlyDictionary<CellRef, string> round2)
    {
        var agreed = new List<AgreedCell>();
        var mismatches = new List<KeyingMismatch>();
        foreach (var cell in cells)
        {
            var first = round1[cell] ?? string.Empty;
            var second = round2[cell] ?? string.Empty;
            var normalised = KeyingNormalizer.Normalize(first);
            if (string.Equals(normalised, KeyingNormalizer.Normalize(second), StringComparison.Ordinal))
            {
                agreed.Add(new AgreedCell(cell, normalised, first, second));
            }
            else
            {
                mismatches.Add(new KeyingMismatch(cell, first, second));
            }
        }

        return new KeyingComparisonResult(agreed, mismatches);
    }
}
