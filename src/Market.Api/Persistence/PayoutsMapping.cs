using Market.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Persistence;

/// <summary>Indexes of the payout run (ADR 0044), mapped so the model matches the schema.</summary>
internal static class PayoutsMapping
{
    public static void Map(ModelBuilder builder) =>
        builder.Entity<LedgerTransactionRow>()
            .HasIndex(t => t.OccurredAt, "ix_ledger_transactions_counted_later")
            .HasFilter($"kind <> {(int)LedgerTransactionKind.Payout} AND reverses_transaction_id IS NULL");
}
