namespace Market.Api.Persistence;

/// <summary>A record that a scheduled maintenance job fired, on which instance: lets operators see the cluster is alive.</summary>
public sealed class MaintenanceRun
{
    public long Id { get; set; }

    public required string JobName { get; init; }

    public required string InstanceId { get; init; }

    public DateTimeOffset FiredAt { get; init; }

    public string? Detail { get; init; }
}
