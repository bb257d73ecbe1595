using System.Buffers;
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

    private static readonly SearchValues<char> UnquotedFieldEnds = SearchValues.Create(",\r\n\"");

    private static readonly SearchValues<char> QuotedFieldStops = SearchValues.Create("\"\r\n");

    public static CsvTable Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw Empty();
        }

        var decoded = TextDecoder.Decode(bytes);
        var parsed = Parse(decoded.Text);
        if (parsed.Header is null)
        {
            throw Empty();
        }

        var header = parsed.Header.Select(f => f.Trim()).ToList();
        if (header.Any(h => h.Length == 0) || header.Distinct(StringComparer.Ordinal).Count() != header.Count)
        {
            throw new UnprocessableInputException("csv_header_invalid", "The header row needs a unique, non-empty name for every column.");
        }

        if (parsed.RecordCount == 0)
        {
            throw Empty();
        }

        if (parsed.RecordCount > MaxRecords)
        {
            throw new UnprocessableInputException("csv_too_large", $"A CSV may hold at most {MaxRecords} records; split the file.");
        }

        if (parsed.FirstRaggedRow is { } ragged)
        {
            throw new UnprocessableInputException(
                "csv_ragged_row",
                $"Line {ragged.Line} has {ragged.Fields} fields; the header has {header.Count}.");
        }

        return new CsvTable(header, parsed.Records!, decoded.Encoding);
    }

    public static CsvTable Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Read(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }

    /// <summary>
    /// Field by field: the end of an unquoted field, and the next quote or line break inside a quoted one, are found with
    /// vectorised searches. A record's fields are kept as positions in the decoded text and cut out only when read
    /// (<see cref="CsvRecords"/>): a file of 200,000 records would otherwise be a million strings before anything
    /// needs one. Only fields with doubled quotes are built as strings here.
    /// </summary>
    private static Parsed Parse(string text)
    {
        List<string>? header = null;
        CsvRecords? records = null;
        (int Line, int Fields)? firstRagged = null;
        var recordCount = 0;
        var row = new List<CsvRecords.Field>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var rowLine = line;
            row.Clear();
            var rowHasContent = false;
            while (true)
            {
                if (i < text.Length && text[i] == '"')
                {
                    row.Add(QuotedField(text, ref i, ref line));
                    rowHasContent = true;
                    if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        throw new UnprocessableInputException("csv_malformed", $"Line {line}: text follows a closing quote.");
                    }
                }
                else
                {
                    var length = text.AsSpan(i).IndexOfAny(UnquotedFieldEnds);
                    var end = length < 0 ? text.Length : i + length;
                    if (end < text.Length && text[end] == '"')
                    {
                        throw new UnprocessableInputException("csv_malformed", $"Line {line}: a quote inside an unquoted field (quote the whole field and double the quote).");
                    }

                    row.Add(new CsvRecords.Field(i, end, null));
                    rowHasContent |= end > i;
                    i = end;
                }

                if (i < text.Length && text[i] == ',')
                {
                    rowHasContent = true;
                    i++;
                    continue;
                }

                break;
            }

            // Lines that are completely empty are skipped.
            if (rowHasContent)
            {
                if (header is null)
                {
                    header = row.Select(f => CsvRecords.Text(text, f)).ToList();
                    records = new CsvRecords(text, header.Count);
                }
                else
                {
                    recordCount++;
                    if (row.Count != header.Count)
                    {
                        firstRagged ??= (rowLine, row.Count);
                    }
                    else if (firstRagged is null)
                    {
                        records!.Add(row);
                    }
                }
            }

            if (i < text.Length)
            {
                i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
            }
        }

        return new Parsed(header, records, recordCount, firstRagged);
    }

    /// <summary>A quoted field starting at <paramref name="i"/>; leaves <paramref name="i"/> after its closing quote and counts the line breaks inside it.</summary>
    private static CsvRecords.Field QuotedField(string text, ref int i, ref int line)
    {
        var quoteLine = line;
        i++;
        var segment = i;
        StringBuilder? unquoted = null;
        while (true)
        {
            var offset = text.AsSpan(i).IndexOfAny(QuotedFieldStops);
            if (offset < 0)
            {
                throw new UnprocessableInputException("csv_malformed", $"The quoted field that starts on line {quoteLine} is never closed.");
            }

            var at = i + offset;
            if (text[at] == '"')
            {
                if (at + 1 < text.Length && text[at + 1] == '"')
                {
                    (unquoted ??= new StringBuilder()).Append(text, segment, at + 1 - segment);
                    i = at + 2;
                    segment = i;
                    continue;
                }

                i = at + 1;
                return new CsvRecords.Field(segment, at, unquoted?.Append(text, segment, at - segment).ToString());
            }

            // CRLF is one line break, counted at its LF; a lone CR or LF is one too.
            if (text[at] == '\n' || at + 1 >= text.Length || text[at + 1] != '\n')
            {
                line++;
            }

            i = at + 1;
        }
    }

    private static UnprocessableInputException Empty() => new("csv_empty", "The CSV has no records.");

    private sealed record Parsed(List<string>? Header, CsvRecords? Records, int RecordCount, (int Line, int Fields)? FirstRaggedRow);
}
