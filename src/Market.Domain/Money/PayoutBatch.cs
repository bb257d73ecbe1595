using System.Security.Cryptography;
using System.Text;
using Market.Domain.Common;

namespace Market.Domain.Money;

public readonly record struct PayoutBatchId(Guid Value)
{
    /// <summary>
    /// The id of the agent's batch for a cut-off: a name-based (version 8) GUID, so a rerun of the payout job
    /// computes the same id and the unique key on it (as on agent + cut-off) refuses a second batch.
    /// </summary>
    public static PayoutBatchId For(Guid agentId, PayoutCutoff cutoff)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"payout-batch:{agentId}:{cutoff}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new PayoutBatchId(new Guid(hash.AsSpan(0, 16), bigEndian: true));
    }

    public override string ToString() => Value.ToString();
}

public enum PayoutBatchStatus
{
    /// <summary>Payouts decided; their ledger transactions may not all be posted yet.</summary>
    Building = 0,

    /// <summary>Every payout is in the ledger.</summary>
    Posted = 1,

    /// <summary>The Zengin file was produced for the agent to send to its bank.</summary>
    FileIssued = 2,

    /// <summary>The agent confirmed the bank made the transfers.</summary>
    Confirmed = 3,

    /// <summary>Nobody was due a payout at this cut-off; the batch only records that the cut-off was handled.</summary>
    NothingDue = 4,
}

public enum PayoutStatus
{
    Pending = 0,
    Paid = 1,
    Failed = 2,
}

/// <summary>What the ledger says a worker is owed at the cut-off, and where to send it.</summary>
public sealed record WorkerDue(Guid WorkerId, Yen Due, BankAccount? Account);

public enum CarryForwardReason
{
    /// <summary>Less than ¥1,000 and not the month's last close: a transfer fee would eat too much of it.</summary>
    BelowMinimum = 0,

    /// <summary>The worker has not given a bank account yet.</summary>
    NoBankAccount = 1,
}

/// <summary>A worker's due left for a later cut-off; nothing is posted for it.</summary>
public sealed record CarriedForward(Guid WorkerId, Yen Due, CarryForwardReason Reason);

/// <summary>One transfer to one worker in a batch.</summary>
public sealed class Payout
{
    private Payout()
    {
        Account = null!;
    }

    internal Payout(Guid workerId, Yen amount, BankAccount account)
    {
        WorkerId = workerId;
        Amount = amount;
        Account = account;
        Status = PayoutStatus.Pending;
    }

    /// <summary>Rebuilds a stored payout (persistence only).</summary>
    public static Payout Restore(Guid workerId, Yen amount, BankAccount account, PayoutStatus status, string? failureReason, DateTimeOffset? failedAt)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!Enum.IsDefined(status) || (status == PayoutStatus.Failed) != (failureReason is not null && failedAt is not null))
        {
            throw new ArgumentException("A failed payout, and only a failed one, has a failure reason and time.", nameof(status));
        }

        return new Payout(workerId, amount, account) { Status = status, FailureReason = failureReason, FailedAt = failedAt };
    }

    public Guid WorkerId { get; private set; }

    public Yen Amount { get; private set; }

    /// <summary>The account as it was when the batch was built; a later change by the worker does not redirect this transfer.</summary>
    public BankAccount Account { get; private set; }

    public PayoutStatus Status { get; private set; }

    public string? FailureReason { get; private set; }

    public DateTimeOffset? FailedAt { get; private set; }

    internal void MarkPaid()
    {
        if (Status == PayoutStatus.Pending)
        {
            Status = PayoutStatus.Paid;
        }
    }

    internal void MarkFailed(string reason, DateTimeOffset now)
    {
        Status = PayoutStatus.Failed;
        FailureReason = reason;
        FailedAt = now;
    }
}

/// <summary>
/// One agent's payouts for one cut-off of one schedule: one payout per worker due at least ¥1,000 (or anything
/// at all at the month's last close), posted to the ledger, sent to the bank as a Zengin file, confirmed by the
/// agent. Each schedule's cut-off is its own batch because a Zengin file has one transfer date.
/// <para>
/// Restartable: the id and the ledger keys are derived from the agent, the cut-off and the worker, so a
/// job killed half-way reruns the same steps; <see cref="MarkPosted"/>, <see cref="IssueFile"/>,
/// <see cref="Confirm"/> and <see cref="MarkFailed"/> may be repeated and change nothing the second time.
/// </para>
/// <para>
/// The batch posts one transaction: <c>Dr WorkerPayable(agent, worker)</c> per payout for its net amount and
/// <c>Cr AgentBank(agent)</c> for the total (ADR 0048). Withholding
/// was taken at earning time (see <see cref="Earnings"/>), so the payable already is what the worker receives.
/// </para>
/// </summary>
public sealed class PayoutBatch : AggregateRoot
{
    public const string KeyPrefix = "payout:";
    public static readonly Yen MinimumPayout = new(1_000);

