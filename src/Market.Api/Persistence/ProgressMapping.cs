using Market.Domain.Jobs;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Persistence;

/// <summary>
/// One slot of a job's count of units in one status. PostgreSQL keeps these rows itself (triggers on
/// <c>work_units</c>, migration 20261121000064, ADR 0045), except a posted job's first rows, which the post writes with
/// its units (migration 0068); the count of a (job, status) is the sum of its slots. Nothing else writes them.
/// </summary>
public sealed class JobUnitCount
{
    public JobId JobId { get; private set; }

    public WorkUnitStatus Status { get; private set; }

    public int Slot { get; private set; }

    public long Count { get; private set; }
}

internal static class ProgressMapping
{
    public static void Map(ModelBuilder builder, MarketDbContext context) =>
        builder.Entity<JobUnitCount>(count =>
        {
            count.ToTable("job_unit_counts");
            count.HasKey(c => new { c.JobId, c.Status, c.Slot });
            count.HasOne<Job>().WithMany().HasForeignKey(c => c.JobId).OnDelete(DeleteBehavior.Restrict);
            // Counts of every unit of the job: what the client and the lead agent see (a sub-agent counts its own units).
            count.HasQueryFilter(MarketDbContext.TenantFilter, c => context.SeesAllTenants
                || context.Jobs.Any(j => j.Id == c.JobId && (j.ClientId == context.CurrentTenantId || j.ContractedAgentId == context.CurrentTenantId)));
        });
}
