using Market.Domain.Common;
using Market.Domain.Money;
using static Market.Domain.Tests.Money.MoneyTestData;

namespace Market.Domain.Tests.Money;

public class LedgerTransactionTests
{
    private static readonly LedgerAccount Cost = LedgerAccount.AgentCost(LeadAgentId);
    private static readonly LedgerAccount Payable = LedgerAccount.WorkerPayable(LeadAgentId, Worker(1));
    private static readonly LedgerAccount Withholding = LedgerAccount.WithholdingTaxPayable(LeadAgentId);

    private static LedgerTransaction Create(params LedgerEntry[] entries) =>
        LedgerTransaction.Create(LedgerTransactionKind.Earning, "earning:test", Now, "test", entries);

    [Fact]
    public void Create_WhenDebitsExceedCredits_IsRefusedAsUnbalanced()
    {
        var (code, type) = Record(() => Create(LedgerEntry.Debit(Cost, new Yen(1_000)), LedgerEntry.Credit(Payable, new Yen(999))));

        Assert.Equal("ledger_unbalanced", code);
        Assert.Equal(typeof(UnprocessableInputException), type);
    }

    [Fact]
    public void Create_WhenASingleEntry_IsRefusedAsUnbalanced()
    {
        Assert.Equal("ledger_unbalanced", Code(() => Create(LedgerEntry.Debit(Cost, new Yen(1_000)))));
    }

    [Fact]
    public void Create_WhenOnlyDebits_IsRefusedAsUnbalanced()
    {
        Assert.Equal("ledger_unbalanced", Code(() => Create(LedgerEntry.Debit(Cost, new Yen(500)), LedgerEntry.Debit(Payable, new Yen(500)))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void Create_WhenAnAmountIsNotPositive_IsRefused(long amount)
    {
        // Balanced on purpose: the negative line is what must be refused, not the totals.
        var code = Code(() => Create(
            LedgerEntry.Debit(Cost, new Yen(1_000)),
            LedgerEntry.Credit(Payable, new Yen(1_000 - amount)),
            LedgerEntry.Credit(Withholding, new Yen(amount))));

        Assert.Equal("ledger_amount_not_positive", code);
    }

    [Fact]
    public void Create_WhenBalanced_KeepsEntriesAndDerivesTheIdFromTheKey()
    {
        var transaction = Create(
            LedgerEntry.Debit(Cost, new Yen(1_000)),
            LedgerEntry.Credit(Payable, new Yen(898)),
            LedgerEntry.Credit(Withholding, new Yen(102)));

        Assert.Equal(new Yen(1_000), transaction.TotalDebits);
        Assert.Equal(new Yen(1_000), transaction.TotalCredits);
        Assert.Equal(3, transaction.Entries.Count);
        Assert.Equal(LedgerTransactionId.ForKey("earning:test"), transaction.Id);
        Assert.NotEqual(LedgerTransactionId.ForKey("earning:other"), transaction.Id);
    }

    [Fact]
    public void Create_WhenKeyIsBlank_IsRefused()
    {
        Assert.Equal("ledger_idempotency_key_required", Code(() =>
            LedgerTransaction.Create(LedgerTransactionKind.Earning, " ", Now, "test", [LedgerEntry.Debit(Cost, new Yen(1)), LedgerEntry.Credit(Payable, new Yen(1))])));
    }

    [Fact]
    public void Reverse_Always_MirrorsEveryEntryOnTheOtherSide()
    {
        var original = Create(
            LedgerEntry.Debit(Cost, new Yen(1_000)),
            LedgerEntry.Credit(Payable, new Yen(898)),
            LedgerEntry.Credit(Withholding, new Yen(102)));

        var reversal = original.Reverse(Now.AddDays(1), "単価の入力ミス");

        Assert.Equal(LedgerTransactionKind.Reversal, reversal.Kind);
        Assert.Equal(original.Id, reversal.ReversesId);
        Assert.Equal("reversal:earning:test", reversal.IdempotencyKey);
        Assert.Equal(Now.AddDays(1), reversal.OccurredAt);
        Assert.Equal(
            [
                LedgerEntry.Credit(Cost, new Yen(1_000)),
                LedgerEntry.Debit(Payable, new Yen(898)),
                LedgerEntry.Debit(Withholding, new Yen(102)),
            ],
            reversal.Entries);
        Assert.Contains("単価の入力ミス", reversal.Description, StringComparison.Ordinal);
        var net = LedgerBalances.Of([original, reversal]);
        Assert.All(net.Values, balance => Assert.Equal(Yen.Zero, balance));
    }

    [Fact]
    public void Reverse_WhenTheTransactionIsAReversal_IsRefused()
    {
        var reversal = Earning(Worker(1), new Yen(500), "earning:x").Reverse(Now, "間違い");

        Assert.Equal("ledger_reversal_not_reversible", Code(() => reversal.Reverse(Now, "戻す")));
    }

    [Fact]
    public void Reverse_WithoutAReason_IsRefused()
    {
        Assert.Equal("ledger_reversal_reason_required", Code(() => Earning(Worker(1), new Yen(500), "earning:x").Reverse(Now, "  ")));
    }

    [Fact]
    public void Balances_OfTransactions_AreSignedInEachAccountsNormalDirection()
    {
        var agent = LeadAgentId;
        LedgerTransaction[] transactions =
        [
            Earning(Worker(1), new Yen(3_000), "earning:a"),
            LedgerTransaction.Create(LedgerTransactionKind.Payout, "payout:a", Now, "payout", [LedgerEntry.Debit(LedgerAccount.WorkerPayable(agent, Worker(1)), new Yen(1_000)), LedgerEntry.Credit(LedgerAccount.AgentBank(agent), new Yen(1_000))]),
        ];

        var balances = LedgerBalances.Of(transactions);

        // Cost is debit-normal: +3,000. The payable is credit-normal: 3,000 credited − 1,000 debited = 2,000.
        // The bank is debit-normal and was only credited: −1,000.
        Assert.Equal(new Yen(3_000), balances[LedgerAccount.AgentCost(agent)]);
        Assert.Equal(new Yen(2_000), balances[LedgerAccount.WorkerPayable(agent, Worker(1))]);
        Assert.Equal(new Yen(-1_000), balances[LedgerAccount.AgentBank(agent)]);
        Assert.Equal(new Yen(2_000), LedgerBalances.Of(transactions, LedgerAccount.WorkerPayable(agent, Worker(1))));
    }

    [Fact]
    public void Account_WhenCounterpartyMissingOrExtra_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => LedgerAccount.Of(LedgerAccountKind.WorkerPayable, LeadAgentId, null));
        Assert.Throws<ArgumentException>(() => LedgerAccount.Of(LedgerAccountKind.AgentBank, LeadAgentId, Worker(1)));
        Assert.Equal(LedgerAccount.WorkerPayable(LeadAgentId, Worker(1)), LedgerAccount.Of(LedgerAccountKind.WorkerPayable, LeadAgentId, Worker(1)));
    }
}
