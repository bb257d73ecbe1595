using Market.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Persistence;

/// <summary>Indexes added for the hot paths the benchmarks measure (docs/benchmarks.md), mapped so the model matches the schema.</summary>
internal static class PerformanceMapping
{
    public static void Map(ModelBuilder builder) =>
        builder.Entity<LedgerEntryRow>()
            .HasIndex(e => new { e.AgentId, e.PartyId }, "ix_ledger_entries_worker_payable")
            .IncludeProperties(e => new { e.Side, e.Amount, e.TransactionId })
            .HasFilter($"account_kind = {(int)LedgerAccountKind.WorkerPayable}");
}
