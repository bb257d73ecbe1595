using Market.Api.Persistence;
using Market.Domain.Quality;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Tiers;

/// <summary>Reads what a tier decision needs about workers from the review outcomes and revocations in the database.</summary>
public sealed class TierInputsLoader(MarketDbContext db)
{
    public async Task<TierThresholds> ThresholdsAsync(Guid agentId, CancellationToken cancellationToken) =>
        (await db.AgentTierThresholds.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .SingleOrDefaultAsync(t => t.AgentId == agentId, cancellationToken))?.ToDomain() ?? TierThresholds.Default;

    /// <summary>The inputs of each worker as of <paramref name="asOf"/> (the 90 days before it; lifetime counts up to it).</summary>
    public async Task<IReadOnlyDictionary<Guid, TierInputs>> ForAsync(IReadOnlyList<WorkerProfile> workers, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var ids = workers.Select(w => w.UserId).ToList();
        var windowStart = asOf - TierRules.Window;
        var tasks = await db.ReviewTasks.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(t => ids.Contains(t.WorkerId) && t.DecidedAt != null && t.DecidedAt >= windowStart && t.DecidedAt < asOf)
            .ToListAsync(cancellationToken);
        var outcomes = tasks.Select(t => t.ToOutcome()).OfType<ReviewOutcome>().ToLookup(o => o.WorkerId);
        var lifetime = await db.ReviewTasks.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(t => ids.Contains(t.WorkerId) && t.DecidedAt != null && t.DecidedAt < asOf
                        && (t.Status == ReviewStatus.Accepted || t.Status == ReviewStatus.AutoAccepted))
            .GroupBy(t => t.WorkerId)
            .Select(g => new { WorkerId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.WorkerId, g => g.Count, cancellationToken);
        // A certification revoked for cause is the violation the tier rule looks for.
        var violations = await db.WorkerCertifications.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(c => ids.Contains(c.UserId) && c.RevokedAt != null && c.RevokedAt >= windowStart && c.RevokedAt < asOf)
            .GroupBy(c => c.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.UserId, g => g.Count, cancellationToken);

        return workers.ToDictionary(
            w => w.UserId,
            w => TierInputs.From(outcomes[w.UserId], lifetime.GetValueOrDefault(w.UserId), w.RegisteredAt, violations.GetValueOrDefault(w.UserId), asOf));
    }
}
