using Market.Domain.Common;
using Market.Domain.Money;
using static Market.Domain.Tests.Money.MoneyTestData;

namespace Market.Domain.Tests.Money;

public class PayoutDuesTests
{
    private static readonly PayoutCutoff Cutoff = new(PayoutSchedule.Monthly, new DateOnly(2026, 11, 30));
    private static readonly DateTimeOffset Before = new(2026, 11, 30, 23, 59, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset After = new(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(9));

    private static LedgerTransaction Payout(Guid worker, Yen amount, string key, DateTimeOffset at) =>
        LedgerTransaction.Create(
            LedgerTransactionKind.Payout,
            key,
            at,
            "payout",
            [LedgerEntry.Debit(LedgerAccount.WorkerPayable(LeadAgentId, worker), amount), LedgerEntry.Credit(LedgerAccount.AgentBank(LeadAgentId), amount)]);

    [Fact]
    public void AtCutoff_EarningsAfterTheClose_AreLeftForTheNextCutoff()
    {
        var ledger = new Ledger();
        ledger.Post(Earning(Worker(1), new Yen(3_000), "earning:a", at: Before));
        ledger.Post(Earning(Worker(1), new Yen(700), "earning:b", at: After));

        var dues = PayoutDues.AtCutoff(ledger.Transactions, LeadAgentId, Cutoff.ClosesAt);

        Assert.Equal(new Dictionary<Guid, Yen> { [Worker(1)] = new Yen(3_000) }, dues);
    }

    [Fact]
    public void AtCutoff_APayoutPostedAfterTheClose_StillCounts()
    {
        // A batch for an earlier cut-off that ran late must not be paid again by this one.
        var ledger = new Ledger();
        ledger.Post(Earning(Worker(1), new Yen(3_000), "earning:a", at: Before.AddDays(-20)));
        ledger.Post(Payout(Worker(1), new Yen(3_000), "payout:earlier:w1", After.AddDays(2)));

        Assert.Empty(PayoutDues.AtCutoff(ledger.Transactions, LeadAgentId, Cutoff.ClosesAt));
    }

    [Fact]
    public void AtCutoff_AReversalAfterTheCloseOfAnEarlierEarning_Counts()
    {
        var ledger = new Ledger();
        var earning = ledger.Post(Earning(Worker(1), new Yen(3_000), "earning:a", at: Before)).Transaction;
        ledger.Post(Earning(Worker(1), new Yen(1_200), "earning:b", at: Before));
        ledger.Reverse(earning.Id, After.AddHours(1), "誤って承認");

        Assert.Equal(new Dictionary<Guid, Yen> { [Worker(1)] = new Yen(1_200) }, PayoutDues.AtCutoff(ledger.Transactions, LeadAgentId, Cutoff.ClosesAt));
    }

    [Fact]
    public void AtCutoff_AnotherAgentsPayables_AreNotIncluded()
    {
        var ledger = new Ledger();
        ledger.Post(Earning(Worker(1), new Yen(3_000), "earning:a", agentId: SubAgentId, at: Before));

        Assert.Empty(PayoutDues.AtCutoff(ledger.Transactions, LeadAgentId, Cutoff.ClosesAt));
    }
}
