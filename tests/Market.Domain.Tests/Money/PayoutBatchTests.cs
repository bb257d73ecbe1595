using Market.Domain.Common;
using Market.Domain.Money;
using static Market.Domain.Tests.Money.MoneyTestData;

namespace Market.Domain.Tests.Money;

public class PayoutBatchTests
{
    private static readonly PayoutCutoff MidMonth = new(PayoutSchedule.SemiMonthly, new DateOnly(2026, 11, 15));
    private static readonly PayoutCutoff MonthEnd = new(PayoutSchedule.SemiMonthly, new DateOnly(2026, 11, 30));
    private static readonly DateTimeOffset BuildTime = new(2026, 11, 16, 1, 0, 0, TimeSpan.FromHours(9));
    private static readonly ZenginRequester Requester = new("1234567890", "シマント テレワーク", Account("0001", "123", "7654321", "シマント テレワーク"));

    private static WorkerDue[] Dues() =>
    [
        new(Worker(1), new Yen(5_000), Account(number: "1111111")),
        new(Worker(2), new Yen(999), Account(number: "2222222")),
        new(Worker(3), new Yen(1_000), Account(number: "3333333")),
        new(Worker(4), Yen.Zero, Account(number: "4444444")),
        new(Worker(5), new Yen(2_000), null),
    ];

    private static PayoutBatch Built(bool isMonthEnd = false) =>
        PayoutBatch.Build(LeadAgentId, isMonthEnd ? MonthEnd : MidMonth, new DateOnly(2026, 11, 30), Dues(), isMonthEnd, BuildTime);

    private static (PayoutBatch Batch, Ledger Ledger) IssuedWithLedger()
    {
        var ledger = new Ledger();
        ledger.Post(Earning(Worker(1), new Yen(5_000), "earning:1"));
        ledger.Post(Earning(Worker(3), new Yen(1_000), "earning:3"));
        var batch = Built();
        ledger.Post(batch.PostingTransaction()!);

        batch.MarkPosted(BuildTime);
        batch.IssueFile(Requester, BuildTime);
        return (batch, ledger);
    }

    [Fact]
    public void Build_BeforeMonthEnd_CarriesForwardDuesUnder1000()
    {
        var batch = Built(isMonthEnd: false);

        Assert.Equal([(Worker(1), new Yen(5_000)), (Worker(3), new Yen(1_000))], batch.Payouts.Select(p => (p.WorkerId, p.Amount)));
        Assert.Equal(
            [new CarriedForward(Worker(2), new Yen(999), CarryForwardReason.BelowMinimum), new CarriedForward(Worker(5), new Yen(2_000), CarryForwardReason.NoBankAccount)],
            batch.CarriedForward);
        Assert.Equal(PayoutBatchStatus.Building, batch.Status);
        Assert.Equal(new Yen(6_000), batch.Total);
    }

    [Fact]
    public void Build_AtMonthEnd_PaysEvenDuesUnder1000()
    {
        var batch = Built(isMonthEnd: true);

        Assert.Equal([Worker(1), Worker(2), Worker(3)], batch.Payouts.Select(p => p.WorkerId));
        Assert.Equal([new CarriedForward(Worker(5), new Yen(2_000), CarryForwardReason.NoBankAccount)], batch.CarriedForward);
    }

    [Fact]
    public void Build_WithTheCalendar_TakesThePaymentDateAndMonthEndFromTheCutoff()
    {
        var batch = PayoutBatch.Build(LeadAgentId, MonthEnd, Calendar, Dues(), BuildTime);

        // Semi-monthly month-end close → the 15th of the next month: 2026-12-15 is a Tuesday.
        Assert.Equal(new DateOnly(2026, 12, 15), batch.PaymentDate);
        Assert.True(batch.IsMonthEnd);
        Assert.Contains(batch.Payouts, p => p.WorkerId == Worker(2));
    }

    [Fact]
    public void Build_WhenNobodyIsDueEnough_RecordsTheCutoffAsNothingDue()
    {
        var batch = PayoutBatch.Build(LeadAgentId, MidMonth, new DateOnly(2026, 11, 30), [new WorkerDue(Worker(2), new Yen(999), Account())], false, BuildTime);

        Assert.Equal(PayoutBatchStatus.NothingDue, batch.Status);
        Assert.Null(batch.PostingTransaction());
        Assert.Equal("payout_batch_empty", Code(() => batch.IssueFile(Requester, BuildTime)));
    }

