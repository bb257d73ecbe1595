using System.Text;
using Market.Domain.Common;

namespace Market.Domain.Splitting.Csv;

/// <summary>
/// RFC 4180 CSV: comma-separated, fields optionally in double quotes, <c>""</c> for a quote inside a quoted
/// field, records ended by CRLF, LF or CR. Quoted fields keep their line breaks exactly as written. The
/// first record is the header. Lines that are completely empty are skipped (Excel leaves them at the end).
/// </summary>
public static class CsvReader
{
    public const int MaxRecords = 200_000;

    public static CsvTable Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw Empty();
        }

        var decoded = TextDecoder.Decode(bytes);
        var rows = Parse(decoded.Text);
        if (rows.Count == 0)
        {
            throw Empty();
        }

        var header = rows[0].Fields.Select(f => f.Trim()).ToList();
        if (header.Any(h => h.Length == 0) || header.Distinct(StringComparer.Ordinal).Count() != header.Count)
        {
            throw new UnprocessableInputException("csv_header_invalid", "The header row needs a unique, non-empty name for every column.");
        }

        if (rows.Count == 1)
        {
            throw Empty();
        }

        if (rows.Count - 1 > MaxRecords)
        {
            throw new UnprocessableInputException("csv_too_large", $"A CSV may hold at most {MaxRecords} records; split the file.");
        }

        var records = new List<IReadOnlyList<string>>(rows.Count - 1);
        foreach (var row in rows.Skip(1))
        {
            if (row.Fields.Count != header.Count)
            {
                throw new UnprocessableInputException(
                    "csv_ragged_row",
                    $"Line {row.Line} has {row.Fields.Count} fields; the header has {header.Count}.");
            }

            records.Add(row.Fields);
        }

        return new CsvTable(header, records, decoded.Encoding);
    }

    public static CsvTable Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Read(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }

    private static List<Row> Parse(string text)
    {
        var rows = new List<Row>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var i = 0;
        var atFieldStart = true;
        var rowHasContent = false;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            atFieldStart = true;
        }

        void EndRow()
        {
            if (rowHasContent || fields.Count > 0)
            {
                EndField();
                rows.Add(new Row(rowLine, [.. fields]));
            }

            fields.Clear();
            field.Clear();
            atFieldStart = true;
            rowHasContent = false;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c == '"')
            {
                var quoteLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new UnprocessableInputException("csv_malformed", $"The quoted field that starts on line {quoteLine} is never closed.");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                    {
                        line++;
                    }

                    field.Append(text[i]);
                    i++;
                }

                rowHasContent = true;
                atFieldStart = false;
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    throw new UnprocessableInputException("csv_malformed", $"Line {line}: text follows a closing quote.");
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    rowHasContent = true;
                    EndField();
                    i++;
                    break;
                case '\r' or '\n':
                    EndRow();
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    rowLine = line;
                    break;
                case '"':
                    throw new UnprocessableInputException("csv_malformed", $"Line {line}: a quote inside an unquoted field (quote the whole field and double the quote).");
                default:
                    field.Append(c);
                    rowHasContent = true;
                    atFieldStart = false;
                    i++;
                    break;
            }
        }

        EndRow();
        return rows;
    }

    private static UnprocessableInputException Empty() => new("csv_empty", "The CSV has no records.");

    private sealed record Row(int Line, List<string> Fields);
}
