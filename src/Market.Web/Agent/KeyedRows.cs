using System.Text.Json;

namespace Market.Web.Agent;

/// <summary>A data-entry submission (<c>{"rows": [["…", …], …]}</c>) read for display; null when it is not in that shape.</summary>
public static class KeyedRows
{
    public static IReadOnlyList<IReadOnlyList<string>>? Read(string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            if (!document.RootElement.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return rows.EnumerateArray()
                .Select(row => row.ValueKind == JsonValueKind.Array
                    ? (IReadOnlyList<string>)row.EnumerateArray().Select(cell => cell.ValueKind == JsonValueKind.String ? cell.GetString() ?? string.Empty : cell.GetRawText()).ToList()
                    : [row.GetRawText()])
                .ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
