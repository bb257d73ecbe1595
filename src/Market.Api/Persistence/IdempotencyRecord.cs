namespace Market.Api.Persistence;

public sealed class IdempotencyRecord
{
    public Guid TenantId { get; init; }

    public required string Key { get; init; }

    public required string RequestHash { get; init; }

    public required string Endpoint { get; init; }

    public int StatusCode { get; init; }

    public string? Location { get; init; }

    public string? ResponseBody { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
