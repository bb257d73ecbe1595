using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Market.Api.Persistence;

internal static class MoneyMapping
{
    public static void Map(ModelBuilder builder, MarketDbContext context)
    {
        builder.Entity<LedgerAccountKindRow>(kind =>
        {
            kind.ToTable("ledger_account_kinds");
            kind.HasKey(k => k.Id);
            kind.Property(k => k.Id).ValueGeneratedNever();
            kind.Property(k => k.Name).HasMaxLength(40);
        });

        builder.Entity<LedgerTransactionRow>(transaction =>
        {
            transaction.ToTable("ledger_transactions");
            transaction.HasKey(t => t.Id);
            transaction.Property(t => t.IdempotencyKey).HasMaxLength(200);
            transaction.Property(t => t.Description).HasMaxLength(500);
            transaction.HasIndex(t => t.IdempotencyKey).IsUnique();
            transaction.HasIndex(t => t.ReversesTransactionId).IsUnique();
            transaction.HasOne<LedgerTransactionRow>().WithMany().HasForeignKey(t => t.ReversesTransactionId).OnDelete(DeleteBehavior.Restrict);
            transaction.HasMany(t => t.Entries).WithOne().HasForeignKey(e => e.TransactionId).OnDelete(DeleteBehavior.Restrict);
            // A transaction is visible to an agent whose books it touches (a subcontracted earning touches two).
            transaction.HasQueryFilter(MarketDbContext.TenantFilter, t => context.SeesAllTenants || t.Entries.Any(e => e.AgentId == context.CurrentTenantId));
        });

        builder.Entity<LedgerEntryRow>(entry =>
        {
            entry.ToTable("ledger_entries");
            entry.HasKey(e => new { e.TransactionId, e.Line });
            entry.Ignore(e => e.Account);
            entry.HasIndex(e => new { e.AgentId, e.AccountKind, e.PartyId });
            entry.HasTenantFilter(context, e => e.AgentId);
        });

        builder.Entity<AgentMoneySettings>(settings =>
        {
            settings.ToTable("agent_money_settings");
            settings.HasKey(s => s.AgentId);
            settings.Ignore(s => s.Withholding);
            settings.Property(s => s.RegistrationNumber).HasMaxLength(14);
            settings.Property(s => s.InvoicePrefix).HasMaxLength(8);
            settings.Property(s => s.ZenginRequesterCode).HasMaxLength(10);
            settings.Property(s => s.ZenginRequesterName).HasMaxLength(40);
            settings.HasTenantFilter(context, s => s.AgentId);
        });
    
        builder.Entity<BankAccountRow>(account =>
        {
            account.ToTable("bank_accounts");
            account.HasKey(a => a.OwnerId);
            account.Ignore(a => a.MaskedNumber);
            account.Property(a => a.BankCode).HasMaxLength(4);
            account.Property(a => a.BranchCode).HasMaxLength(3);
            account.Property(a => a.NumberLast3).HasMaxLength(3);
            account.Property(a => a.HolderName).HasMaxLength(30);
            account.Property(a => a.BankName).HasMaxLength(15);
            account.Property(a => a.BranchName).HasMaxLength(15);
            account.HasIndex(a => a.AgentId);
            account.HasTenantFilter(context, a => a.AgentId);
        });

        builder.Entity<WorkerPayoutSettings>(settings =>
        {
            settings.ToTable("worker_payout_settings");
            settings.HasKey(s => s.WorkerId);
            settings.HasIndex(s => s.AgentId);
            settings.HasTenantFilter(context, s => s.AgentId);
        });
    
        builder.Entity<PayoutBatchRow>(batch =>
        {
            batch.ToTable("payout_batches");
            batch.HasKey(b => b.Id);
            batch.HasIndex(b => new { b.AgentId, b.Schedule, b.CutoffDate }).IsUnique();
            batch.Property(b => b.CarriedForward).HasColumnType("jsonb")
                .HasConversion(
                    list => JsonSerializer.Serialize(list, MoneyJson.Options),
                    json => JsonSerializer.Deserialize<List<CarriedForwardRecord>>(json, MoneyJson.Options)!,
                    new ValueComparer<List<CarriedForwardRecord>>((a, b) => a!.SequenceEqual(b!), l => l.Count, l => l.ToList()));
            batch.HasMany(b => b.Payouts).WithOne().HasForeignKey(p => p.BatchId).OnDelete(DeleteBehavior.Restrict);
            // Steps of the payout job and the agent's confirmation are serialised by an advisory lock; xmin catches the rest.
            batch.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate().IsConcurrencyToken();
            batch.HasTenantFilter(context, b => b.AgentId);
        });

        builder.Entity<PayoutRow>(payout =>
        {
            payout.ToTable("payouts");
            payout.HasKey(p => new { p.BatchId, p.WorkerId });
            payout.Ignore(p => p.MaskedNumber);
            payout.Property(p => p.FailureReason).HasMaxLength(500);
            payout.Property(p => p.BankCode).HasMaxLength(4);
            payout.Property(p => p.BranchCode).HasMaxLength(3);
            payout.Property(p => p.NumberLast3).HasMaxLength(3);
            payout.Property(p => p.HolderName).HasMaxLength(30);
            payout.Property(p => p.BankName).HasMaxLength(15);
            payout.Property(p => p.BranchName).HasMaxLength(15);
            payout.HasIndex(p => p.WorkerId);
        });

        builder.Entity<InvoiceRow>(invoice =>
        {
            invoice.ToTable("invoices");
            invoice.HasKey(i => i.Id);
            invoice.Property(i => i.Period).HasMaxLength(7);
            invoice.Property(i => i.Number).HasMaxLength(30);
            invoice.Property(i => i.Prefix).HasMaxLength(8);
            invoice.Property(i => i.IssuerName).HasMaxLength(200);
            invoice.Property(i => i.RegistrationNumber).HasMaxLength(14);
            invoice.Property(i => i.RecipientName).HasMaxLength(200);
            invoice.Property(i => i.Lines).HasColumnType("jsonb")
                .HasConversion(
                    list => JsonSerializer.Serialize(list, MoneyJson.Options),
                    json => JsonSerializer.Deserialize<List<InvoiceLineRecord>>(json, MoneyJson.Options)!,
                    new ValueComparer<List<InvoiceLineRecord>>((a, b) => a!.SequenceEqual(b!), l => l.Count, l => l.ToList()));
            invoice.HasIndex(i => new { i.AgentId, i.Number }).IsUnique(); // per agent: two agents may share a prefix (0025)
            invoice.HasIndex(i => new { i.AgentId, i.Sequence }).IsUnique();
            invoice.HasIndex(i => new { i.AgentId, i.ClientId, i.Period }).IsUnique().HasFilter("kind = 1");
            // Modelled so EF inserts the invoice's ledger transaction first (same SaveChanges).
            invoice.HasOne<LedgerTransactionRow>().WithMany().HasForeignKey(i => i.LedgerTransactionId).OnDelete(DeleteBehavior.Restrict);
            invoice.HasMany(i => i.Jobs).WithOne().HasForeignKey(j => j.InvoiceId).OnDelete(DeleteBehavior.Restrict);
            // The agent that issued it and the client it was issued to.
            invoice.HasTenantFilter(context, i => i.AgentId, i => i.ClientId);
        });

        builder.Entity<InvoiceJobRow>(job =>
        {
            job.ToTable("invoice_jobs");
            job.HasKey(j => j.JobId);
            job.HasIndex(j => j.InvoiceId);
        });

        builder.Entity<InvoiceCounter>(counter =>
        {
            counter.ToTable("invoice_counters");
            counter.HasKey(c => c.AgentId);
            counter.HasTenantFilter(context, c => c.AgentId);
        });
    }
}

internal static class MoneyJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
