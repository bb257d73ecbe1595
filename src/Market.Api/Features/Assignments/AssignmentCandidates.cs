using Market.Api.Features.Certifications;
using Market.Api.Persistence;
using Market.Domain.Assignments;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Assignments;

/// <summary>
/// Builds what the domain's eligibility rules need about workers: their profile, how many units they hold now,
/// and which certifications allow new work at this moment (read through <see cref="CertificationValidity"/>, the one source of truth).
/// </summary>
public sealed class AssignmentCandidates(MarketDbContext db)
{
    public async Task<IReadOnlyList<AssignmentCandidate>> ForAgentAsync(Guid agentId, IReadOnlyCollection<Guid>? workerIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var profiles = db.WorkerProfiles.IgnoreQueryFilters([MarketDbContext.TenantFilter]).Where(p => p.AgentId == agentId);
        if (workerIds is not null)
        {
            profiles = profiles.Where(p => workerIds.Contains(p.UserId));
        }

        var list = await profiles.ToListAsync(cancellationToken);
        var ids = list.Select(p => p.UserId).ToList();
        var held = await db.WorkUnits.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(u => u.WorkerId != null && ids.Contains(u.WorkerId.Value)
                && (u.Status == WorkUnitStatus.Assigned || u.Status == WorkUnitStatus.ReworkRequested))
            .GroupBy(u => u.WorkerId!.Value)
            .Select(g => new { WorkerId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.WorkerId, x => x.Count, cancellationToken);
        var certifications = await db.WorkerCertifications.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(c => ids.Contains(c.UserId))
            .AllowingNewWorkAt(now)
            .Select(c => new { c.UserId, c.Code })
            .ToListAsync(cancellationToken);

        return list.Select(p => new AssignmentCandidate(
                p,
                held.GetValueOrDefault(p.UserId),
                certifications.Where(c => c.UserId == p.UserId).Select(c => c.Code).ToHashSet()))
            .ToList();
    }
}
