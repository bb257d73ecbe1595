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
        ledger.Post(batch.PostingTransactions().Single());

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
}
