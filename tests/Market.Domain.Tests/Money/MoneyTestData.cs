using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;
using Market.Domain.Subcontracting;
using Market.Domain.Tests.Support;
using Market.Domain.Units;

namespace Market.Domain.Tests.Money;

/// <summary>Agents, workers, accepted units and a hand-built holiday calendar for the money tests.</summary>
internal static class MoneyTestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 10, 10, 0, 0, TimeSpan.FromHours(9));
    public static readonly Guid LeadAgentId = AgentLayer.LeadAgentId;
    public static readonly Guid SubAgentId = AgentLayer.AllyAgentId;
    public static readonly Guid ClientId = TestJobs.ClientId;

    public static Guid Worker(int n) => AgentLayer.WorkerUserId(n);

    /// <summary>
    /// Japanese public holidays of 2026 and 2027, typed by hand for the tests and checked against
    /// @holiday-jp/holiday_jp 2.5.1 (which the Api loads). 31 December to 3 January are not public holidays
    /// except 1 January; the bank calendar closes them itself.
    /// </summary>
    public static readonly HolidaySet Holidays = new(
        [
            new(2026, 1, 1), new(2026, 1, 12), new(2026, 2, 11), new(2026, 2, 23), new(2026, 3, 20), new(2026, 4, 29),
            new(2026, 5, 3), new(2026, 5, 4), new(2026, 5, 5), new(2026, 5, 6), new(2026, 7, 20), new(2026, 8, 11),
            new(2026, 9, 21), new(2026, 9, 22), new(2026, 9, 23), new(2026, 10, 12), new(2026, 11, 3), new(2026, 11, 23),
            new(2027, 1, 1), new(2027, 1, 11), new(2027, 2, 11), new(2027, 2, 23), new(2027, 3, 21), new(2027, 3, 22),
            new(2027, 4, 29), new(2027, 5, 3), new(2027, 5, 4), new(2027, 5, 5), new(2027, 7, 19), new(2027, 8, 11),
            new(2027, 9, 20), new(2027, 9, 23), new(2027, 10, 11), new(2027, 11, 3), new(2027, 11, 23),
        ],
        2026,
        2027);

    public static readonly BankCalendar Bank = new(Holidays);

    public static readonly PayoutCalendar Calendar = new(Bank);

    public static readonly WithholdingConfig WithholdWebEdits = new([JobType.WebEdit]);

    public static Job InProgressJob(JobType type = JobType.WebEdit, Guid? agentId = null) => AgentLayer.InProgressJob(agentId ?? LeadAgentId, type);

    /// <summary>A unit of <paramref name="job"/> driven through its real transitions to Accepted by <paramref name="workerId"/>.</summary>
    public static WorkUnit AcceptedUnit(Job job, int sequence, Guid workerId, long durationMs = 305_000)
    {
        var unit = job.Type switch
        {
            JobType.Transcription => WorkUnit.ForTranscription(job.Id, sequence, new TranscriptionSegment(TestJobs.InputFile, 0, durationMs), job.TranscriptionSettings!.Style),
            JobType.WebEdit => WorkUnit.ForWebEdit(job.Id, sequence, new WebEditPage(TestJobs.InputFile, sequence - 1, $"https://example.jp/page/{sequence}")),
            _ => throw new ArgumentOutOfRangeException(nameof(job), job.Type, "Transcription or web edit units only."),
        };
        unit.MakeAvailable(Now);
        return Accept(unit, workerId);
    }

    public static WorkUnit Accept(WorkUnit unit, Guid workerId)
    {
        if (unit.Status == WorkUnitStatus.Pending)
        {
            unit.MakeAvailable(Now);
        }

        var assignmentId = Guid.NewGuid();
        unit.Assign(workerId, assignmentId, Now);
        unit.Submit(assignmentId, Now);
        unit.Accept(Now);
        unit.ClearDomainEvents();
        return unit;
    }

    /// <summary>An accepted subcontract of <paramref name="units"/> from the lead to the sub-agent.</summary>
    public static Subcontract AcceptedSubcontract(Job job, IReadOnlyCollection<WorkUnit> units, Yen price, SubcontractPriceBasis basis)
    {
        var subcontract = Subcontract.Propose(
            SubcontractId.New(),
            job,
            job.ContractedAgentId!.Value,
            AgentLayer.ApprovedAgent(SubAgentId),
            units,
            [],
            price,
            basis,
            Now);
        subcontract.Accept(SubAgentId, Now);
        subcontract.ClearDomainEvents();
        return subcontract;
    }

    public static BankAccount Account(string bank = "0001", string branch = "001", string number = "1234567", string holder = "ヤマダ タロウ") =>
        BankAccount.Create(bank, branch, BankAccountType.Ordinary, number, holder);

    public static LedgerTransaction Earning(Guid workerId, Yen pay, string key, Guid? agentId = null, DateTimeOffset? at = null)
    {
        var agent = agentId ?? LeadAgentId;
        return LedgerTransaction.Create(
            LedgerTransactionKind.Earning,
            key,
            at ?? Now,
            "test earning",
            [LedgerEntry.Debit(LedgerAccount.AgentCost(agent), pay), LedgerEntry.Credit(LedgerAccount.WorkerPayable(agent, workerId), pay)]);
    }

    public static string Code(Action action) => Record(action).Code;

    public static (string Code, Type Type) Record(Action action)
    {
        var exception = Assert.ThrowsAny<Exception>(action);
        return exception switch
        {
            DomainRuleException rule => (rule.Code, typeof(DomainRuleException)),
            UnprocessableInputException input => (input.Code, typeof(UnprocessableInputException)),
            _ => throw new Xunit.Sdk.XunitException($"Expected a coded refusal, got {exception}"),
        };
    }
}
