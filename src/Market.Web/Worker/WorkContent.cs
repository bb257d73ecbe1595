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

    /// <summary>The cell values of saved keyed rows, flattened in order; blanks when the saved text is not keyed rows.</summary>
    public static IReadOnlyList<string> CellsOf(string? content, int cellCount)
    {
        var values = new List<string>(cellCount);
        if (!string.IsNullOrWhiteSpace(content))
        {
            try
            {
                if (JsonSerializer.Deserialize<KeyedRowsBody>(content, Options)?.Rows is { } rows)
                {
                    values.AddRange(rows.SelectMany(row => row));
                }
            }
            catch (JsonException)
            {
                values.Clear();
            }
        }

        while (values.Count < cellCount)
        {
            values.Add(string.Empty);
        }

        return values.Take(cellCount).ToList();
    }

    private sealed record KeyedRowsBody(List<List<string>> Rows);
}
