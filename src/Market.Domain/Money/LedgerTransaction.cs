using System.Security.Cryptography;
using System.Text;
using Market.Domain.Common;

namespace Market.Domain.Money;

public readonly record struct LedgerTransactionId(Guid Value)
{
    /// <summary>
    /// The id of the transaction with <paramref name="idempotencyKey"/>: a name-based (version 8) GUID, so a
    /// retried posting carries the same id as the first attempt and both unique keys (id and idempotency key)
    /// turn the retry into a conflict rather than a second posting.
    /// </summary>
    public static LedgerTransactionId ForKey(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("ledger-transaction:" + idempotencyKey));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new LedgerTransactionId(new Guid(hash.AsSpan(0, 16), bigEndian: true));
    }

    public override string ToString() => Value.ToString();
}

public enum LedgerTransactionKind
{
    /// <summary>A worker's pay for an accepted unit (and, when subcontracted, the price between the agents).</summary>
    Earning = 0,

    /// <summary>A qualified invoice to a client.</summary>
    Invoice = 1,

    /// <summary>A transfer to a worker in a payout batch.</summary>
    Payout = 2,

    /// <summary>
    /// A payout's transfer failed: the worker's amount is owed again and carried forward. Posted on its own (ADR 0048),
    /// since one payout transaction pays a whole batch; ledgers from before that hold it as the mirror of a one-worker payout.
    /// </summary>
    PayoutFailed = 3,

    /// <summary>The mirror of any other transaction, correcting it.</summary>
    Reversal = 4,

    /// <summary>A client paid an invoice into the agent's bank account.</summary>
    ClientPayment = 5,

    /// <summary>The agent paid withheld income tax to the tax office.</summary>
    WithholdingRemittance = 6,
}

public enum EntrySide
{
    Debit = 0,
    Credit = 1,
}

/// <summary>One line of a transaction: an amount, always more than ¥0, on one side of one account.</summary>
public sealed record LedgerEntry(LedgerAccount Account, EntrySide Side, Yen Amount)
{
    public static LedgerEntry Debit(LedgerAccount account, Yen amount) => new(account, EntrySide.Debit, amount);

    public static LedgerEntry Credit(LedgerAccount account, Yen amount) => new(account, EntrySide.Credit, amount);

    /// <summary>What the entry does to its account's balance, signed in the account's normal direction.</summary>
    public Yen EffectOnBalance => (Side == EntrySide.Debit) == Account.IsDebitNormal ? Amount : -Amount;

    public LedgerEntry Mirrored() => this with { Side = Side == EntrySide.Debit ? EntrySide.Credit : EntrySide.Debit };
}

/// <summary>
/// One money movement: balanced entries posted together, once. Transactions are never edited; a correction
/// is a reversing transaction (<see cref="Reverse"/>) that mirrors every entry.
/// </summary>
public sealed class LedgerTransaction
{
    public const int MaxKeyLength = 200;
    public const int MaxDescriptionLength = 500;
    public const string ReversalKeyPrefix = "reversal:";

    /// <summary>The key a reversal's key (<c>reversal:{key}</c>, <see cref="Reverse"/>) mirrors; any other key as it is.</summary>
    public static string OriginalKeyOf(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return idempotencyKey.StartsWith(ReversalKeyPrefix, StringComparison.Ordinal) ? idempotencyKey[ReversalKeyPrefix.Length..] : idempotencyKey;
    }

    private readonly List<LedgerEntry> _entries;

    private LedgerTransaction(
        LedgerTransactionKind kind,
        string idempotencyKey,
        DateTimeOffset occurredAt,
        string description,
        List<LedgerEntry> entries,
        Yen total,
        LedgerTransactionId? reversesId)
    {
        Id = LedgerTransactionId.ForKey(idempotencyKey);
        TotalDebits = total;
        TotalCredits = total;
        Kind = kind;
        IdempotencyKey = idempotencyKey;
        OccurredAt = occurredAt;
        Description = description;
        _entries = entries;
        ReversesId = reversesId;
    }

    public LedgerTransactionId Id { get; }

    public LedgerTransactionKind Kind { get; }

    /// <summary>What makes the transaction happen at most once, e.g. <c>earning:{unitId}</c>.</summary>
    public string IdempotencyKey { get; }

    public DateTimeOffset OccurredAt { get; }

    public string Description { get; }

    public IReadOnlyList<LedgerEntry> Entries => _entries;

    /// <summary>The transaction this one mirrors: every <see cref="LedgerTransactionKind.Reversal"/>, and a <see cref="LedgerTransactionKind.PayoutFailed"/> posted before ADR 0048.</summary>
    public LedgerTransactionId? ReversesId { get; }

    public bool IsReversal => ReversesId is not null;

