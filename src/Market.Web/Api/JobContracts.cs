using System.Text.Json;

namespace Market.Web.Api;

public sealed record UploadedFile(string Id, string FileName, string MediaType, long Length, DateTimeOffset UploadedAt);

public sealed record TranscriptionOptions(int? SegmentMinutes, int? OverlapSeconds, string Style);

public sealed record DataEntryOptions(int? BatchSize, IReadOnlyList<string>? Fields);

public sealed record WebEditOptions(string ContentFormat);

/// <summary>The body of POST /api/v1/jobs. Only the settings of <see cref="Type"/> are sent: the API refuses the others.</summary>
public sealed record PostJobRequest(
    string Type,
    string Title,
    string SpecMarkdown,
    DateTimeOffset Deadline,
    string Confidentiality,
    IReadOnlyList<string> RegionPreference,
    IReadOnlyList<string> InputFiles,
    TranscriptionOptions? Transcription,
    DataEntryOptions? DataEntry,
    WebEditOptions? WebEdit,
    bool Publish = true);

public sealed record ReasonRequest(string Reason);

public sealed record JobQuote(int UnitCount, long WorkerPay, long AgentMargin, long ClientPriceBeforeTax, long AudioMinutes, int KeyedFields);

public sealed record JobProgress(int Total, IReadOnlyDictionary<string, int> ByStatus, int Accepted, int PercentAccepted);

public sealed record JobDetails(
    Guid Id,
    Guid ClientId,
    string Type,
    string Status,
    string Title,
    string SpecMarkdown,
    DateTimeOffset Deadline,
    string Confidentiality,
    IReadOnlyList<string> RegionPreference,
    IReadOnlyList<string> InputFiles,
    JsonElement Settings,
    Guid? ContractedAgentId,
    long? AgreedPrice,
    string? Deliverable,
    int RevisionRounds,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? CancelledAt,
    JobQuote? Quote,
    JobProgress Progress);

public sealed record JobSummary(
    Guid Id,
    string Type,
    string Status,
    string Title,
    DateTimeOffset Deadline,
    string Confidentiality,
    int UnitCount,
    int AcceptedCount,
    DateTimeOffset CreatedAt);

public sealed record JobPage(IReadOnlyList<JobSummary> Items, int Page, int PageSize, int Total);

public sealed record UnitSummary(
    Guid Id,
    int Sequence,
    string Kind,
    string Status,
    int EstimatedMinutes,
    long? StartMs,
    long? EndMs,
    int? KeyingRound,
    int? RecordCount,
    IReadOnlyList<string>? Fields,
    string? PageUrl,
    Guid? WorkerId,
    int ReworkRounds);

public sealed record UnitPage(IReadOnlyList<UnitSummary> Items, int Page, int PageSize, int Total);

public sealed record AcceptedOffer(Guid OfferId, Guid JobId, string JobStatus, Guid ContractedAgentId, long AgreedPrice, int DeclinedOffers);

/// <summary>A file the API streams back; disposing it releases the API response.</summary>
public sealed class ApiDownload(HttpResponseMessage response, Stream content) : IDisposable
{
    public Stream Content { get; } = content;

    public string MediaType => response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";

    public string? FileName =>
        response.Content.Headers.ContentDisposition is { } disposition
            ? (disposition.FileNameStar ?? disposition.FileName)?.Trim('"')
            : null;

    public long? Length => response.Content.Headers.ContentLength;

    public void Dispose()
    {
        Content.Dispose();
        response.Dispose();
    }
}
