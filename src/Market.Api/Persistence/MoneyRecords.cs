using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;

namespace Market.Api.Persistence;

/// <summary>A ledger account kind (reference data): its side and whether it is held against a counterparty.</summary>
public sealed class LedgerAccountKindRow
{
    public int Id { get; init; }

    public required string Name { get; init; }

    public bool DebitNormal { get; init; }

    public bool HasParty { get; init; }
}

/// <summary>
/// A posted <see cref="LedgerTransaction"/> as stored: written once, never updated (the database refuses it).
/// Converted to and from the domain type, which re-checks the balance on the way back.
/// </summary>
public sealed class LedgerTransactionRow
{
    public Guid Id { get; init; }

    public LedgerTransactionKind Kind { get; init; }

    public required string IdempotencyKey { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public required string Description { get; init; }

    public Guid? ReversesTransactionId { get; init; }

    public List<LedgerEntryRow> Entries { get; init; } = [];

    public static LedgerTransactionRow From(LedgerTransaction transaction, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return new LedgerTransactionRow
        {
            Id = transaction.Id.Value,
            Kind = transaction.Kind,
            IdempotencyKey = transaction.IdempotencyKey,
            OccurredAt = transaction.OccurredAt,
            RecordedAt = recordedAt,
            Description = transaction.Description,
            ReversesTransactionId = transaction.ReversesId?.Value,
            Entries = transaction.Entries.Select((e, line) => new LedgerEntryRow
            {
                TransactionId = transaction.Id.Value,
                Line = line,
                AccountKind = e.Account.Kind,
                AgentId = e.Account.AgentId,
                PartyId = e.Account.PartyId,
                Side = e.Side,
                Amount = e.Amount.Amount,
            }).ToList(),
        };
    }

    public LedgerTransaction ToDomain() =>
        LedgerTransaction.Restore(
            Kind,
            IdempotencyKey,
            OccurredAt,
            Description,
            Entries.OrderBy(e => e.Line).Select(e => e.ToDomain()),
            ReversesTransactionId is { } reverses ? new LedgerTransactionId(reverses) : null);
}

/// <summary>One entry; the amount is integer yen, always positive, on the side <see cref="Side"/>.</summary>
public sealed class LedgerEntryRow
{
    public Guid TransactionId { get; init; }

    public int Line { get; init; }

    public LedgerAccountKind AccountKind { get; init; }

    public Guid AgentId { get; init; }

    public Guid? PartyId { get; init; }

    public EntrySide Side { get; init; }

    public long Amount { get; init; }

    public LedgerAccount Account => LedgerAccount.Of(AccountKind, AgentId, PartyId);

    public LedgerEntry ToDomain() => new(Account, Side, new Yen(Amount));
}

/// <summary>An agent's money settings; created on first use with nothing withheld.</summary>
public sealed class AgentMoneySettings
{
    public Guid AgentId { get; init; }

    public List<JobType> WithheldJobTypes { get; set; } = [];

    /// <summary>T + 13 digits (適格請求書発行事業者登録番号), checked before it is stored.</summary>
    public string? RegistrationNumber { get; set; }

    public string? InvoicePrefix { get; set; }

    /// <summary>委託者コード: the 10 digits the agent's bank assigned for bulk transfers.</summary>
    public string? ZenginRequesterCode { get; set; }

    /// <summary>The requester's name in Zengin half-width kana.</summary>
    public string? ZenginRequesterName { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public WithholdingConfig Withholding => new(WithheldJobTypes);
}

public enum BankAccountOwner
{
    Worker = 0,
    Agent = 1,
}

/// <summary>
/// A worker's account to be paid into, or an agent's account to pay from (its Zengin header). The number is stored
/// only encrypted (<see cref="NumberCipher"/>) plus its last three digits for the masked views.
/// </summary>
public sealed class BankAccountRow
{
    public Guid OwnerId { get; init; }

    public BankAccountOwner OwnerKind { get; init; }

    /// <summary>The agent whose worker this is, or the agent itself.</summary>
    public Guid AgentId { get; set; }

    public required string BankCode { get; set; }

    public required string BranchCode { get; set; }

    public BankAccountType AccountType { get; set; }

    public required string NumberCipher { get; set; }

    public required string NumberLast3 { get; set; }

    public required string HolderName { get; set; }

