using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;
using Market.Domain.Assignments;
using Market.Domain.Pricing;
using Market.Domain.Quality;
using Market.Domain.Subcontracting;
using Market.Domain.Units;
using static Market.Domain.Tests.Money.MoneyTestData;

namespace Market.Domain.Tests.Money;

public class EarningsTests
{
    private static WorkUnit AvailableWebEditUnit(Job job, int sequence)
    {
        var unit = WorkUnit.ForWebEdit(job.Id, sequence, new WebEditPage(Support.TestJobs.InputFile, sequence - 1, $"https://example.jp/{sequence}"));
        unit.MakeAvailable(Now);
        return unit;
    }

    [Fact]
    public void SubjectOf_ReadsTheUnitOrReviewTaskFromAnEarningsKey_ItsRevisionsAndReversal_AndNothingFromOthers()
    {
        var unit = new WorkUnitId(Guid.NewGuid());
        var task = new ReviewTaskId(Guid.NewGuid());

        Assert.All([Earnings.KeyFor(unit), Earnings.KeyFor(unit, 2), LedgerTransaction.ReversalKeyPrefix + Earnings.KeyFor(unit)],
            key => Assert.Equal((unit, (ReviewTaskId?)null), Earnings.SubjectOf(key)));
        Assert.Equal(((WorkUnitId?)null, task), Earnings.SubjectOf(Earnings.KeyForTask(task)));
        Assert.All(["payout:" + Guid.NewGuid(), "earning:not-a-guid", "earning:task:x", ""],
            key => Assert.Equal(((WorkUnitId?)null, (ReviewTaskId?)null), Earnings.SubjectOf(key)));
    }

    [Fact]
    public void ForAcceptedUnit_WebEditWithWithholding_PostsCostPayableAndWithheldTax()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AcceptedUnit(job, 1, Worker(1));

        var earning = Earnings.ForAcceptedUnit(job, unit, RateCard.Default, LeadAgentId, null, WithholdWebEdits, Now);