    [Fact]
    public void Build_WhenAWorkerIsListedTwice_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => PayoutBatch.Build(
            LeadAgentId,
            MidMonth,
            new DateOnly(2026, 11, 30),
            [new WorkerDue(Worker(1), new Yen(5_000), Account()), new WorkerDue(Worker(1), new Yen(5_000), Account())],
            false,
            BuildTime));
    }

    [Fact]
    public void Build_WhenPaidBeforeTheCutoff_IsRefused()
    {
        Assert.Equal("payout_payment_date_before_cutoff", Code(() => PayoutBatch.Build(LeadAgentId, MidMonth, new DateOnly(2026, 11, 14), Dues(), false, BuildTime)));
    }

    [Fact]
    public void Id_ForAnAgentAndCutoff_IsTheSameOnEveryRun()
    {
        Assert.Equal(PayoutBatchId.For(LeadAgentId, MidMonth), Built().Id);
        Assert.NotEqual(PayoutBatchId.For(LeadAgentId, MidMonth), PayoutBatchId.For(SubAgentId, MidMonth));
        Assert.NotEqual(PayoutBatchId.For(LeadAgentId, MidMonth), PayoutBatchId.For(LeadAgentId, MidMonth with { Schedule = PayoutSchedule.Daily }));
    }

    [Fact]
    public void PostingTransaction_OfABatch_DebitsEachPayableAndCreditsTheBankOnceForTheTotal_WithAStableKey()
    {
        var first = Built().PostingTransaction()!;
        var rerun = Built().PostingTransaction()!;

        Assert.Equal(LedgerTransactionKind.Payout, first.Kind);
        Assert.Equal($"payout:{PayoutBatchId.For(LeadAgentId, MidMonth)}", first.IdempotencyKey);
        Assert.Null(first.ReversesId);
        Assert.Equal(
            [
                LedgerEntry.Debit(LedgerAccount.WorkerPayable(LeadAgentId, Worker(1)), new Yen(5_000)),
                LedgerEntry.Debit(LedgerAccount.WorkerPayable(LeadAgentId, Worker(3)), new Yen(1_000)),
                LedgerEntry.Credit(LedgerAccount.AgentBank(LeadAgentId), new Yen(6_000)),
            ],
            first.Entries);
        Assert.True(first.HasSameEffectAs(rerun));
    }

    [Fact]
    public void PostingTransaction_LeavesOutPayoutsARunBeforeADR0048PostedOneByOne()
    {
        var batch = Built();

        var rest = batch.PostingTransaction([Worker(1)])!;

        Assert.Equal(
            [LedgerEntry.Debit(LedgerAccount.WorkerPayable(LeadAgentId, Worker(3)), new Yen(1_000)), LedgerEntry.Credit(LedgerAccount.AgentBank(LeadAgentId), new Yen(1_000))],
            rest.Entries);
        Assert.Null(batch.PostingTransaction([Worker(1), Worker(3)]));
    }

    [Fact]
    public void PostingTransaction_Twice_PostsTheBatchOnce()
    {
        var ledger = new Ledger();
        ledger.Post(Earning(Worker(1), new Yen(5_000), "earning:1"));
        ledger.Post(Earning(Worker(3), new Yen(1_000), "earning:3"));

        Assert.True(ledger.Post(Built().PostingTransaction()!).IsNew);
        Assert.False(ledger.Post(Built().PostingTransaction()!).IsNew);

        Assert.Equal(Yen.Zero, ledger.BalanceOf(LedgerAccount.WorkerPayable(LeadAgentId, Worker(1))));
        Assert.Equal(new Yen(-6_000), ledger.BalanceOf(LedgerAccount.AgentBank(LeadAgentId)));
    }

    [Fact]
    public void PostingTransaction_WhenAPayeeIsOwedLessThanTheBatchPays_IsRefusedWhole()
    {
        var ledger = new Ledger();
        ledger.Post(Earning(Worker(1), new Yen(5_000), "earning:1"));
        ledger.Post(Earning(Worker(3), new Yen(999), "earning:3"));

        Assert.Equal("ledger_worker_payable_negative", Code(() => ledger.Post(Built().PostingTransaction()!)));
        Assert.DoesNotContain(ledger.Transactions, t => t.Kind == LedgerTransactionKind.Payout);
    }

    [Fact]
    public void IssueFile_BeforeThePayoutsArePosted_IsRefused()
    {
        Assert.Equal("payout_batch_not_posted", Code(() => Built().IssueFile(Requester, BuildTime)));
    }

    [Fact]
    public void Confirm_BeforeTheFileIsIssued_IsRefused()
    {
        var batch = Built();
        batch.MarkPosted(BuildTime);

        Assert.Equal("payout_batch_not_file_issued", Code(() => batch.Confirm(BuildTime)));
    }

    [Fact]
    public void Transitions_RepeatedAfterARestart_ChangeNothingTheSecondTime()
    {
        var batch = Built();
        batch.MarkPosted(BuildTime);
        batch.MarkPosted(BuildTime.AddMinutes(1));
        var file = batch.IssueFile(Requester, BuildTime.AddMinutes(2));
        var again = batch.IssueFile(Requester, BuildTime.AddMinutes(3));
        batch.Confirm(BuildTime.AddDays(14));
        batch.Confirm(BuildTime.AddDays(15));

        Assert.Equal(file.Records, again.Records);
        Assert.Equal(PayoutBatchStatus.Confirmed, batch.Status);
        Assert.Equal((BuildTime, BuildTime.AddMinutes(2), BuildTime.AddDays(14)), (batch.PostedAt!.Value, batch.FileIssuedAt!.Value, batch.ConfirmedAt!.Value));
        Assert.Equal(
            [typeof(PayoutBatchBuilt), typeof(PayoutBatchPosted), typeof(PayoutFileIssued), typeof(PayoutBatchConfirmed)],
            batch.DomainEvents.Select(e => e.GetType()));
        Assert.All(batch.Payouts, p => Assert.Equal(PayoutStatus.Paid, p.Status));
    }

    [Fact]
    public void MarkFailed_AfterTheFileWasIssued_ReturnsOnlyThatWorkersAmount_AndTheWorkerIsOwedItAgain()
    {
        var (batch, ledger) = IssuedWithLedger();
        var payable = LedgerAccount.WorkerPayable(LeadAgentId, Worker(1));
        Assert.Equal(Yen.Zero, ledger.BalanceOf(payable));

        var failed = ledger.Post(batch.MarkFailed(Worker(1), "口座解約済み", BuildTime.AddDays(15))).Transaction;
        batch.Confirm(BuildTime.AddDays(15));

        Assert.Equal(LedgerTransactionKind.PayoutFailed, failed.Kind);
        Assert.Null(failed.ReversesId);
        Assert.Equal($"reversal:payout:{batch.Id}:{Worker(1)}", failed.IdempotencyKey);
        Assert.Equal([LedgerEntry.Credit(payable, new Yen(5_000)), LedgerEntry.Debit(LedgerAccount.AgentBank(LeadAgentId), new Yen(5_000))], failed.Entries);
        Assert.Equal(new Yen(5_000), ledger.BalanceOf(payable));
        Assert.Equal(Yen.Zero, ledger.BalanceOf(LedgerAccount.WorkerPayable(LeadAgentId, Worker(3))));
        Assert.Equal(new Yen(-1_000), ledger.BalanceOf(LedgerAccount.AgentBank(LeadAgentId)));
        Assert.Equal(PayoutStatus.Failed, batch.Payouts.Single(p => p.WorkerId == Worker(1)).Status);
        Assert.Equal(PayoutStatus.Paid, batch.Payouts.Single(p => p.WorkerId == Worker(3)).Status);
    }

    [Fact]
    public void MarkFailed_Twice_PostsOneReversal()
    {
        var (batch, ledger) = IssuedWithLedger();

        var first = ledger.Post(batch.MarkFailed(Worker(1), "口座名義相違", BuildTime.AddDays(15)));
        var second = ledger.Post(batch.MarkFailed(Worker(1), "もう一度", BuildTime.AddDays(16)));

        Assert.True(first.IsNew);
        Assert.False(second.IsNew);
        Assert.Equal("口座名義相違", batch.Payouts.Single(p => p.WorkerId == Worker(1)).FailureReason);
        Assert.Single(batch.DomainEvents.OfType<PayoutTransferFailed>());
    }

    [Fact]
    public void MarkFailed_ThenTheNextCutoff_CarriesTheFailedAmountForward()
    {
        var (batch, ledger) = IssuedWithLedger();
        ledger.Post(batch.MarkFailed(Worker(1), "口座解約済み", BuildTime.AddDays(15)));

        var dues = PayoutDues.AtCutoff(ledger.Transactions, LeadAgentId, MonthEnd.ClosesAt);
        var next = PayoutBatch.Build(LeadAgentId, MonthEnd, Calendar, dues.Select(d => new WorkerDue(d.Key, d.Value, Account(number: "1111112"))), MonthEnd.ClosesAt.AddHours(1));

        Assert.Equal([(Worker(1), new Yen(5_000))], next.Payouts.Select(p => (p.WorkerId, p.Amount)));
    }

    [Fact]
    public void MarkFailed_BeforeTheFileIsIssued_IsRefused()
    {
        var batch = Built();
        batch.MarkPosted(BuildTime);

        Assert.Equal("payout_batch_not_file_issued", Code(() => batch.MarkFailed(Worker(1), "口座解約済み", BuildTime)));
    }

    [Fact]
    public void MarkFailed_ForAWorkerNotInTheBatch_IsRefused()
    {
        var (batch, _) = IssuedWithLedger();

        Assert.Equal("payout_not_in_batch", Code(() => batch.MarkFailed(Worker(2), "口座解約済み", BuildTime)));
    }

    [Fact]
    public void MarkFailed_WithoutAReason_IsRefused()
    {
        var (batch, _) = IssuedWithLedger();

        Assert.Equal("payout_failure_reason_required", Code(() => batch.MarkFailed(Worker(1), " ", BuildTime)));
    }

    [Fact]
    public void BatchOf_ReadsTheBatchFromEachOfItsLedgerKeys_AndNothingFromOthers()
    {
        var batch = Built();
        var worker = batch.Payouts[0].WorkerId;

        Assert.All([batch.LedgerKey, batch.LedgerKeyFor(worker), batch.FailureKeyFor(worker)], key => Assert.Equal(batch.Id, PayoutBatch.BatchOf(key)));
        Assert.All(["earning:" + Guid.NewGuid(), "payout:not-a-guid", "client-payment:x", ""], key => Assert.Null(PayoutBatch.BatchOf(key)));
    }

    private static PayoutBatch Restored(PayoutBatch batch, PayoutBatchStatus? status = null, PayoutBatchId? id = null) =>
        PayoutBatch.Restore(
            id ?? batch.Id, batch.AgentId, batch.Cutoff, batch.PaymentDate, batch.IsMonthEnd, status ?? batch.Status,
            batch.BuiltAt, batch.PostedAt, batch.FileIssuedAt, batch.ConfirmedAt,
            batch.Payouts.Select(p => Payout.Restore(p.WorkerId, p.Amount, p.Account, p.Status, p.FailureReason, p.FailedAt)),
            batch.CarriedForward);

    [Fact]
    public void Restore_OfAStoredBatch_ContinuesWhereItStopped_AndGivesTheSamePostings()
    {
        var (issued, _) = IssuedWithLedger();
        issued.MarkFailed(Worker(3), "口座解約", BuildTime.AddDays(1));

        var restored = Restored(issued);

        Assert.True(issued.PostingTransaction()!.HasSameEffectAs(restored.PostingTransaction()!));
        Assert.Equal(PayoutStatus.Failed, restored.Payouts.Single(p => p.WorkerId == Worker(3)).Status);
        Assert.True(restored.MarkFailed(Worker(3), "口座解約", BuildTime.AddDays(2)).HasSameEffectAs(issued.MarkFailed(Worker(3), "口座解約", BuildTime.AddDays(2))));
        Assert.Empty(restored.DomainEvents);
        restored.Confirm(BuildTime.AddDays(3));
        Assert.Equal(PayoutStatus.Paid, restored.Payouts.Single(p => p.WorkerId == Worker(1)).Status);
    }

    [Fact]
    public void Restore_OfAnInconsistentRow_IsRefused()
    {
        var (issued, _) = IssuedWithLedger();

        Assert.Throws<ArgumentException>(() => Restored(issued, status: PayoutBatchStatus.Building)); // posted and issued times say otherwise
        Assert.Throws<ArgumentException>(() => Restored(issued, id: new PayoutBatchId(Guid.NewGuid())));
        Assert.Throws<ArgumentException>(() => Payout.Restore(Worker(1), new Yen(1_000), Account(), PayoutStatus.Failed, null, null));
    }
}
