using System.Linq.Expressions;
using Market.Api.Persistence;
using Market.Domain.Certifications;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Certifications;

/// <summary>
/// The one source of truth for "this certification lets the worker take new work now", in SQL terms: not revoked and
/// the grace period not over — the same rule as <see cref="WorkerCertification.AllowsNewWorkAt"/> (a test holds them
/// together). Claim, manual assignment, auto-assignment and review all read validity through here.
/// </summary>
public static class CertificationValidity
{
    public static IQueryable<WorkerCertification> AllowingNewWorkAt(this IQueryable<WorkerCertification> certifications, DateTimeOffset now) =>
        certifications.Where(AllowsNewWorkAt(now));

    /// <summary>The same rule as an expression, for queries that read certifications inside a larger projection (the claim's one read).</summary>
    public static Expression<Func<WorkerCertification, bool>> AllowsNewWorkAt(DateTimeOffset now) =>
        c => c.RevokedAt == null && c.GraceEndsAt > now;

    /// <summary>The codes of one user's certifications that allow new work now, whoever asks (a caller's tenant never hides them).</summary>
    public static async Task<IReadOnlySet<string>> CodesAllowingNewWorkAsync(MarketDbContext db, Guid userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await db.WorkerCertifications.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(c => c.UserId == userId)
            .AllowingNewWorkAt(now)
            .Select(c => c.Code)
            .ToListAsync(cancellationToken))
        .ToHashSet(StringComparer.Ordinal);
}
