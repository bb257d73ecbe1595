using Market.Domain.Assignments;
using Market.Domain.Jobs;
using Market.Domain.Offers;
using Market.Domain.Subcontracting;
using Market.Domain.Units;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Persistence;

internal static class AgentLayerMapping
{
    public static void Map(ModelBuilder builder, MarketDbContext context)
    {
        builder.Entity<WorkerProfile>(profile =>
        {
            profile.ToTable("worker_profiles");
            profile.HasKey(p => new { p.AgentId, p.UserId });
            profile.HasIndex(p => p.UserId).IsUnique();
            profile.Property(p => p.Prefecture).HasMaxLength(20);
            profile.Property(p => p.Municipality).HasMaxLength(50);
            profile.Ignore(p => p.Skills);
            profile.Property<List<JobType>>("_skills").HasColumnName("skills");
            profile.HasTenantFilter(context, p => p.AgentId);
        });

        builder.Entity<Team>(team =>
        {
            team.ToTable("teams");
            team.HasKey(t => t.Id);
            team.Property(t => t.Name).HasMaxLength(100);
            team.Ignore(t => t.MemberUserIds);
            team.Property<List<Guid>>("_memberUserIds").HasColumnName("member_user_ids");
            team.HasTenantFilter(context, t => t.AgentId);
        });

        builder.Entity<Offer>(offer =>
        {
            offer.ToTable("offers");
            offer.HasKey(o => o.Id);
            offer.Property(o => o.Note).HasMaxLength(1000);
            // The client of the job and the offering agent see an offer; nobody else.
            offer.HasQueryFilter(MarketDbContext.TenantFilter, o =>
                context.SeesAllTenants || o.AgentId == context.CurrentTenantId
                || context.Jobs.Any(j => j.Id == o.JobId && j.ClientId == context.CurrentTenantId));
        });

        builder.Entity<Subcontract>(subcontract =>
        {
            subcontract.ToTable("subcontracts");
            subcontract.HasKey(s => s.Id);
            subcontract.Ignore(s => s.UnitIds);
            // A primitive collection (uuid[]) so that "is this unit in the subcontract" translates to = ANY(unit_ids).
            subcontract.PrimitiveCollection<List<WorkUnitId>>("_unitIds")
                .HasColumnName("unit_ids")
                .ElementType(element => element.HasConversion<WorkUnitIdConverter>());
            subcontract.HasTenantFilter(context, s => s.LeadAgentId, s => s.SubAgentId);
        });

        builder.Entity<Assignment>(assignment =>
        {
            assignment.ToTable("assignments");
            assignment.HasKey(a => a.Id);
            // Agent staff see their agent's leases; a worker sees their own (workers act for the agent too).
            assignment.HasTenantFilter(context, a => a.AgentId);
        });

        builder.Entity<UnitDraft>(draft =>
        {
            draft.ToTable("unit_drafts");
            draft.HasKey(d => d.UnitId);
        });

        builder.Entity<UnitSubmission>(submission =>
        {
            submission.ToTable("unit_submissions");
            submission.HasKey(s => s.Id);
            submission.HasIndex(s => new { s.AssignmentId, s.SubmittedAt });
        });

        builder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("audit_log");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).UseIdentityAlwaysColumn();
            entry.Property(e => e.Action).HasMaxLength(60);
            entry.Property(e => e.SubjectType).HasMaxLength(40);
            entry.Property(e => e.SubjectId).HasMaxLength(80);
            entry.Property(e => e.Detail).HasColumnType("jsonb");
            entry.HasTenantFilter(context, e => e.TenantId);
        });
    }
}
