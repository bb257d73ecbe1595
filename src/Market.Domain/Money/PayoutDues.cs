using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>What an agent owes each of its workers at a cut-off, read from the ledger.</summary>
public static class PayoutDues
{
    /// <summary>
    /// Each worker's payable counting every payout and failed transfer whenever it was posted, and every other
    /// transaction (earnings and their reversals) only if it — or, for a reversal, the transaction it reverses —
    /// happened before the cut-off closed. So a batch built late, after a later batch, never pays twice: earlier
    /// payouts always count. A reversal after the cut-off of an earning from before it counts, so the due never
    /// includes money the worker no longer earned. Workers owed nothing are left out.
    /// </summary>
    public static IReadOnlyDictionary<Guid, Yen> AtCutoff(IEnumerable<LedgerTransaction> transactions, Guid agentId, DateTimeOffset closesAt)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var all = transactions.ToList();
        var byId = all.ToDictionary(t => t.Id);
        var dues = new Dictionary<Guid, Yen>();
        foreach (var transaction in all)
        {
            if (!Counts(transaction, byId, closesAt))
            {
                continue;
            }

            foreach (var entry in transaction.Entries.Where(e => e.Account.Kind == LedgerAccountKind.WorkerPayable && e.Account.AgentId == agentId))
            {
                var workerId = entry.Account.PartyId!.Value;
                dues[workerId] = dues.GetValueOrDefault(workerId) + entry.EffectOnBalance;
            }
        }

        return dues.Where(d => d.Value != Yen.Zero).ToDictionary(d => d.Key, d => d.Value);
    }

    private static bool Counts(LedgerTransaction transaction, Dictionary<LedgerTransactionId, LedgerTransaction> byId, DateTimeOffset closesAt)
    {
        if (transaction.Kind is LedgerTransactionKind.Payout or LedgerTransactionKind.PayoutFailed)
        {
            return true;
        }

        var effective = transaction.ReversesId is { } id && byId.TryGetValue(id, out var original) ? original.OccurredAt : transaction.OccurredAt;
        return effective < closesAt;
    }
}