    private readonly List<Payout> _payouts = [];
    private readonly List<CarriedForward> _carriedForward = [];

    private PayoutBatch()
    {
    }

    private PayoutBatch(Guid agentId, PayoutCutoff cutoff, DateOnly paymentDate, bool isMonthEnd, DateTimeOffset now)
    {
        Id = PayoutBatchId.For(agentId, cutoff);
        AgentId = agentId;
        Cutoff = cutoff;
        PaymentDate = paymentDate;
        IsMonthEnd = isMonthEnd;
        BuiltAt = now;
    }

    public PayoutBatchId Id { get; private set; }

    public Guid AgentId { get; private set; }

    public PayoutCutoff Cutoff { get; private set; }

    /// <summary>The transfer date (取組日) the file asks the bank for.</summary>
    public DateOnly PaymentDate { get; private set; }

    public bool IsMonthEnd { get; private set; }

    public PayoutBatchStatus Status { get; private set; }

    public IReadOnlyList<Payout> Payouts => _payouts;

    public IReadOnlyList<CarriedForward> CarriedForward => _carriedForward;

    public DateTimeOffset BuiltAt { get; private set; }

    public DateTimeOffset? PostedAt { get; private set; }

    public DateTimeOffset? FileIssuedAt { get; private set; }

    public DateTimeOffset? ConfirmedAt { get; private set; }

    /// <summary>What the batch sends, failed transfers included.</summary>
    public Yen Total => Yen.Sum(_payouts.Select(p => p.Amount));

    /// <summary>The batch for a cut-off, with the payment date and month-end rule the calendar gives it.</summary>
    public static PayoutBatch Build(Guid agentId, PayoutCutoff cutoff, PayoutCalendar calendar, IEnumerable<WorkerDue> dues, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var checkedCutoff = calendar.Cutoff(cutoff.Schedule, cutoff.Date);
        return Build(agentId, checkedCutoff, calendar.PaymentDate(checkedCutoff), dues, calendar.IsMonthEnd(checkedCutoff), now);
    }

    /// <param name="dues">Each worker's due at the cut-off (<see cref="PayoutDues.AtCutoff"/>) with their bank account; one entry per worker.</param>
    /// <param name="isMonthEnd">The month's last close: every due is paid however small.</param>
    public static PayoutBatch Build(Guid agentId, PayoutCutoff cutoff, DateOnly paymentDate, IEnumerable<WorkerDue> dues, bool isMonthEnd, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dues);
        if (agentId == Guid.Empty)
        {
            throw new ArgumentException("A batch is an agent's.", nameof(agentId));
        }

        var list = dues.ToList();
        if (list.Select(d => d.WorkerId).Distinct().Count() != list.Count)
        {
            throw new ArgumentException("Give each worker's due once.", nameof(dues));
        }

        Guard.Against(paymentDate < cutoff.Date, "payout_payment_date_before_cutoff", "A payout is paid on or after its cut-off.");
        var batch = new PayoutBatch(agentId, cutoff, paymentDate, isMonthEnd, now);
        foreach (var due in list.Where(d => d.Due.IsPositive).OrderBy(d => d.WorkerId))
        {
            if (due.Account is null)
            {
                batch._carriedForward.Add(new CarriedForward(due.WorkerId, due.Due, CarryForwardReason.NoBankAccount));
            }
            else if (due.Due < MinimumPayout && !isMonthEnd)
            {
                batch._carriedForward.Add(new CarriedForward(due.WorkerId, due.Due, CarryForwardReason.BelowMinimum));
            }
            else
            {
                batch._payouts.Add(new Payout(due.WorkerId, due.Due, due.Account));
            }
        }

