using Market.Domain.Common;
using Market.Domain.Jobs;

namespace Market.Api.Persistence;

/// <summary>The price quoted when a job was split: a snapshot, so later rate-card changes don't rewrite history.</summary>
public sealed class JobQuote
{
    public JobId JobId { get; init; }

    public int UnitCount { get; init; }

    public Yen WorkerPay { get; init; }

    public Yen AgentMargin { get; init; }

    public long AudioMs { get; init; }

    public int KeyedFields { get; init; }

    public DateTimeOffset QuotedAt { get; init; }
}

public sealed class UnitMedia
{
    public Market.Domain.Units.WorkUnitId UnitId { get; init; }

    public required string FileSha256 { get; init; }

    public required string MediaType { get; init; }

    public long Length { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
