using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;
using Market.Domain.Pricing;
using static Market.Domain.Tests.Money.MoneyTestData;

namespace Market.Domain.Tests.Money;

public class WorkerStatementTests
{
    [Fact]
    public void For_AMonth_ShowsOpeningEarningsWithholdingPayoutsAndClosing()
    {
        var job = InProgressJob(JobType.WebEdit);
        var ledger = new Ledger();
        var october = new DateTimeOffset(2026, 10, 20, 10, 0, 0, TimeSpan.FromHours(9));
        ledger.Post(Earnings.ForAcceptedUnit(job, AcceptedUnit(job, 1, Worker(1)), RateCard.Default, LeadAgentId, null, WithholdWebEdits, october));
        var second = ledger.Post(Earnings.ForAcceptedUnit(job, AcceptedUnit(job, 2, Worker(1)), RateCard.Default, LeadAgentId, null, WithholdWebEdits, Now)).Transaction;
        ledger.Post(Earnings.ForAcceptedUnit(job, AcceptedUnit(job, 3, Worker(1)), RateCard.Default, LeadAgentId, null, WithholdWebEdits, Now.AddDays(1)));
        ledger.Post(Earnings.ForAcceptedUnit(job, AcceptedUnit(job, 4, Worker(2)), RateCard.Default, LeadAgentId, null, WithholdWebEdits, Now.AddDays(1)));
        ledger.Reverse(second.Id, Now.AddDays(2), "誤って承認");
        var batch = PayoutBatch.Build(LeadAgentId, new PayoutCutoff(PayoutSchedule.Monthly, new DateOnly(2026, 11, 30)), new DateOnly(2026, 12, 25), [new WorkerDue(Worker(1), new Yen(1_438), Account())], true, Now.AddDays(5));
        ledger.Post(batch.PostingTransaction()!);

        var statement = WorkerStatement.For(ledger.Transactions, LeadAgentId, Worker(1), 2026, 11);

        // October's page (¥800 − ¥81) is owed at the start; November: +719, +719, −719 (reversal), −1,438 paid.
        Assert.Equal(new Yen(719), statement.OpeningBalance);
        Assert.Equal(
            [
                (LedgerTransactionKind.Earning, new Yen(800), new Yen(81), new Yen(719)),
                (LedgerTransactionKind.Earning, new Yen(800), new Yen(81), new Yen(719)),
                (LedgerTransactionKind.Reversal, new Yen(-800), new Yen(-81), new Yen(-719)),
                (LedgerTransactionKind.Payout, Yen.Zero, Yen.Zero, new Yen(-1_438)),
            ],
            statement.Lines.Select(l => (l.Kind, l.Gross, l.Withheld, l.Net)));
        Assert.Equal((new Yen(800), new Yen(81), new Yen(1_438)), (statement.Gross, statement.Withheld, statement.PaidOut));
        Assert.Equal(Yen.Zero, statement.ClosingBalance);
        Assert.Equal(LedgerBalances.Of(ledger.Transactions, LedgerAccount.WorkerPayable(LeadAgentId, Worker(1))), statement.ClosingBalance);
    }

    [Fact]
    public void For_AMonthBoundary_UsesJapanTime()
    {
        var ledger = new Ledger();
        // 2026-11-30 23:30 JST is 14:30 UTC on the 30th, and 2026-12-01 00:30 JST is still 30 November in UTC.
        ledger.Post(Earning(Worker(1), new Yen(500), "earning:a", at: new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.FromHours(9))));
        ledger.Post(Earning(Worker(1), new Yen(700), "earning:b", at: new DateTimeOffset(2026, 11, 30, 15, 30, 0, TimeSpan.Zero)));

        var november = WorkerStatement.For(ledger.Transactions, LeadAgentId, Worker(1), 2026, 11);
        var december = WorkerStatement.For(ledger.Transactions, LeadAgentId, Worker(1), 2026, 12);

        Assert.Equal([new Yen(500)], november.Lines.Select(l => l.Net));
        Assert.Equal((new Yen(500), new Yen(1_200)), (december.OpeningBalance, december.ClosingBalance));
        Assert.Equal([new Yen(700)], december.Lines.Select(l => l.Net));
    }

    [Fact]
    public void For_ABatchPaidInOneTransaction_ShowsEachWorkerOnlyTheirOwnPayout_AndTheirOwnFailedTransfer()
    {
        var ledger = new Ledger();
        var earned = new DateTimeOffset(2026, 11, 10, 10, 0, 0, TimeSpan.FromHours(9));
        ledger.Post(Earning(Worker(1), new Yen(5_000), "earning:1", at: earned));
        ledger.Post(Earning(Worker(2), new Yen(3_000), "earning:2", at: earned));
        var built = new DateTimeOffset(2026, 11, 16, 0, 30, 0, TimeSpan.FromHours(9));
        var batch = PayoutBatch.Build(
            LeadAgentId, new PayoutCutoff(PayoutSchedule.Monthly, new DateOnly(2026, 11, 15)), new DateOnly(2026, 11, 25),
            [new WorkerDue(Worker(1), new Yen(5_000), Account()), new WorkerDue(Worker(2), new Yen(3_000), Account())], false, built);
        ledger.Post(batch.PostingTransaction()!);
        batch.MarkPosted(built);
        batch.IssueFile(new ZenginRequester("1234567890", "シマント テレワーク", Account("0001", "123", "7654321", "シマント テレワーク")), built);
        ledger.Post(batch.MarkFailed(Worker(2), "口座解約済み", built.AddDays(10)));

        var first = WorkerStatement.For(ledger.Transactions, LeadAgentId, Worker(1), 2026, 11);
        var second = WorkerStatement.For(ledger.Transactions, LeadAgentId, Worker(2), 2026, 11);

        Assert.Equal([(LedgerTransactionKind.Earning, new Yen(5_000)), (LedgerTransactionKind.Payout, new Yen(-5_000))], first.Lines.Select(l => (l.Kind, l.Net)));
        Assert.Equal((new Yen(5_000), Yen.Zero), (first.PaidOut, first.ClosingBalance));
        Assert.Equal(
            [(LedgerTransactionKind.Earning, new Yen(3_000)), (LedgerTransactionKind.Payout, new Yen(-3_000)), (LedgerTransactionKind.PayoutFailed, new Yen(3_000))],
            second.Lines.Select(l => (l.Kind, l.Net)));
        Assert.Equal((Yen.Zero, new Yen(3_000)), (second.PaidOut, second.ClosingBalance));
    }
}
