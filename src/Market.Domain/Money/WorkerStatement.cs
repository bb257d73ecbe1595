using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>One movement on a worker's statement; reversals and failed transfers show with their sign.</summary>
/// <param name="Gross">What the work earned before withholding (0 for payouts).</param>
/// <param name="Withheld">Income tax withheld from it.</param>
/// <param name="Net">The change in what the worker is owed: positive for earnings, negative for payouts.</param>
/// <param name="Key">The ledger transaction's idempotency key: what it was posted for (<see cref="Earnings.SubjectOf"/>, <see cref="PayoutBatch.BatchOf"/>).</param>
public sealed record WorkerStatementLine(DateTimeOffset OccurredAt, LedgerTransactionKind Kind, string Description, Yen Gross, Yen Withheld, Yen Net, string Key);

/// <summary>
/// A worker's 支払明細 for one month (Japan time) with one agent: what was owed at the start, what the work
/// earned, what was withheld, what was paid, and what is owed at the end. A projection of the ledger.
/// </summary>
public sealed record WorkerStatement(
    Guid AgentId,
    Guid WorkerId,
    int Year,
    int Month,
    Yen OpeningBalance,
    IReadOnlyList<WorkerStatementLine> Lines,
    Yen ClosingBalance)
{
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    public Yen Gross => Yen.Sum(Lines.Select(l => l.Gross));

    public Yen Withheld => Yen.Sum(Lines.Select(l => l.Withheld));

    public Yen PaidOut => -Yen.Sum(Lines.Where(l => l.Kind is LedgerTransactionKind.Payout or LedgerTransactionKind.PayoutFailed).Select(l => l.Net));

    public static WorkerStatement For(IEnumerable<LedgerTransaction> transactions, Guid agentId, Guid workerId, int year, int month)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var from = new DateTimeOffset(year, month, 1, 0, 0, 0, JapanOffset);
        var to = from.AddMonths(1);
        var payable = LedgerAccount.WorkerPayable(agentId, workerId);
        var withholding = LedgerAccount.WithholdingTaxPayable(agentId);
        var opening = Yen.Zero;
        var lines = new List<WorkerStatementLine>();
        foreach (var transaction in transactions.Where(t => t.OccurredAt < to).OrderBy(t => t.OccurredAt))
        {
            if (!transaction.Entries.Any(e => e.Account == payable))
            {
                continue;
            }

            var net = Yen.Sum(transaction.Entries.Where(e => e.Account == payable).Select(e => e.EffectOnBalance));

            if (transaction.OccurredAt < from)
            {
                opening += net;
                continue;
            }

            var isEarning = transaction.Kind is LedgerTransactionKind.Earning or LedgerTransactionKind.Reversal;
            var withheld = isEarning ? Yen.Sum(transaction.Entries.Where(e => e.Account == withholding).Select(e => e.EffectOnBalance)) : Yen.Zero;
            lines.Add(new WorkerStatementLine(transaction.OccurredAt, transaction.Kind, transaction.Description, isEarning ? net + withheld : Yen.Zero, withheld, net, transaction.IdempotencyKey));
        }

        return new WorkerStatement(agentId, workerId, year, month, opening, lines, opening + Yen.Sum(lines.Select(l => l.Net)));
    }
}
