using System.Text.Json;
using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Market.Api.Persistence;

public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(value => value.ToUniversalTime(), value => value);

public sealed class JobIdConverter() : ValueConverter<JobId, Guid>(id => id.Value, value => new JobId(value));

public sealed class WorkUnitIdConverter() : ValueConverter<WorkUnitId, Guid>(id => id.Value, value => new WorkUnitId(value));

public sealed class FileIdConverter() : ValueConverter<FileId, string>(id => id.Sha256Hex, value => new FileId(value));

public sealed class OfferIdConverter() : ValueConverter<Market.Domain.Offers.OfferId, Guid>(id => id.Value, value => new Market.Domain.Offers.OfferId(value));

public sealed class SubcontractIdConverter() : ValueConverter<Market.Domain.Subcontracting.SubcontractId, Guid>(id => id.Value, value => new Market.Domain.Subcontracting.SubcontractId(value));

public sealed class AssignmentIdConverter() : ValueConverter<Market.Domain.Assignments.AssignmentId, Guid>(id => id.Value, value => new Market.Domain.Assignments.AssignmentId(value));

public sealed class TeamIdConverter() : ValueConverter<Market.Domain.Workers.TeamId, Guid>(id => id.Value, value => new Market.Domain.Workers.TeamId(value));

public sealed class YenConverter() : ValueConverter<Yen, long>(yen => yen.Amount, amount => new Yen(amount));

/// <summary>
/// Settings and unit payloads are stored as jsonb through small explicit shapes rather than by reflecting over the
/// domain records: the domain keeps its private setters and validation, and the stored JSON stays stable when a
/// record gains a computed property. Reading goes back through the domain constructors, so stored data is re-validated.
/// </summary>
internal static class PayloadJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private sealed record TranscriptionSettingsShape(long SegmentMs, long OverlapMs, TranscriptionStyle Style);

    private sealed record DataEntrySettingsShape(int BatchSize, List<string> FieldTemplate);

    private sealed record WebEditSettingsShape(WebContentFormat ContentFormat);

    private sealed record SegmentShape(string File, long StartMs, long EndMs);

    private sealed record SliceShape(string File, int BatchIndex, int KeyingRound, List<int> RecordIndexes, List<string> FieldNames);

    private sealed record PageShape(string File, int PageIndex, string Url);

    public static string Write(TranscriptionSettings s) =>
        JsonSerializer.Serialize(new TranscriptionSettingsShape(s.SegmentLengthMs, s.OverlapMs, s.Style), Options);

    public static TranscriptionSettings ReadTranscriptionSettings(string json)
    {
        var shape = JsonSerializer.Deserialize<TranscriptionSettingsShape>(json, Options)!;
        return new TranscriptionSettings(TimeSpan.FromMilliseconds(shape.SegmentMs), TimeSpan.FromMilliseconds(shape.OverlapMs), shape.Style);
    }

    public static string Write(DataEntrySettings s) =>
        JsonSerializer.Serialize(new DataEntrySettingsShape(s.BatchSize, [.. s.FieldTemplate]), Options);

    public static DataEntrySettings ReadDataEntrySettings(string json)
    {
        var shape = JsonSerializer.Deserialize<DataEntrySettingsShape>(json, Options)!;
        return new DataEntrySettings(shape.BatchSize, shape.FieldTemplate);
    }

    public static string Write(WebEditSettings s) => JsonSerializer.Serialize(new WebEditSettingsShape(s.ContentFormat), Options);

    public static WebEditSettings ReadWebEditSettings(string json) =>
        new(JsonSerializer.Deserialize<WebEditSettingsShape>(json, Options)!.ContentFormat);

    public static string Write(TranscriptionSegment s) => JsonSerializer.Serialize(new SegmentShape(s.File.Sha256Hex, s.StartMs, s.EndMs), Options);

    public static TranscriptionSegment ReadSegment(string json)
    {
        var shape = JsonSerializer.Deserialize<SegmentShape>(json, Options)!;
        return new TranscriptionSegment(new FileId(shape.File), shape.StartMs, shape.EndMs);
    }

    public static string Write(DataEntrySlice s) =>
        JsonSerializer.Serialize(new SliceShape(s.File.Sha256Hex, s.BatchIndex, s.KeyingRound, [.. s.RecordIndexes], [.. s.FieldNames]), Options);

    public static DataEntrySlice ReadSlice(string json)
    {
        var shape = JsonSerializer.Deserialize<SliceShape>(json, Options)!;
        return new DataEntrySlice(new FileId(shape.File), shape.BatchIndex, shape.KeyingRound, shape.RecordIndexes, shape.FieldNames);
    }

    public static string Write(WebEditPage p) => JsonSerializer.Serialize(new PageShape(p.File.Sha256Hex, p.PageIndex, p.Url), Options);

    public static WebEditPage ReadPage(string json)
    {
        var shape = JsonSerializer.Deserialize<PageShape>(json, Options)!;
        return new WebEditPage(new FileId(shape.File), shape.PageIndex, shape.Url);
    }

    /// <summary>Lists of ids stored as a PostgreSQL text[]; compared by content so EF sees changes made in place.</summary>
    public static ValueComparer<List<FileId>> FileIdListComparer { get; } = new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, id) => HashCode.Combine(hash, id.GetHashCode())),
        list => list.ToList());

    public static ValueComparer<List<string>> StringListComparer { get; } = new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, s) => HashCode.Combine(hash, s.GetHashCode(StringComparison.Ordinal))),
        list => list.ToList());
}
