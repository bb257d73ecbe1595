using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>The outcome of posting: the transaction now in the ledger, and whether this call added it or found it there.</summary>
public sealed record LedgerPosting(LedgerTransaction Transaction, bool IsNew);

/// <summary>
/// The rules a transaction must pass against what is already posted. The in-memory <see cref="Ledger"/> uses
/// them; a database-backed ledger applies the same checks to the rows it locks (the transaction with the same
/// key, the original being mirrored, the balances of the accounts the entries touch).
/// </summary>
public static class LedgerRules
{
    /// <param name="existing">The transaction already posted under the same idempotency key, if any.</param>
    /// <returns>True when it is new and should be posted; false when it is a replay of <paramref name="existing"/>.</returns>
    public static bool IsNewPosting(LedgerTransaction transaction, LedgerTransaction? existing)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (existing is null)
        {
            return true;
        }

        Guard.Against(
            !existing.HasSameEffectAs(transaction),
            "ledger_idempotency_conflict",
            $"'{transaction.IdempotencyKey}' was already posted with different entries.");
        return false;
    }

    /// <param name="original">The transaction a mirror reverses (null if it was never posted).</param>
    /// <param name="alreadyReversed">Whether another transaction already mirrors <paramref name="original"/>.</param>
    public static void EnsureMirrorable(LedgerTransaction mirror, LedgerTransaction? original, bool alreadyReversed)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        if (mirror.ReversesId is null)
        {
            return;
        }

        Guard.Against(original is null, "ledger_transaction_not_found", "The transaction to reverse has not been posted.");
        Guard.Against(original!.IsReversal, "ledger_reversal_not_reversible", "A reversing transaction cannot itself be reversed.");
        Guard.Against(alreadyReversed, "ledger_already_reversed", "The transaction has already been reversed.");
        Guard.Against(
            (original.Kind == LedgerTransactionKind.Payout) != (mirror.Kind == LedgerTransactionKind.PayoutFailed),
            "ledger_payout_reversed_outside_batch",
            "A payout is only undone by marking its transfer failed in its batch.");
    }

    /// <summary>
    /// A worker is never owed less than nothing: reversing an earning that has already been paid out is refused
    /// (getting money back from a worker is a separate agreement, not a ledger correction).
    /// </summary>
    /// <param name="balanceBefore">The current balance of an account the transaction touches.</param>
    public static void EnsureNoNegativeWorkerPayable(LedgerTransaction transaction, Func<LedgerAccount, Yen> balanceBefore)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(balanceBefore);
        foreach (var group in transaction.Entries.Where(e => e.Account.Kind == LedgerAccountKind.WorkerPayable).GroupBy(e => e.Account))
        {
            var after = balanceBefore(group.Key) + Yen.Sum(group.Select(e => e.EffectOnBalance));
            Guard.Against(
                after.IsNegative,
                "ledger_worker_payable_negative",
                $"This would leave the worker owed {after}; money already paid out cannot be reversed in the ledger.");
        }
    }
}

/// <summary>
/// An append-only ledger in memory: the domain's reference implementation of posting, used to check the rules
/// and by the model-based tests. Posting the same key twice with the same entries is a no-op.
/// </summary>
public sealed class Ledger
{
    private readonly List<LedgerTransaction> _transactions = [];
    private readonly Dictionary<string, LedgerTransaction> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<LedgerTransactionId, LedgerTransaction> _byId = [];
    private readonly HashSet<LedgerTransactionId> _reversed = [];
    private readonly Dictionary<LedgerAccount, Yen> _balances = [];

    public Ledger()
    {
    }

    public Ledger(IEnumerable<LedgerTransaction> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        foreach (var transaction in history)
        {
            Post(transaction);
        }
    }

    public IReadOnlyList<LedgerTransaction> Transactions => _transactions;

    /// <summary>Every touched account's balance, kept as transactions are posted.</summary>
    public IReadOnlyDictionary<LedgerAccount, Yen> Balances => _balances;

    public Yen BalanceOf(LedgerAccount account) => _balances.GetValueOrDefault(account);

    public LedgerTransaction? Find(LedgerTransactionId id) => _byId.GetValueOrDefault(id);

    public LedgerTransaction? FindByKey(string idempotencyKey) => _byKey.GetValueOrDefault(idempotencyKey);

    public bool IsReversed(LedgerTransactionId id) => _reversed.Contains(id);

    /// <summary>Posts the transaction whole or not at all.</summary>
    public LedgerPosting Post(LedgerTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var existing = _byKey.GetValueOrDefault(transaction.IdempotencyKey);
        if (!LedgerRules.IsNewPosting(transaction, existing))
        {
            return new LedgerPosting(existing!, IsNew: false);
        }

        if (transaction.ReversesId is { } reversesId)
        {
            LedgerRules.EnsureMirrorable(transaction, Find(reversesId), _reversed.Contains(reversesId));
        }

        LedgerRules.EnsureNoNegativeWorkerPayable(transaction, BalanceOf);

        _transactions.Add(transaction);
        _byKey.Add(transaction.IdempotencyKey, transaction);
        _byId.Add(transaction.Id, transaction);
        if (transaction.ReversesId is { } id)
        {
            _reversed.Add(id);
        }

        foreach (var entry in transaction.Entries)
        {
            _balances[entry.Account] = BalanceOf(entry.Account) + entry.EffectOnBalance;
        }

        return new LedgerPosting(transaction, IsNew: true);
    }

    /// <summary>Posts the mirror of a posted transaction (<see cref="LedgerTransaction.Reverse"/>).</summary>
    public LedgerTransaction Reverse(LedgerTransactionId id, DateTimeOffset now, string reason)
    {
        var original = Find(id);
        Guard.Against(original is null, "ledger_transaction_not_found", "The transaction to reverse has not been posted.");
        return Post(original!.Reverse(now, reason)).Transaction;
    }
}
