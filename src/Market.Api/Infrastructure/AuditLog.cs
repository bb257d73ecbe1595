using System.Text.Json;
using Market.Api.Persistence;

namespace Market.Api.Infrastructure;

/// <summary>
/// Writes to the append-only audit log inside the current unit of work, so the entry commits with the change it
/// records (or not at all). Details never hold personal data or bank numbers: ids and codes only.
/// </summary>
public sealed class AuditLog(MarketDbContext db, ICurrentUser caller, TimeProvider clock)
{
    public void Record(string action, string subjectType, string subjectId, object? detail = null, Guid? tenantId = null, Guid? actorUserId = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            OccurredAt = clock.GetUtcNow(),
            ActorUserId = actorUserId ?? caller.UserId,
            TenantId = tenantId ?? caller.TenantId,
            Action = action,
            SubjectType = subjectType,
            SubjectId = subjectId,
            Detail = detail is null ? null : JsonSerializer.Serialize(detail),
        });
}
