using Market.Domain.Assignments;
using Market.Domain.Units;

namespace Market.Api.Persistence;

/// <summary>The worker's autosaved draft of the unit they hold (one per unit; replaced on every save).</summary>
public sealed class UnitDraft
{
    public WorkUnitId UnitId { get; init; }

    public AssignmentId AssignmentId { get; set; }

    public required string Content { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}

/// <summary>What the worker handed in for one assignment; QC reviews it and assembly reads the accepted ones.</summary>
public sealed class UnitSubmission
{
    public Guid Id { get; init; }

    public WorkUnitId UnitId { get; init; }

    public AssignmentId AssignmentId { get; init; }

    public Guid WorkerId { get; init; }

    public required string Content { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>One row of the append-only audit log (the database refuses UPDATE and DELETE).</summary>
public sealed class AuditEntry
{
    public long Id { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public Guid? ActorUserId { get; init; }

    public Guid? TenantId { get; init; }

    public required string Action { get; init; }

    public required string SubjectType { get; init; }

    public required string SubjectId { get; init; }

    public string? Detail { get; init; }
}