    public string? BankName { get; set; }

    public string? BranchName { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string MaskedNumber => "****" + NumberLast3;
}

/// <summary>The schedule a worker is paid on with their agent (Monthly until they choose otherwise).</summary>
public sealed class WorkerPayoutSettings
{
    public Guid WorkerId { get; init; }

    public Guid AgentId { get; set; }

    public PayoutSchedule Schedule { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>
/// A stored <see cref="PayoutBatch"/>: one per agent, schedule and cut-off date (unique), restartable through its
/// status. The payouts keep a snapshot of each worker's account, number encrypted.
/// </summary>
public sealed class PayoutBatchRow
{
    public Guid Id { get; init; }

    public Guid AgentId { get; init; }

    public PayoutSchedule Schedule { get; init; }

    public DateOnly CutoffDate { get; init; }

    public DateOnly PaymentDate { get; init; }

    public bool IsMonthEnd { get; init; }

    public PayoutBatchStatus Status { get; set; }

    public int PayoutCount { get; init; }

    public long Total { get; init; }

    public DateTimeOffset BuiltAt { get; init; }

    public DateTimeOffset? PostedAt { get; set; }

    public DateTimeOffset? FileIssuedAt { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    public List<CarriedForwardRecord> CarriedForward { get; init; } = [];

    public List<PayoutRow> Payouts { get; init; } = [];
}

public sealed record CarriedForwardRecord(Guid WorkerId, long Due, CarryForwardReason Reason);

public sealed class PayoutRow
{
    public Guid BatchId { get; init; }

    public Guid WorkerId { get; init; }

    public long Amount { get; init; }

    public PayoutStatus Status { get; set; }

    public string? FailureReason { get; set; }

    public DateTimeOffset? FailedAt { get; set; }

    public required string BankCode { get; init; }

    public required string BranchCode { get; init; }

    public BankAccountType AccountType { get; init; }

    public required string NumberCipher { get; init; }

    public required string NumberLast3 { get; init; }

    public required string HolderName { get; init; }

    public string? BankName { get; init; }

    public string? BranchName { get; init; }

    public string MaskedNumber => "****" + NumberLast3;
}

public enum InvoiceKind
{
    /// <summary>One delivered-and-accepted job.</summary>
    Job = 0,

    /// <summary>A client's accepted jobs of one month (Japan time).</summary>
    Monthly = 1,
}

/// <summary>
/// An issued qualified invoice as stored: what it said, exactly (issuer, registration number, recipient, lines, totals).
/// Never changed (the database refuses UPDATE and DELETE); a correction would be a new document.
/// </summary>
public sealed class InvoiceRow
{
    public Guid Id { get; init; }

    public Guid AgentId { get; init; }

    public Guid ClientId { get; init; }

    public InvoiceKind Kind { get; init; }

    /// <summary>yyyy-MM of a monthly invoice.</summary>
    public string? Period { get; init; }

    public required string Number { get; init; }

    public required string Prefix { get; init; }

    public int Sequence { get; init; }

    public DateOnly IssueDate { get; init; }

    public DateOnly SupplyFrom { get; init; }

    public DateOnly SupplyTo { get; init; }

    public required string IssuerName { get; init; }

    public required string RegistrationNumber { get; init; }

    public required string RecipientName { get; init; }

    public List<InvoiceLineRecord> Lines { get; init; } = [];

    public long Subtotal { get; init; }

    public long Tax { get; init; }

    public long Total { get; init; }

    public DateTimeOffset IssuedAt { get; init; }

    public Guid LedgerTransactionId { get; init; }

    public List<InvoiceJobRow> Jobs { get; init; } = [];
}

public sealed record InvoiceLineRecord(string Description, int Quantity, long UnitPrice, ConsumptionTaxRate Rate);

/// <summary>A job on an invoice; the key makes a job invoiced at most once.</summary>
public sealed class InvoiceJobRow
{
    public JobId JobId { get; init; }

    public Guid InvoiceId { get; init; }
}

/// <summary>
/// The agent's last invoice sequence, incremented in the transaction that stores the invoice: the row lock
/// serialises issuers and a rollback takes the number back, so the numbers have no gaps (a database sequence would).
/// </summary>
public sealed class InvoiceCounter
{
    public Guid AgentId { get; init; }

    public int LastSequence { get; set; }
}
