using System.Linq.Expressions;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Domain.Assignments;
using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Offers;
using Market.Domain.Subcontracting;
using Market.Domain.Workers;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Units;
using Market.Domain.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Persistence;

public sealed class MarketDbContext(DbContextOptions<MarketDbContext> options, ICurrentUser currentUser, IServiceProvider services)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options)
{
    /// <summary>Name of the query filter that scopes tenant-owned rows to the caller's tenant.</summary>
    public const string TenantFilter = "Tenant";

    public DbSet<ClientFirm> ClientFirms => Set<ClientFirm>();

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<MaintenanceRun> MaintenanceRuns => Set<MaintenanceRun>();

    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<WorkUnit> WorkUnits => Set<WorkUnit>();

    public DbSet<JobQuote> JobQuotes => Set<JobQuote>();

    public DbSet<JobUnitCount> JobUnitCounts => Set<JobUnitCount>();

    public DbSet<UnitMedia> UnitMedia => Set<UnitMedia>();

    public DbSet<WorkerProfile> WorkerProfiles => Set<WorkerProfile>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<Offer> Offers => Set<Offer>();

    public DbSet<Subcontract> Subcontracts => Set<Subcontract>();

    public DbSet<Assignment> Assignments => Set<Assignment>();

    public DbSet<UnitDraft> UnitDrafts => Set<UnitDraft>();

    public DbSet<UnitSubmission> UnitSubmissions => Set<UnitSubmission>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<WorkerCertification> WorkerCertifications => Set<WorkerCertification>();

    public DbSet<Market.Domain.Quality.ReviewTask> ReviewTasks => Set<Market.Domain.Quality.ReviewTask>();

    public DbSet<AgentQualitySettings> AgentQualitySettings => Set<AgentQualitySettings>();

    public DbSet<KeyingComparisonRecord> KeyingComparisons => Set<KeyingComparisonRecord>();

    public DbSet<GoldRecordEntry> GoldRecords => Set<GoldRecordEntry>();

    public DbSet<JobRevisionRecord> JobRevisions => Set<JobRevisionRecord>();

    public DbSet<GoldPlacementEntry> GoldPlacements => Set<GoldPlacementEntry>();

    public DbSet<GoldResultEntry> GoldResults => Set<GoldResultEntry>();

    public DbSet<Market.Domain.Quality.AdjudicationTask> AdjudicationTasks => Set<Market.Domain.Quality.AdjudicationTask>();
    public DbSet<PresenceConnection> PresenceConnections => Set<PresenceConnection>();

    public DbSet<PresenceVisibility> PresenceVisibility => Set<PresenceVisibility>();

    public DbSet<Market.Domain.TeamRoom.CheckIn> CheckIns => Set<Market.Domain.TeamRoom.CheckIn>();

    public DbSet<Market.Domain.TeamRoom.TeamMessage> TeamMessages => Set<Market.Domain.TeamRoom.TeamMessage>();

    public DbSet<TeamMessageRead> TeamMessageReads => Set<TeamMessageRead>();

    public DbSet<TeamMention> TeamMentions => Set<TeamMention>();

    public DbSet<TeamRoomSettings> TeamRoomSettings => Set<TeamRoomSettings>();

    public DbSet<IdleAlert> IdleAlerts => Set<IdleAlert>();

    public DbSet<LedgerTransactionRow> LedgerTransactions => Set<LedgerTransactionRow>();

    public DbSet<LedgerEntryRow> LedgerEntries => Set<LedgerEntryRow>();

    public DbSet<AgentMoneySettings> AgentMoneySettings => Set<AgentMoneySettings>();

    public DbSet<BankAccountRow> BankAccounts => Set<BankAccountRow>();

    public DbSet<WorkerPayoutSettings> WorkerPayoutSettings => Set<WorkerPayoutSettings>();

    public DbSet<PayoutBatchRow> PayoutBatches => Set<PayoutBatchRow>();

    public DbSet<PayoutRow> Payouts => Set<PayoutRow>();
    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<EmailOutboxMessage> EmailOutbox => Set<EmailOutboxMessage>();

    public DbSet<CertificationType> CertificationTypes => Set<CertificationType>();

    public DbSet<ExamQuestion> ExamQuestions => Set<ExamQuestion>();

    public DbSet<ExamAttempt> ExamAttempts => Set<ExamAttempt>();

    public DbSet<PracticalResultRecord> PracticalResults => Set<PracticalResultRecord>();

    public DbSet<AgentTierThresholds> AgentTierThresholds => Set<AgentTierThresholds>();

    public DbSet<WorkerTierChange> WorkerTierChanges => Set<WorkerTierChange>();

    public DbSet<TierRecomputeRun> TierRecomputeRuns => Set<TierRecomputeRun>();

    public DbSet<InvoiceRow> Invoices => Set<InvoiceRow>();

    public DbSet<InvoiceJobRow> InvoiceJobs => Set<InvoiceJobRow>();

    public DbSet<InvoiceCounter> InvoiceCounters => Set<InvoiceCounter>();

    // Read by the tenant query filters; EF parameterises these per context instance.
    internal Guid? CurrentTenantId => currentUser.TenantId;

    internal bool SeesAllTenants => currentUser.SeesAllTenants;

