using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>The money movements outside earnings, invoices and payouts.</summary>
public static class LedgerPostings
{
    /// <summary>
    /// A client's payment reaches the agent's bank: <c>Dr AgentBank / Cr ClientReceivable</c>.
    /// </summary>
    /// <param name="bankReference">The bank's reference for the incoming transfer; it keys the posting.</param>
    public static LedgerTransaction ClientPayment(Guid agentId, Guid clientId, Yen amount, string bankReference, DateTimeOffset now) =>
        LedgerTransaction.Create(
            LedgerTransactionKind.ClientPayment,
            $"client-payment:{agentId}:{RequiredText.Of(bankReference, "ledger_bank_reference_required", "The bank reference is required.")}",
            now,
            $"Payment from client {clientId}",
            [
                LedgerEntry.Debit(LedgerAccount.AgentBank(agentId), amount),
                LedgerEntry.Credit(LedgerAccount.ClientReceivable(agentId, clientId), amount),
            ]);

    /// <summary>
    /// The agent pays withheld tax to the tax office for a month (due the 10th of the next month):
    /// <c>Dr WithholdingTaxPayable / Cr AgentBank</c>.
    /// </summary>
    public static LedgerTransaction WithholdingRemittance(Guid agentId, int year, int month, Yen amount, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return LedgerTransaction.Create(
            LedgerTransactionKind.WithholdingRemittance,
            $"withholding-remittance:{agentId}:{year:0000}-{month:00}",
            now,
            $"Withheld income tax for {year:0000}-{month:00}",
            [
                LedgerEntry.Debit(LedgerAccount.WithholdingTaxPayable(agentId), amount),
                LedgerEntry.Credit(LedgerAccount.AgentBank(agentId), amount),
            ]);
    }
}
