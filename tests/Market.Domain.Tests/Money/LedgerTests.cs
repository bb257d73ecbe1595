using Market.Domain.Common;
using Market.Domain.Money;
using static Market.Domain.Tests.Money.MoneyTestData;

namespace Market.Domain.Tests.Money;

public class LedgerTests
{
    private static readonly LedgerAccount Payable = LedgerAccount.WorkerPayable(LeadAgentId, Worker(1));

    [Fact]
    public void Post_WhenTheSameKeyIsPostedAgainWithTheSameEntries_IsANoOp()
    {
        var ledger = new Ledger();
        ledger.Post(Earning(Worker(1), new Yen(800), "earning:u1"));

        var retry = ledger.Post(Earning(Worker(1), new Yen(800), "earning:u1", at: Now.AddMinutes(5)));

        Assert.False(retry.IsNew);
        Assert.Single(ledger.Transactions);
        Assert.Equal(new Yen(800), ledger.BalanceOf(Payable));
        Assert.Equal(Now, retry.Transaction.OccurredAt);
    }

    [Fact]
    public void Post_WhenTheSameKeyCarriesDifferentEntries_IsRefused()
    {
        var ledger = new Ledger();
        ledger.Post(Earning(Worker(1), new Yen(800), "earning:u1"));

        Assert.Equal("ledger_idempotency_conflict", Code(() => ledger.Post(Earning(Worker(1), new Yen(900), "earning:u1"))));
        Assert.Equal(new Yen(800), ledger.BalanceOf(Payable));
    }

    [Fact]
    public void Reverse_WhenPosted_RestoresEveryBalanceAndIsIdempotent()
    {
        var ledger = new Ledger();
        var earning = ledger.Post(Earning(Worker(1), new Yen(800), "earning:u1")).Transaction;

        var reversal = ledger.Reverse(earning.Id, Now.AddHours(1), "誤って承認");
        var again = ledger.Reverse(earning.Id, Now.AddHours(2), "二度目");

        Assert.Equal(reversal.Id, again.Id);
        Assert.Equal(2, ledger.Transactions.Count);
        Assert.True(ledger.IsReversed(earning.Id));
        Assert.Equal(Yen.Zero, ledger.BalanceOf(Payable));
        Assert.Equal(Yen.Zero, ledger.BalanceOf(LedgerAccount.AgentCost(LeadAgentId)));
    }

    [Fact]
    public void Reverse_WhenTheEarningWasAlreadyPaidOut_IsRefusedAndNothingIsPosted()
    {
        var ledger = new Ledger();
        var earning = ledger.Post(Earning(Worker(1), new Yen(1_500), "earning:u1")).Transaction;
        ledger.Post(LedgerTransaction.Create(
            LedgerTransactionKind.Payout,
            "payout:b1:w1",
            Now,
            "payout",
            [LedgerEntry.Debit(Payable, new Yen(1_500)), LedgerEntry.Credit(LedgerAccount.AgentBank(LeadAgentId), new Yen(1_500))]));

        var code = Code(() => ledger.Reverse(earning.Id, Now.AddDays(1), "誤って承認"));

        Assert.Equal("ledger_worker_payable_negative", code);
        Assert.Equal(2, ledger.Transactions.Count);
        Assert.Equal(Yen.Zero, ledger.BalanceOf(Payable));
    }

    [Fact]
    public void Post_WhenAPayoutWouldExceedWhatIsOwed_IsRefused()
    {
        var ledger = new Ledger();
        ledger.Post(Earning(Worker(1), new Yen(999), "earning:u1"));

        var code = Code(() => ledger.Post(LedgerTransaction.Create(
            LedgerTransactionKind.Payout,
            "payout:b1:w1",
            Now,
            "payout",
            [LedgerEntry.Debit(Payable, new Yen(1_000)), LedgerEntry.Credit(LedgerAccount.AgentBank(LeadAgentId), new Yen(1_000))])));

        Assert.Equal("ledger_worker_payable_negative", code);
    }

    [Fact]
    public void Reverse_WhenThePostingIsAPayout_IsRefusedOutsideTheBatch()
    {
        var ledger = new Ledger();
        ledger.Post(Earning(Worker(1), new Yen(1_500), "earning:u1"));
        var payout = ledger.Post(LedgerTransaction.Create(
            LedgerTransactionKind.Payout,
            "payout:b1:w1",
            Now,
            "payout",
            [LedgerEntry.Debit(Payable, new Yen(1_500)), LedgerEntry.Credit(LedgerAccount.AgentBank(LeadAgentId), new Yen(1_500))])).Transaction;

        Assert.Equal("ledger_payout_reversed_outside_batch", Code(() => ledger.Reverse(payout.Id, Now, "戻す")));
    }

    [Fact]
    public void Post_WhenTheMirroredTransactionWasNeverPosted_IsRefused()
    {
        var ledger = new Ledger();
        var reversal = Earning(Worker(1), new Yen(500), "earning:u1").Reverse(Now, "間違い");

        Assert.Equal("ledger_transaction_not_found", Code(() => ledger.Post(reversal)));
        Assert.Empty(ledger.Transactions);
    }

    [Fact]
    public void Balances_KeptWhilePosting_EqualThePureFunctionOfTheTransactions()
    {
        var ledger = new Ledger();
        ledger.Post(Earning(Worker(1), new Yen(800), "earning:u1"));
        ledger.Post(Earning(Worker(2), new Yen(1_200), "earning:u2"));
        ledger.Reverse(LedgerTransactionId.ForKey("earning:u1"), Now, "誤り");

        Assert.Equal(LedgerBalances.Of(ledger.Transactions), ledger.Balances);
        Assert.Equal(new Yen(1_200), ledger.BalanceOf(LedgerAccount.AgentCost(LeadAgentId)));
    }

    [Fact]
    public void ClientPayment_Always_MovesTheReceivableIntoTheBank()
    {
        var ledger = new Ledger();
        ledger.Post(LedgerTransaction.Create(
            LedgerTransactionKind.Invoice,
            "invoice:test",
            Now,
            "invoice",
            [LedgerEntry.Debit(LedgerAccount.ClientReceivable(LeadAgentId, ClientId), new Yen(1_098)), LedgerEntry.Credit(LedgerAccount.AgentRevenue(LeadAgentId), new Yen(1_098))]));

        var payment = ledger.Post(LedgerPostings.ClientPayment(LeadAgentId, ClientId, new Yen(1_098), "20261130-0001", Now));
        var again = ledger.Post(LedgerPostings.ClientPayment(LeadAgentId, ClientId, new Yen(1_098), "20261130-0001", Now.AddMinutes(1)));

        Assert.True(payment.IsNew);
        Assert.False(again.IsNew);
        Assert.Equal(Yen.Zero, ledger.BalanceOf(LedgerAccount.ClientReceivable(LeadAgentId, ClientId)));
        Assert.Equal(new Yen(1_098), ledger.BalanceOf(LedgerAccount.AgentBank(LeadAgentId)));
    }

    [Fact]
    public void WithholdingRemittance_ForAMonth_ClearsTheTaxOwedOnce()
    {
        var remittance = LedgerPostings.WithholdingRemittance(LeadAgentId, 2026, 11, new Yen(81), Now);

        Assert.Equal($"withholding-remittance:{LeadAgentId}:2026-11", remittance.IdempotencyKey);
        Assert.Equal(
            [LedgerEntry.Debit(LedgerAccount.WithholdingTaxPayable(LeadAgentId), new Yen(81)), LedgerEntry.Credit(LedgerAccount.AgentBank(LeadAgentId), new Yen(81))],
            remittance.Entries);
    }
}
