using System.Text;

namespace Market.Domain.Splitting.Csv;

/// <summary>Writes RFC 4180 CSV as UTF-8: CRLF between records, fields quoted when they need it.</summary>
public static class CsvWriter
{
    // Japanese Excel opens a BOM-less CSV as Shift_JIS and garbles it; the BOM makes it read UTF-8.
    private static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static string ToText(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> records)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(records);
        var text = new StringBuilder();
        AppendRecord(text, header);
        foreach (var record in records)
        {
            AppendRecord(text, record);
        }

        return text.ToString();
    }

    public static byte[] ToUtf8Bytes(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> records) =>
        [.. Utf8WithBom.GetPreamble(), .. Utf8WithBom.GetBytes(ToText(header, records))];

    private static void AppendRecord(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (field.Length == 0 && fields.Count == 1))
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        text.Append("\r\n");
    }
}