        batch.Status = batch._payouts.Count == 0 ? PayoutBatchStatus.NothingDue : PayoutBatchStatus.Building;
        batch.Raise(new PayoutBatchBuilt(batch.Id, agentId, cutoff, paymentDate, batch._payouts.Count, batch.Total, now));
        return batch;
    }

    /// <summary>
    /// Rebuilds a stored batch (persistence only), checking what can be checked: the id is the one the agent and cut-off
    /// give, a batch with nobody paid is <see cref="PayoutBatchStatus.NothingDue"/>, and the timestamps match the status.
    /// </summary>
    public static PayoutBatch Restore(
        PayoutBatchId id,
        Guid agentId,
        PayoutCutoff cutoff,
        DateOnly paymentDate,
        bool isMonthEnd,
        PayoutBatchStatus status,
        DateTimeOffset builtAt,
        DateTimeOffset? postedAt,
        DateTimeOffset? fileIssuedAt,
        DateTimeOffset? confirmedAt,
        IEnumerable<Payout> payouts,
        IEnumerable<CarriedForward> carriedForward)
    {
        ArgumentNullException.ThrowIfNull(payouts);
        ArgumentNullException.ThrowIfNull(carriedForward);
        var batch = new PayoutBatch(agentId, cutoff, paymentDate, isMonthEnd, builtAt);
        batch._payouts.AddRange(payouts.OrderBy(p => p.WorkerId));
        batch._carriedForward.AddRange(carriedForward);
        var consistent = batch.Id == id
            && Enum.IsDefined(status)
            && (status == PayoutBatchStatus.NothingDue) == (batch._payouts.Count == 0)
            && (postedAt is not null) == (status is PayoutBatchStatus.Posted or PayoutBatchStatus.FileIssued or PayoutBatchStatus.Confirmed)
            && (fileIssuedAt is not null) == (status is PayoutBatchStatus.FileIssued or PayoutBatchStatus.Confirmed)
            && (confirmedAt is not null) == (status == PayoutBatchStatus.Confirmed)
            && batch._payouts.Select(p => p.WorkerId).Distinct().Count() == batch._payouts.Count;
        if (!consistent)
        {
            throw new ArgumentException($"Stored payout batch {id} is inconsistent.", nameof(status));
        }

        batch.Status = status;
        batch.PostedAt = postedAt;
        batch.FileIssuedAt = fileIssuedAt;
        batch.ConfirmedAt = confirmedAt;
        return batch;
    }

    /// <summary>
    /// The batch's one ledger transaction (ADR 0048), the same on every call: a debit of each payee's payable and one
    /// credit of the agent's bank for the total, keyed <c>payout:{batch}</c>, so the batch is posted at most once. Post
    /// it, then <see cref="MarkPosted"/>. Null when nothing is left to post.
    /// </summary>
    /// <param name="postedOneByOne">
    /// Payees whose payout a run from before ADR 0048 already posted as a one-worker transaction
    /// (<see cref="LedgerKeyFor"/>) before it stopped: left out, so nobody is paid twice.
    /// </param>
    public LedgerTransaction? PostingTransaction(IReadOnlyCollection<Guid>? postedOneByOne = null)
    {
        var payouts = _payouts.Where(p => postedOneByOne is null || !postedOneByOne.Contains(p.WorkerId)).ToList();
        if (payouts.Count == 0)
        {
            return null;
        }

        return LedgerTransaction.Create(
            LedgerTransactionKind.Payout,
            LedgerKey,
            BuiltAt,
            $"Payout {Cutoff} paid {PaymentDate:yyyy-MM-dd}",
            payouts.Select(p => LedgerEntry.Debit(LedgerAccount.WorkerPayable(AgentId, p.WorkerId), p.Amount))
                .Append(LedgerEntry.Credit(LedgerAccount.AgentBank(AgentId), Yen.Sum(payouts.Select(p => p.Amount)))));
    }

    /// <summary>The key of the batch's ledger transaction.</summary>
    public string LedgerKey => $"{KeyPrefix}{Id}";

    /// <summary>
    /// The batch a ledger key names: a batch's posting (<see cref="LedgerKey"/>), a payout a run before ADR 0048 posted
    /// on its own (<see cref="LedgerKeyFor"/>) or a failed transfer (<see cref="FailureKeyFor"/>); null for any other key.
    /// </summary>
    public static PayoutBatchId? BatchOf(string idempotencyKey)
    {
        var key = LedgerTransaction.OriginalKeyOf(idempotencyKey);
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = key[KeyPrefix.Length..];
        var worker = rest.IndexOf(':', StringComparison.Ordinal);
        return Guid.TryParse(worker < 0 ? rest : rest[..worker], out var batch) ? new PayoutBatchId(batch) : null;
    }

    /// <summary>The key a run from before ADR 0048 posted one worker's payout under (one transaction per payout).</summary>
    public string LedgerKeyFor(Guid workerId) => $"{KeyPrefix}{Id}:{workerId}";

    /// <summary>
    /// The key of the worker's failed transfer: the one it always had (the mirror's key of the one-worker payout), so a
    /// payout fails at most once in the ledger whether its batch was posted whole or worker by worker.
    /// </summary>
    public string FailureKeyFor(Guid workerId) => LedgerTransaction.ReversalKeyPrefix + LedgerKeyFor(workerId);

    /// <summary>Every payout is in the ledger. Repeating it changes nothing.</summary>
    public void MarkPosted(DateTimeOffset now)
    {
        if (Status != PayoutBatchStatus.Building)
        {
            return;
        }

        Status = PayoutBatchStatus.Posted;
        PostedAt = now;
        Raise(new PayoutBatchPosted(Id, AgentId, now));
    }

    /// <summary>
    /// The Zengin file for the agent's bank, with every payout of the batch. The first call moves the batch to
    /// <see cref="PayoutBatchStatus.FileIssued"/>; later calls give the same records again for download.
    /// </summary>
    public ZenginFile IssueFile(ZenginRequester requester, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(requester);
        Guard.Against(Status == PayoutBatchStatus.NothingDue, "payout_batch_empty", "Nobody is paid in this batch, so there is no transfer file.");
        Guard.Against(Status == PayoutBatchStatus.Building, "payout_batch_not_posted", "The batch's payouts are not all in the ledger yet.");
        var file = ZenginTransferFile.Build(requester, PaymentDate, _payouts.Select(p => new ZenginTransfer(p.Account, p.Amount)).ToList());
        if (Status == PayoutBatchStatus.Posted)
        {
            Status = PayoutBatchStatus.FileIssued;
            FileIssuedAt = now;
            Raise(new PayoutFileIssued(Id, AgentId, file.Count, file.Total, now));
        }

        return file;
    }

    /// <summary>The agent confirms its bank made the transfers. Repeating it changes nothing.</summary>
    public void Confirm(DateTimeOffset now)
    {
        if (Status == PayoutBatchStatus.Confirmed)
        {
            return;
        }

        Guard.Against(Status != PayoutBatchStatus.FileIssued, "payout_batch_not_file_issued", "Only a batch whose file was issued can be confirmed.");
        foreach (var payout in _payouts)
        {
            payout.MarkPaid();
        }

        Status = PayoutBatchStatus.Confirmed;
        ConfirmedAt = now;
        Raise(new PayoutBatchConfirmed(Id, AgentId, now));
    }

    /// <summary>
    /// The transfer to this worker failed (振込不能: closed account, wrong name). The worker is owed the amount again and
    /// the next batch pays it: returns the transaction to post, <c>Dr AgentBank / Cr WorkerPayable(worker)</c> for
    /// exactly this payout, keyed by the payout (<see cref="FailureKeyFor"/>) — only this worker's payable moves, though
    /// the batch was paid by one transaction (ADR 0048). Marking the same payout again returns the same transaction.
    /// </summary>
    public LedgerTransaction MarkFailed(Guid workerId, string reason, DateTimeOffset now)
    {
        Guard.Against(
            Status is not (PayoutBatchStatus.FileIssued or PayoutBatchStatus.Confirmed),
            "payout_batch_not_file_issued",
            "A transfer can only fail once its file was issued.");
        var payout = _payouts.SingleOrDefault(p => p.WorkerId == workerId);
        Guard.Against(payout is null, "payout_not_in_batch", "The worker has no payout in this batch.");
        if (payout!.Status != PayoutStatus.Failed)
        {
            payout.MarkFailed(ReasonText.Of(reason, "payout_failure_reason_required"), now);
            Raise(new PayoutTransferFailed(Id, AgentId, workerId, payout.Amount, payout.FailureReason!, now));
        }

        return LedgerTransaction.Create(
            LedgerTransactionKind.PayoutFailed,
            FailureKeyFor(workerId),
            payout.FailedAt!.Value,
            $"Failed transfer of payout {Cutoff}: {payout.FailureReason}",
            [
                LedgerEntry.Credit(LedgerAccount.WorkerPayable(AgentId, workerId), payout.Amount),
                LedgerEntry.Debit(LedgerAccount.AgentBank(AgentId), payout.Amount),
            ]);
    }
}

public sealed record PayoutBatchBuilt(PayoutBatchId BatchId, Guid AgentId, PayoutCutoff Cutoff, DateOnly PaymentDate, int PayoutCount, Yen Total, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record PayoutBatchPosted(PayoutBatchId BatchId, Guid AgentId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record PayoutFileIssued(PayoutBatchId BatchId, Guid AgentId, int TransferCount, Yen Total, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record PayoutBatchConfirmed(PayoutBatchId BatchId, Guid AgentId, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>No bank details: events may be logged.</summary>
public sealed record PayoutTransferFailed(PayoutBatchId BatchId, Guid AgentId, Guid WorkerId, Yen Amount, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;
