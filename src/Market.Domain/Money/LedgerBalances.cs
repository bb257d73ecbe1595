using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>Balances are a pure function of the transactions: nothing stores a balance that could drift from its entries.</summary>
public static class LedgerBalances
{
    /// <summary>
    /// Every touched account's balance, signed in its normal direction (a receivable or bank balance grows
    /// with debits, a payable or revenue with credits). Accounts that net to ¥0 are kept.
    /// </summary>
    public static IReadOnlyDictionary<LedgerAccount, Yen> Of(IEnumerable<LedgerTransaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var balances = new Dictionary<LedgerAccount, Yen>();
        foreach (var entry in transactions.SelectMany(t => t.Entries))
        {
            balances[entry.Account] = balances.GetValueOrDefault(entry.Account) + entry.EffectOnBalance;
        }

        return balances;
    }

    public static Yen Of(IEnumerable<LedgerTransaction> transactions, LedgerAccount account)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        return Yen.Sum(transactions.SelectMany(t => t.Entries).Where(e => e.Account == account).Select(e => e.EffectOnBalance));
    }
}
