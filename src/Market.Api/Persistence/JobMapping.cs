using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Persistence;

internal static class JobMapping
{
    public static void Map(ModelBuilder builder, MarketDbContext context)
    {
        builder.Entity<Job>(job =>
        {
            job.ToTable("jobs");
            job.HasKey(j => j.Id);
            job.Property(j => j.Title).HasMaxLength(Job.MaxTitleLength);
            job.Property(j => j.Deliverable).HasMaxLength(64).IsFixedLength();
            job.Ignore(j => j.Settings);
            job.Ignore(j => j.RegionPreference);
            job.Ignore(j => j.InputFiles);
            job.Property<List<string>>("_regionPreference")
                .HasColumnName("region_preference")
                .Metadata.SetValueComparer(PayloadJson.StringListComparer);
            job.Property<List<FileId>>("_inputFiles")
                .HasColumnName("input_files")
                .HasConversion(
                    list => list.Select(f => f.Sha256Hex).ToArray(),
                    array => array.Select(s => new FileId(s)).ToList(),
                    PayloadJson.FileIdListComparer);
            job.Property(j => j.TranscriptionSettings).HasColumnType("jsonb")
                .HasConversion(s => PayloadJson.Write(s!), json => PayloadJson.ReadTranscriptionSettings(json));
            job.Property(j => j.DataEntrySettings).HasColumnType("jsonb")
                .HasConversion(s => PayloadJson.Write(s!), json => PayloadJson.ReadDataEntrySettings(json));
            job.Property(j => j.WebEditSettings).HasColumnType("jsonb")
                .HasConversion(s => PayloadJson.Write(s!), json => PayloadJson.ReadWebEditSettings(json));
            job.HasIndex(j => j.ClientId);
            job.HasIndex(j => j.ContractedAgentId);
            // The client, the contracting (lead) agent, and an agent offered or holding a subcontract on it.
            job.HasQueryFilter(MarketDbContext.TenantFilter, j =>
                context.SeesAllTenants
                || j.ClientId == context.CurrentTenantId
                || j.ContractedAgentId == context.CurrentTenantId
                || context.Subcontracts.Any(s => s.JobId == j.Id && s.SubAgentId == context.CurrentTenantId
                    && (s.Status == SubcontractStatus.Proposed || s.Status == SubcontractStatus.Accepted)));
        });

        builder.Entity<WorkUnit>(unit =>
        {
            unit.ToTable("work_units");
            unit.HasKey(u => u.Id);
            unit.HasOne<Job>().WithMany().HasForeignKey(u => u.JobId).OnDelete(DeleteBehavior.Restrict);
            unit.HasIndex(u => new { u.JobId, u.Sequence }).IsUnique();
            unit.Property(u => u.Segment).HasColumnType("jsonb")
                .HasConversion(s => PayloadJson.Write(s!), json => PayloadJson.ReadSegment(json));
            unit.Property(u => u.Slice).HasColumnType("jsonb")
                .HasConversion(s => PayloadJson.Write(s!), json => PayloadJson.ReadSlice(json));
            unit.Property(u => u.Page).HasColumnType("jsonb")
                .HasConversion(p => PayloadJson.Write(p!), json => PayloadJson.ReadPage(json));
            // The client and the lead agent see every unit of the job; a sub-agent only the units of a subcontract it has
            // accepted (while it is only proposed, the sub-agent sees the job and the proposal, not the units' work).
            unit.HasQueryFilter(MarketDbContext.TenantFilter, u =>
                context.SeesAllTenants
                || context.Jobs.Any(j => j.Id == u.JobId && (j.ClientId == context.CurrentTenantId || j.ContractedAgentId == context.CurrentTenantId))
                || context.Subcontracts.Any(s => s.SubAgentId == context.CurrentTenantId
                    && s.Status == SubcontractStatus.Accepted
                    && EF.Property<List<WorkUnitId>>(s, "_unitIds").Contains(u.Id)));
        });
    
        builder.Entity<JobQuote>(quote =>
        {
            quote.ToTable("job_quotes");
            quote.HasKey(q => q.JobId);
            quote.HasOne<Job>().WithOne().HasForeignKey<JobQuote>(q => q.JobId);
            quote.HasQueryFilter(MarketDbContext.TenantFilter, q => context.SeesAllTenants || context.Jobs.Any(j => j.Id == q.JobId));
        });

        builder.Entity<UnitMedia>(media =>
        {
            media.ToTable("unit_media");
            media.HasKey(m => m.UnitId);
            media.Property(m => m.FileSha256).HasMaxLength(64).IsFixedLength();
            media.Property(m => m.MediaType).HasMaxLength(50);
            media.HasOne<WorkUnit>().WithOne().HasForeignKey<UnitMedia>(m => m.UnitId);
            media.HasQueryFilter(MarketDbContext.TenantFilter, m => context.SeesAllTenants || context.WorkUnits.Any(u => u.Id == m.UnitId));
        });
    }
}
