using System.Linq.Expressions;
using Market.Api.Features.Certifications;
using Market.Api.Persistence;
using Market.Domain.Assignments;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Assignments;

/// <summary>
/// Builds what the domain's eligibility rules need about workers: their profile, how many units they hold now,
/// and which certifications allow new work at this moment (read through <see cref="CertificationValidity"/>, the one source of truth).
/// </summary>
public sealed class AssignmentCandidates(MarketDbContext db)
{
    /// <summary>The units a worker holds: they count against the worker's maximum of concurrent units.</summary>
    public static readonly Expression<Func<WorkUnit, bool>> Held =
        u => u.Status == WorkUnitStatus.Assigned || u.Status == WorkUnitStatus.ReworkRequested;

    private static readonly string[] TenantFilter = [MarketDbContext.TenantFilter];

    /// <summary>
    /// How many units each worker holds, for the workers <paramref name="whose"/> picks out, in one grouped read over
    /// the held-units index (workers holding nothing are absent): the candidates here and the agent's workers list.
    /// </summary>
    public static Task<Dictionary<Guid, int>> HeldCountsAsync(MarketDbContext db, Expression<Func<WorkUnit, bool>> whose, CancellationToken cancellationToken) =>
        db.WorkUnits.AsNoTracking().IgnoreQueryFilters(TenantFilter)
            .Where(Held)
            .Where(u => u.WorkerId != null)
            .Where(whose)
            .GroupBy(u => u.WorkerId!.Value)
            .Select(g => new { WorkerId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.WorkerId, x => x.Count, cancellationToken);

    public async Task<IReadOnlyList<AssignmentCandidate>> ForAgentAsync(Guid agentId, IReadOnlyCollection<Guid>? workerIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var profiles = db.WorkerProfiles.IgnoreQueryFilters([MarketDbContext.TenantFilter]).Where(p => p.AgentId == agentId);
        if (workerIds is not null)
        {
            profiles = profiles.Where(p => workerIds.Contains(p.UserId));
        }

        var list = await profiles.ToListAsync(cancellationToken);
        var ids = list.Select(p => p.UserId).ToList();
        var held = await HeldCountsAsync(db, u => ids.Contains(u.WorkerId!.Value), cancellationToken);
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

    /// <summary>
    /// One worker of <paramref name="agentId"/> as <see cref="ForAgentAsync"/> builds them, in one statement (the claim,
    /// the hottest write, reads nothing else first); null without a profile there. The agent needs no read: the
    /// profile's foreign key says it exists.
    /// </summary>
    public async Task<AssignmentCandidate?> OneAsync(Guid agentId, Guid workerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var read = await ReadOne(db, agentId, workerId, now, cancellationToken);
        return read is null ? null : new AssignmentCandidate(read.Profile, read.Held, read.Certifications.ToHashSet());
    }

    private sealed record OneRead(WorkerProfile Profile, int Held, List<string> Certifications);

    // Compiled once: the claim sends it on every call, and building the query's cache key from its expression tree cost
    // more .NET time than materialising the row (ADR 0047). The certification rule is CertificationValidity's, spelled
    // out because a compiled query cannot call a method that builds an expression from its parameter;
    // ClaimRulesTests holds it to the domain's WorkerCertification.AllowsNewWorkAt.
    private static readonly Func<MarketDbContext, Guid, Guid, DateTimeOffset, CancellationToken, Task<OneRead?>> ReadOne =
        EF.CompileAsyncQuery((MarketDbContext db, Guid agentId, Guid workerId, DateTimeOffset now, CancellationToken _) =>
            db.WorkerProfiles.IgnoreQueryFilters(TenantFilter).AsNoTracking()
                .Where(p => p.AgentId == agentId && p.UserId == workerId)
                .Select(p => new OneRead(
                    p,
                    db.WorkUnits.IgnoreQueryFilters(TenantFilter).Where(Held).Count(u => u.WorkerId == p.UserId),
                    db.WorkerCertifications.IgnoreQueryFilters(TenantFilter)
                        .Where(c => c.UserId == p.UserId && c.RevokedAt == null && c.GraceEndsAt > now)
                        .Select(c => c.Code).ToList()))
                .SingleOrDefault());
}
