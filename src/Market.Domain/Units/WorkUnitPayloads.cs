using Market.Domain.Files;

namespace Market.Domain.Units;

/// <summary>A stretch <c>[StartMs, EndMs)</c> of one audio file, served to the worker as its own small file.</summary>
public sealed record TranscriptionSegment
{
    public TranscriptionSegment(FileId file, long startMs, long endMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startMs);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(endMs, startMs);
        File = file;
        StartMs = startMs;
        EndMs = endMs;
    }

    private TranscriptionSegment()
    {
    }

    public FileId File { get; private init; }

    public long StartMs { get; private init; }

    public long EndMs { get; private init; }

    public long DurationMs => EndMs - StartMs;
}

/// <summary>
/// Some cells of one CSV: the given fields of the given records (0-based, header excluded), in the order
/// the worker sees them. <see cref="KeyingRound"/> is 1 or 2: every cell is planned in both rounds.
/// </summary>
public sealed record DataEntrySlice
{
    private readonly List<int> _recordIndexes = [];
    private readonly List<string> _fieldNames = [];

    public DataEntrySlice(FileId file, int batchIndex, int keyingRound, IEnumerable<int> recordIndexes, IEnumerable<string> fieldNames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(keyingRound, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keyingRound, 2);
        File = file;
        BatchIndex = batchIndex;
        KeyingRound = keyingRound;
        _recordIndexes = recordIndexes.ToList();
        _fieldNames = fieldNames.ToList();
        if (_recordIndexes.Count == 0 || _fieldNames.Count == 0)
        {
            throw new ArgumentException("A slice holds at least one record and one field.");
        }
    }

    private DataEntrySlice()
    {
    }

    public FileId File { get; private init; }

    /// <summary>Both keying rounds of the same cells share a batch index.</summary>
    public int BatchIndex { get; private init; }

    public int KeyingRound { get; private init; }

    public IReadOnlyList<int> RecordIndexes => _recordIndexes;

    public IReadOnlyList<string> FieldNames => _fieldNames;

    public int KeyedFieldCount => _recordIndexes.Count * _fieldNames.Count;

    public bool Equals(DataEntrySlice? other) =>
        other is not null
        && File == other.File
        && BatchIndex == other.BatchIndex
        && KeyingRound == other.KeyingRound
        && _recordIndexes.SequenceEqual(other._recordIndexes)
        && _fieldNames.SequenceEqual(other._fieldNames, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(File, BatchIndex, KeyingRound, _recordIndexes.Count, _fieldNames.Count);
}

/// <summary>One requested change to one web page (0-based position in the input list).</summary>
public sealed record WebEditPage
{
    public WebEditPage(FileId file, int pageIndex, string url)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        File = file;
        PageIndex = pageIndex;
        Url = url;
    }

    private WebEditPage()
    {
        Url = string.Empty;
    }

    public FileId File { get; private init; }

    public int PageIndex { get; private init; }

    public string Url { get; private init; }
}