        // ¥800 per page; 800 × 10.21 % = 81.68 → ¥81 withheld; the worker is owed ¥719.
        Assert.Equal(LedgerTransactionKind.Earning, earning.Kind);
        Assert.Equal($"earning:{unit.Id}", earning.IdempotencyKey);
        Assert.Equal(
            [
                LedgerEntry.Debit(LedgerAccount.AgentCost(LeadAgentId), new Yen(800)),
                LedgerEntry.Credit(LedgerAccount.WorkerPayable(LeadAgentId, Worker(1)), new Yen(719)),
                LedgerEntry.Credit(LedgerAccount.WithholdingTaxPayable(LeadAgentId), new Yen(81)),
            ],
            earning.Entries);
    }

    [Fact]
    public void ForAcceptedUnit_TranscriptionByDefault_WithholdsNothing()
    {
        var job = InProgressJob(JobType.Transcription);
        var unit = AcceptedUnit(job, 1, Worker(1), durationMs: 305_000);

        var earning = Earnings.ForAcceptedUnit(job, unit, RateCard.Default, LeadAgentId, null, WithholdingConfig.Default, Now);

        // Verbatim at ¥60 per audio minute: 305 s → ¥305.
        Assert.Equal(
            [
                LedgerEntry.Debit(LedgerAccount.AgentCost(LeadAgentId), new Yen(305)),
                LedgerEntry.Credit(LedgerAccount.WorkerPayable(LeadAgentId, Worker(1)), new Yen(305)),
            ],
            earning.Entries);
    }

    [Fact]
    public void ForAcceptedUnit_Subcontracted_MovesMoneyLeadToSubAgentToWorker()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AvailableWebEditUnit(job, 1);
        var subcontract = AcceptedSubcontract(job, [unit], new Yen(950), SubcontractPriceBasis.PerUnit);
        Accept(unit, Worker(7));

        var earning = Earnings.ForAcceptedUnit(job, unit, RateCard.Default, SubAgentId, subcontract, WithholdWebEdits, Now);

        Assert.Equal(
            [
                LedgerEntry.Debit(LedgerAccount.AgentCost(LeadAgentId), new Yen(950)),
                LedgerEntry.Credit(LedgerAccount.AgentPayable(LeadAgentId, SubAgentId), new Yen(950)),
                LedgerEntry.Debit(LedgerAccount.AgentReceivable(SubAgentId, LeadAgentId), new Yen(950)),
                LedgerEntry.Credit(LedgerAccount.AgentRevenue(SubAgentId), new Yen(950)),
                LedgerEntry.Debit(LedgerAccount.AgentCost(SubAgentId), new Yen(800)),
                LedgerEntry.Credit(LedgerAccount.WorkerPayable(SubAgentId, Worker(7)), new Yen(719)),
                LedgerEntry.Credit(LedgerAccount.WithholdingTaxPayable(SubAgentId), new Yen(81)),
            ],
            earning.Entries);
        var balances = LedgerBalances.Of([earning]);
        // The sub-agent keeps ¥150 of margin (950 revenue − 800 cost); the lead carries ¥950 of cost until it invoices.
        Assert.Equal(new Yen(150), balances[LedgerAccount.AgentRevenue(SubAgentId)] - balances[LedgerAccount.AgentCost(SubAgentId)]);
        Assert.Equal(new Yen(950), balances[LedgerAccount.AgentCost(LeadAgentId)]);
    }

    [Fact]
    public void UnitShareOfPrice_TotalPrice_SpreadsOverTheUnitsAndAddsUpExactly()
    {
        var job = InProgressJob(JobType.WebEdit);
        WorkUnit[] units = [AvailableWebEditUnit(job, 1), AvailableWebEditUnit(job, 2), AvailableWebEditUnit(job, 3)];
        var subcontract = AcceptedSubcontract(job, units, new Yen(1_000), SubcontractPriceBasis.Total);

        var shares = units.Select(u => Earnings.UnitShareOfPrice(subcontract, u.Id)).ToList();

        // ⌊1000·1/3⌋ = 333; ⌊1000·2/3⌋ − 333 = 666 − 333 = 333; 1000 − 666 = 334.
        Assert.Equal([new Yen(333), new Yen(333), new Yen(334)], shares);
    }

    [Fact]
    public void ForAcceptedUnit_WhenTheUnitIsNotAccepted_IsRefused()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AvailableWebEditUnit(job, 1);

        Assert.Equal("earning_unit_not_accepted", Code(() => Earnings.ForAcceptedUnit(job, unit, RateCard.Default, LeadAgentId, null, WithholdingConfig.Default, Now)));
    }

    [Fact]
    public void ForAcceptedUnit_WhenTheAgentDidNotContractTheJob_IsRefused()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AcceptedUnit(job, 1, Worker(1));

        Assert.Equal("earning_agent_not_contracted", Code(() => Earnings.ForAcceptedUnit(job, unit, RateCard.Default, SubAgentId, null, WithholdingConfig.Default, Now)));
    }

    [Fact]
    public void ForAcceptedUnit_WhenTheLeadPassesTheSubcontract_IsRefused()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AvailableWebEditUnit(job, 1);
        var subcontract = AcceptedSubcontract(job, [unit], new Yen(950), SubcontractPriceBasis.PerUnit);
        Accept(unit, Worker(7));

        Assert.Equal("earning_agent_not_contracted", Code(() => Earnings.ForAcceptedUnit(job, unit, RateCard.Default, LeadAgentId, subcontract, WithholdingConfig.Default, Now)));
    }

    [Fact]
    public void ForAcceptedUnit_WhenTheSubcontractIsOnlyProposed_IsRefused()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AvailableWebEditUnit(job, 1);
        var proposed = Subcontract.Propose(SubcontractId.New(), job, LeadAgentId, Support.AgentLayer.ApprovedAgent(SubAgentId), [unit], [], new Yen(950), SubcontractPriceBasis.PerUnit, Now);
        Accept(unit, Worker(7));

        Assert.Equal("earning_subcontract_not_accepted", Code(() => Earnings.ForAcceptedUnit(job, unit, RateCard.Default, SubAgentId, proposed, WithholdingConfig.Default, Now)));
    }

    [Fact]
    public void ForAcceptedUnit_WhenTheSubcontractDoesNotCoverTheUnit_IsRefused()
    {
        var job = InProgressJob(JobType.WebEdit);
        var covered = AvailableWebEditUnit(job, 1);
        var subcontract = AcceptedSubcontract(job, [covered], new Yen(950), SubcontractPriceBasis.PerUnit);
        var other = AcceptedUnit(job, 2, Worker(7));

        Assert.Equal("earning_subcontract_not_covering_unit", Code(() => Earnings.ForAcceptedUnit(job, other, RateCard.Default, SubAgentId, subcontract, WithholdingConfig.Default, Now)));
    }

    [Fact]
    public void ForAcceptedUnit_PostedTwice_IsInTheLedgerOnce()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AcceptedUnit(job, 1, Worker(1));
        var ledger = new Ledger();

        var first = ledger.Post(Earnings.ForAcceptedUnit(job, unit, RateCard.Default, LeadAgentId, null, WithholdWebEdits, Now));
        var second = ledger.Post(Earnings.ForAcceptedUnit(job, unit, RateCard.Default, LeadAgentId, null, WithholdWebEdits, Now.AddSeconds(3)));

        Assert.True(first.IsNew);
        Assert.False(second.IsNew);
        Assert.Equal(new Yen(719), ledger.BalanceOf(LedgerAccount.WorkerPayable(LeadAgentId, Worker(1))));
    }

    [Fact]
    public void ForAcceptedUnit_CorrectedAfterAReversal_UsesTheRevisionKey()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AcceptedUnit(job, 1, Worker(1));
        var ledger = new Ledger();
        var wrong = ledger.Post(Earnings.ForAcceptedUnit(job, unit, RateCard.Default, LeadAgentId, null, WithholdingConfig.Default, Now)).Transaction;
        ledger.Reverse(wrong.Id, Now, "源泉徴収の設定漏れ");

        var corrected = ledger.Post(Earnings.ForAcceptedUnit(job, unit, RateCard.Default, LeadAgentId, null, WithholdWebEdits, Now, revision: 1));

        Assert.True(corrected.IsNew);
        Assert.Equal($"earning:{unit.Id}:r1", corrected.Transaction.IdempotencyKey);
        Assert.Equal(new Yen(719), ledger.BalanceOf(LedgerAccount.WorkerPayable(LeadAgentId, Worker(1))));
        Assert.Equal(new Yen(81), ledger.BalanceOf(LedgerAccount.WithholdingTaxPayable(LeadAgentId)));
    }

    private static SubmissionAccepted Accepted(WorkUnit unit, Guid agentId, Guid workerId, bool unitAccepted, ReviewTaskId? taskId = null) =>
        new(taskId ?? ReviewTaskId.New(), unit.Id, unit.JobId, agentId, workerId, AssignmentId.New(), null, IsAuto: true, AcceptanceKind.NotSampled, unitAccepted, Now.AddHours(1));

    [Fact]
    public void ForAcceptance_OfTheUnit_IsKeyedByTheUnit_AndDatedWhenAccepted()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AcceptedUnit(job, 1, Worker(1));

        var earning = Earnings.ForAcceptance(Accepted(unit, LeadAgentId, Worker(1), unitAccepted: true), job, unit, RateCard.Default, null, WithholdWebEdits)!;

        Assert.Equal(Earnings.KeyFor(unit.Id), earning.IdempotencyKey);
        Assert.Equal(Now.AddHours(1), earning.OccurredAt);
        Assert.Equal(new Yen(719), LedgerBalances.Of([earning], LedgerAccount.WorkerPayable(LeadAgentId, Worker(1))));
    }

    [Fact]
    public void ForAcceptance_OfAnOverturnedRejection_WhenTheUnitWentToSomeoneElse_IsKeyedByTheTask_AndPaysTheAppellant()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AcceptedUnit(job, 1, Worker(2));
        var taskId = ReviewTaskId.New();

        var appellant = Earnings.ForAcceptance(Accepted(unit, LeadAgentId, Worker(1), unitAccepted: false, taskId), job, unit, RateCard.Default, null, WithholdingConfig.Default)!;
        var finisher = Earnings.ForAcceptance(Accepted(unit, LeadAgentId, Worker(2), unitAccepted: true), job, unit, RateCard.Default, null, WithholdingConfig.Default)!;

        Assert.Equal($"earning:task:{taskId.Value}", appellant.IdempotencyKey);
        var ledger = new Ledger([appellant, finisher]);
        Assert.Equal(new Yen(800), ledger.BalanceOf(LedgerAccount.WorkerPayable(LeadAgentId, Worker(1))));
        Assert.Equal(new Yen(800), ledger.BalanceOf(LedgerAccount.WorkerPayable(LeadAgentId, Worker(2))));
    }

    [Fact]
    public void ForAcceptance_OfTheUnitByAnotherWorkerThanTheUnitNames_IsRefused()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AcceptedUnit(job, 1, Worker(2));

        Assert.Equal("earning_worker_mismatch", Code(() => Earnings.ForAcceptance(Accepted(unit, LeadAgentId, Worker(1), unitAccepted: true), job, unit, RateCard.Default, null, WithholdingConfig.Default)));
    }

    [Fact]
    public void ForAcceptance_OfWorkThatPaysNothing_PostsNothing()
    {
        var job = InProgressJob(JobType.WebEdit);
        var unit = AcceptedUnit(job, 1, Worker(1));
        var free = new RateCard(new Yen(60), new Yen(70), new Yen(90), new Yen(2), Yen.Zero, 2_500);

        Assert.Null(Earnings.ForAcceptance(Accepted(unit, LeadAgentId, Worker(1), unitAccepted: true), job, unit, free, null, WithholdingConfig.Default));
        Assert.Equal("ledger_amount_not_positive", Code(() => Earnings.ForAcceptedUnit(job, unit, free, LeadAgentId, null, WithholdingConfig.Default, Now)));
    }
}
