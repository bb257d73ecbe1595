using Market.Domain.Common;

namespace Market.Domain.Jobs;

/// <summary>The settings that only make sense for one job type.</summary>
public interface IJobSettings
{
    JobType JobType { get; }
}

public sealed record TranscriptionSettings : IJobSettings
{
    public static readonly TimeSpan DefaultSegmentLength = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MinSegmentLength = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MaxSegmentLength = TimeSpan.FromMinutes(8);
    public static readonly TimeSpan DefaultOverlap = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxOverlap = TimeSpan.FromSeconds(30);

    public TranscriptionSettings(TimeSpan segmentLength, TimeSpan overlap, TranscriptionStyle style)
    {
        if (segmentLength < MinSegmentLength || segmentLength > MaxSegmentLength)
        {
            throw new UnprocessableInputException(
                "transcription_segment_length_out_of_range",
                $"The segment length must be between {MinSegmentLength.TotalMinutes:0} and {MaxSegmentLength.TotalMinutes:0} minutes.");
        }

        if (overlap < TimeSpan.Zero || overlap > MaxOverlap)
        {
            throw new UnprocessableInputException(
                "transcription_overlap_out_of_range",
                $"The overlap must be between 0 and {MaxOverlap.TotalSeconds:0} seconds.");
        }

        if (!Enum.IsDefined(style))
        {
            throw new UnprocessableInputException("transcription_style_unknown", "Unknown transcription style.");
        }

        SegmentLength = segmentLength;
        Overlap = overlap;
        Style = style;
    }

    private TranscriptionSettings()
    {
    }

    public static TranscriptionSettings Default(TranscriptionStyle style) => new(DefaultSegmentLength, DefaultOverlap, style);

    public JobType JobType => JobType.Transcription;

    public TimeSpan SegmentLength { get; private init; }

    public TimeSpan Overlap { get; private init; }

    public TranscriptionStyle Style { get; private init; }

    public long SegmentLengthMs => (long)SegmentLength.TotalMilliseconds;

    public long OverlapMs => (long)Overlap.TotalMilliseconds;
}

public sealed record DataEntrySettings : IJobSettings
{
    public const int DefaultBatchSize = 50;
    public const int MinBatchSize = 1;
    public const int MaxBatchSize = 500;

    /// <summary>Every record is keyed by two different workers; matches are accepted, mismatches adjudicated.</summary>
    public const int KeyingRounds = 2;

    private readonly List<string> _fieldTemplate = [];

    /// <param name="batchSize">Records per unit (or, for personal data, values of one field per unit).</param>
    /// <param name="fieldTemplate">The fields to key, in order. Empty: every column of the CSV header.</param>
    public DataEntrySettings(int batchSize, IEnumerable<string>? fieldTemplate = null)
    {
        if (batchSize is < MinBatchSize or > MaxBatchSize)
        {
            throw new UnprocessableInputException(
                "data_entry_batch_size_out_of_range",
                $"The batch size must be between {MinBatchSize} and {MaxBatchSize} records.");
        }

        var fields = (fieldTemplate ?? []).Select(f => f.Trim()).ToList();
        if (fields.Any(f => f.Length == 0) || fields.Distinct(StringComparer.Ordinal).Count() != fields.Count)
        {
            throw new UnprocessableInputException("data_entry_field_template_invalid", "Field names must be non-empty and unique.");
        }

        BatchSize = batchSize;
        _fieldTemplate = fields;
    }

    private DataEntrySettings()
    {
    }

    public static DataEntrySettings Default => new(DefaultBatchSize);

    public JobType JobType => JobType.DataEntry;

    public int BatchSize { get; private init; }

    public IReadOnlyList<string> FieldTemplate => _fieldTemplate;

    public bool Equals(DataEntrySettings? other) =>
        other is not null && BatchSize == other.BatchSize && _fieldTemplate.SequenceEqual(other._fieldTemplate);

    public override int GetHashCode() => HashCode.Combine(BatchSize, _fieldTemplate.Count);
}

public sealed record WebEditSettings : IJobSettings
{
    public WebEditSettings(WebContentFormat contentFormat)
    {
        if (!Enum.IsDefined(contentFormat))
        {
            throw new UnprocessableInputException("web_edit_format_unknown", "Unknown web content format.");
        }

        ContentFormat = contentFormat;
    }

    private WebEditSettings()
    {
    }

    public static WebEditSettings Default => new(WebContentFormat.Html);

    public JobType JobType => JobType.WebEdit;

    public WebContentFormat ContentFormat { get; private init; }
}