    public Yen TotalDebits { get; }

    public Yen TotalCredits { get; }

    /// <summary>
    /// A new transaction; refused unless it has at least two entries, every amount is positive and debits equal credits.
    /// A <see cref="LedgerTransactionKind.PayoutFailed"/> is made by <see cref="PayoutBatch.MarkFailed"/>.
    /// </summary>
    public static LedgerTransaction Create(
        LedgerTransactionKind kind,
        string idempotencyKey,
        DateTimeOffset occurredAt,
        string description,
        IEnumerable<LedgerEntry> entries)
    {
        if (kind is LedgerTransactionKind.Reversal)
        {
            throw new ArgumentException("Mirrors are made by Reverse, from the transaction they correct.", nameof(kind));
        }

        return Validated(kind, idempotencyKey, occurredAt, description, entries, reversesId: null);
    }

    /// <summary>
    /// The exact mirror: every entry on the other side, same accounts and amounts, keyed
    /// <c>reversal:{original key}</c> so a transaction is reversed at most once. A mirror is not itself reversed;
    /// to restore a corrected amount, post it anew.
    /// </summary>
    public LedgerTransaction Reverse(DateTimeOffset now, string reason)
    {
        const LedgerTransactionKind kind = LedgerTransactionKind.Reversal;
        Guard.Against(IsReversal, "ledger_reversal_not_reversible", "A reversing transaction cannot itself be reversed; post the corrected amount anew.");
        var because = ReasonText.Of(reason, "ledger_reversal_reason_required");
        return Validated(
            kind,
            ReversalKeyPrefix + IdempotencyKey,
            now,
            $"Reversal of {Id}: {because}",
            _entries.Select(e => e.Mirrored()),
            Id);
    }

    /// <summary>
    /// Whether a retry built the same transaction: same kind, key, mirrored original and entries. The time and
    /// wording of a retry may differ; the money may not.
    /// </summary>
    public bool HasSameEffectAs(LedgerTransaction other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Kind == other.Kind
            && IdempotencyKey == other.IdempotencyKey
            && ReversesId == other.ReversesId
            && _entries.SequenceEqual(other._entries);
    }

    /// <summary>Rebuilds a stored transaction, checking it as if it were new.</summary>
    public static LedgerTransaction Restore(
        LedgerTransactionKind kind,
        string idempotencyKey,
        DateTimeOffset occurredAt,
        string description,
        IEnumerable<LedgerEntry> entries,
        LedgerTransactionId? reversesId) =>
        Validated(kind, idempotencyKey, occurredAt, description, entries, reversesId);

    private static LedgerTransaction Validated(
        LedgerTransactionKind kind,
        string idempotencyKey,
        DateTimeOffset occurredAt,
        string description,
        IEnumerable<LedgerEntry> entries,
        LedgerTransactionId? reversesId)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        // A reversal names what it mirrors; a failed transfer did before ADR 0048 (the mirror of a one-worker payout) and
        // does not since (one payout transaction pays a batch); nothing else names one.
        if (kind == LedgerTransactionKind.Reversal ? reversesId is null : reversesId is not null && kind != LedgerTransactionKind.PayoutFailed)
        {
            throw new ArgumentException("Exactly the reversing kinds name the transaction they mirror.", nameof(reversesId));
        }

        var key = RequiredText.Of(idempotencyKey, "ledger_idempotency_key_required", "A transaction needs an idempotency key.");
        if (key.Length > MaxKeyLength)
        {
            throw new UnprocessableInputException("ledger_idempotency_key_too_long", $"An idempotency key has at most {MaxKeyLength} characters.");
        }

        var text = RequiredText.Of(description, "ledger_description_required", "A transaction needs a description.");
        if (text.Length > MaxDescriptionLength)
        {
            text = text[..MaxDescriptionLength];
        }

        var list = entries.ToList();
        if (list.Any(e => e is null || !Enum.IsDefined(e.Side)))
        {
            throw new ArgumentException("Every entry is a debit or a credit.", nameof(entries));
        }

        if (list.Any(e => !e.Amount.IsPositive))
        {
            throw new UnprocessableInputException("ledger_amount_not_positive", "Every entry's amount must be more than ¥0.");
        }

        var debits = Yen.Sum(list.Where(e => e.Side == EntrySide.Debit).Select(e => e.Amount));
        var credits = Yen.Sum(list.Where(e => e.Side == EntrySide.Credit).Select(e => e.Amount));
        if (list.Count < 2 || debits != credits)
        {
            throw new UnprocessableInputException("ledger_unbalanced", $"Debits ({debits}) must equal credits ({credits}) over at least two entries.");
        }

        return new LedgerTransaction(kind, key, occurredAt, text, list, debits, reversesId);
    }
}
