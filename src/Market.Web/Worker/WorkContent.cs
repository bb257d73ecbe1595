using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Market.Web.Worker;

/// <summary>
/// Turns the worker's form into the content the API stores for a unit, and back: plain text for transcription and
/// web edits; for data entry <c>{"rows": [[…], …]}</c> in the unit's record and field order.
/// </summary>
public static class WorkContent
{
    public const string Transcription = "Transcription";
    public const string DataEntry = "DataEntry";
    public const string WebEdit = "WebEdit";

    // Japanese as-is rather than as \uXXXX escapes: the stored draft is three times smaller on a slow line.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>The cells typed, in order; <paramref name="records"/> names the record of each so rows can be rebuilt.</summary>
    public static string KeyedRows(IReadOnlyList<int> records, IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(values);
        var rows = new List<List<string>>();
        int? current = null;
        for (var i = 0; i < records.Count; i++)
        {
            if (current != records[i])
            {
                rows.Add([]);
                current = records[i];
            }

            rows[^1].Add(i < values.Count ? values[i] ?? string.Empty : string.Empty);
        }

        return JsonSerializer.Serialize(new KeyedRowsBody(rows), Options);
    }

    /// <summary>
    /// The cell values of saved keyed rows, one per cell in order (<paramref name="cells"/>: each cell's row and whether
    /// that row is a real record). Work handed in has its known-answer rows taken out by the API, so saved rows that
    /// number only the real records fill those and leave the others blank. Blanks when nothing usable was saved.
    /// </summary>
    public static IReadOnlyList<string> CellsOf(string? content, IReadOnlyList<(int Row, bool Real)> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var rows = SavedRows(content);
        var rowOrder = cells.Select(c => c.Row).Distinct().ToList();
        var realOrder = cells.Where(c => c.Real).Select(c => c.Row).Distinct().ToList();
        var source = rows.Count == rowOrder.Count ? rowOrder : rows.Count == realOrder.Count ? realOrder : rowOrder;
        var savedByRow = source.Zip(rows).ToDictionary(pair => pair.First, pair => pair.Second);
        var fieldOfCell = new Dictionary<int, int>();
        var values = new List<string>(cells.Count);
        foreach (var (row, _) in cells)
        {
            var field = fieldOfCell[row] = fieldOfCell.GetValueOrDefault(row, -1) + 1;
            values.Add(savedByRow.TryGetValue(row, out var saved) && field < saved.Count ? saved[field] : string.Empty);
        }

        return values;
    }

    private static List<List<string>> SavedRows(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<KeyedRowsBody>(content, Options)?.Rows ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private sealed record KeyedRowsBody(List<List<string>> Rows);
}
