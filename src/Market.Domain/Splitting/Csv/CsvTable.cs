namespace Market.Domain.Splitting.Csv;

/// <summary>A parsed CSV: the header's field names and the records (every record as wide as the header).</summary>
public sealed class CsvTable
{
    public CsvTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> records, TextEncodingKind sourceEncoding = TextEncodingKind.Utf8)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Any(r => r.Count != header.Count))
        {
            throw new ArgumentException("Every record must have one value per header field.", nameof(records));
        }

        Header = header;
        Records = records;
        SourceEncoding = sourceEncoding;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<IReadOnlyList<string>> Records { get; }

    public TextEncodingKind SourceEncoding { get; }

    public int IndexOf(string fieldName)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], fieldName, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