    /// <summary>Runs the domain events' pre-commit handlers first (ADR 0010), so what they add is saved in the same call.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        await DomainEventDispatcher.DispatchAsync(this, services, cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Handlers are asynchronous: a synchronous save with events pending would drop them, so it is refused.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (DomainEventDispatcher.HasPendingEvents(this))
        {
            throw new InvalidOperationException("Domain events are pending; save with SaveChangesAsync so their handlers run.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // timestamptz stores an instant; Npgsql refuses offsets other than zero, so a client's +09:00 deadline is
        // turned into the same instant in UTC on the way in.
        configuration.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        configuration.Properties<JobId>().HaveConversion<JobIdConverter>();
        configuration.Properties<WorkUnitId>().HaveConversion<WorkUnitIdConverter>();
        configuration.Properties<FileId>().HaveConversion<FileIdConverter>();
        configuration.Properties<Yen>().HaveConversion<YenConverter>();
        configuration.Properties<OfferId>().HaveConversion<OfferIdConverter>();
        configuration.Properties<SubcontractId>().HaveConversion<SubcontractIdConverter>();
        configuration.Properties<AssignmentId>().HaveConversion<AssignmentIdConverter>();
        configuration.Properties<TeamId>().HaveConversion<TeamIdConverter>();
        configuration.Properties<Market.Domain.Quality.ReviewTaskId>().HaveConversion<ReviewTaskIdConverter>();
        configuration.Properties<Market.Domain.Quality.AdjudicationTaskId>().HaveConversion<AdjudicationTaskIdConverter>();
        configuration.Properties<Market.Domain.TeamRoom.CheckInId>().HaveConversion<CheckInIdConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AppUser>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.DisplayName).HasMaxLength(100);
            user.Property(u => u.PreferredLanguage).HasMaxLength(5);
        });
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");

        builder.Entity<ClientFirm>(firm =>
        {
            firm.ToTable("client_firms");
            firm.Property(f => f.Name).HasMaxLength(200);
            firm.Property(f => f.Prefecture).HasMaxLength(20);
        });

        builder.Entity<Agent>(agent =>
        {
            agent.ToTable("agents");
            agent.Property(a => a.Name).HasMaxLength(200);
            agent.Property(a => a.Prefecture).HasMaxLength(20);
            agent.Property(a => a.Municipality).HasMaxLength(50);
            agent.Property(a => a.InviteCode).HasMaxLength(40);
            agent.HasIndex(a => a.InviteCode).IsUnique();
            agent.Ignore(a => a.Certifications);
            agent.Property<List<OrganisationCertification>>("_certifications").HasColumnName("certifications");
        });

        builder.Entity<Membership>(membership =>
        {
            membership.ToTable("memberships");
            membership.Property(m => m.Role).HasMaxLength(40);
            membership.HasIndex(m => m.UserId).IsUnique();
            membership.HasTenantFilter(this, m => m.TenantId);
        });

        builder.Entity<MaintenanceRun>(run =>
        {
            run.ToTable("maintenance_runs");
            run.Property(r => r.JobName).HasMaxLength(100);
            run.Property(r => r.InstanceId).HasMaxLength(200);
        });

        builder.Entity<StoredFile>(file =>
        {
            file.ToTable("stored_files");
            file.Property(f => f.Sha256).HasMaxLength(64).IsFixedLength();
            file.Property(f => f.FileName).HasMaxLength(255);
            file.Property(f => f.MediaType).HasMaxLength(100);
            file.HasIndex(f => new { f.TenantId, f.Sha256 }).IsUnique();
            file.HasTenantFilter(this, f => f.TenantId);
        });

        builder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_keys");
            record.HasKey(r => new { r.TenantId, r.Key });
            record.Property(r => r.Key).HasMaxLength(200);
            record.Property(r => r.RequestHash).HasMaxLength(64).IsFixedLength();
            record.Property(r => r.Endpoint).HasMaxLength(200);
            record.Property(r => r.Location).HasMaxLength(500);
            record.Property(r => r.ResponseBody).HasColumnType("jsonb");
            record.HasTenantFilter(this, r => r.TenantId);
        });

        JobMapping.Map(builder, this);
        AgentLayerMapping.Map(builder, this);
        QualityMapping.Map(builder, this);
        MoneyMapping.Map(builder, this);
        SecurityMapping.Map(builder);
        NotificationMapping.Map(builder);
        CertificationMapping.Map(builder, this);
        TeamRoomMapping.Map(builder, this);
        PerformanceMapping.Map(builder);
        ProgressMapping.Map(builder, this);
        PayoutsMapping.Map(builder);

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(AggregateRoot).IsAssignableFrom(e.ClrType)))
        {
            // PostgreSQL's xmin changes on every row update: a free optimistic-concurrency token (ADR 0004).
            builder.Entity(entity.ClrType).Property<uint>("Version")
                .HasColumnName("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate().IsConcurrencyToken();
            builder.Entity(entity.ClrType).Ignore(nameof(AggregateRoot.DomainEvents));
        }

        SnakeCaseNaming.Apply(builder);
    }
}

internal static class TenantFilterExtensions
{
    /// <summary>
    /// The one tenancy mechanism: rows of a tenant-owned entity are visible only to members of the owning
    /// tenant (and to operators and background work). Handlers never add tenant conditions by hand.
    /// </summary>
    public static void HasTenantFilter<T>(
        this Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> entity,
        MarketDbContext context,
        params Expression<Func<T, Guid?>>[] tenantKeys)
        where T : class
    {
        var row = Expression.Parameter(typeof(T), "row");
        var ctx = Expression.Constant(context);
        var current = Expression.Property(ctx, nameof(MarketDbContext.CurrentTenantId));
        Expression visible = Expression.Property(ctx, nameof(MarketDbContext.SeesAllTenants));
        foreach (var key in tenantKeys)
        {
            var keyOfRow = new ReplaceParameter(key.Parameters[0], row).Visit(key.Body);
            visible = Expression.OrElse(visible, Expression.Equal(keyOfRow, current));
        }

        entity.HasQueryFilter(MarketDbContext.TenantFilter, Expression.Lambda<Func<T, bool>>(visible, row));
    }

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
