using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Market.Domain.Common;
using Market.Domain.Splitting;

namespace Market.Domain.Quality;

/// <summary>One known answer of a gold record: the value a field should be keyed as.</summary>
public sealed record GoldAnswer
{
    public GoldAnswer(string fieldName, string value)
    {
        FieldName = fieldName;
        Value = value;
    }

    private GoldAnswer()
    {
        FieldName = string.Empty;
        Value = string.Empty;
    }

    public string FieldName { get; private init; }

    public string Value { get; private init; }
}

/// <summary>
/// A known-answer record (ゴールド) an agent mixes into data-entry batches to calibrate its workers. The
/// worker cannot tell it from real records; their keying is scored against <see cref="Answers"/>.
/// </summary>
public sealed class GoldRecord
{
    private readonly List<GoldAnswer> _answers = [];

    private GoldRecord()
    {
    }

    public GoldRecordId Id { get; private set; }

    public Guid AgentId { get; private set; }

    public IReadOnlyList<GoldAnswer> Answers => _answers;

    public DateTimeOffset CreatedAt { get; private set; }

    public static GoldRecord Create(GoldRecordId id, Guid agentId, IEnumerable<GoldAnswer> answers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var list = answers.Select(a => new GoldAnswer(
            RequiredText.Of(a.FieldName, "gold_field_name_required", "Every gold answer names its field."),
            a.Value ?? string.Empty)).ToList();
        if (list.Count == 0)
        {
            throw new UnprocessableInputException("gold_answers_required", "A gold record needs at least one known answer.");
        }

        if (list.Select(a => a.FieldName).Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            throw new UnprocessableInputException("gold_field_duplicate", "A gold record has one answer per field.");
        }

        var record = new GoldRecord { Id = id, AgentId = agentId, CreatedAt = now };
        record._answers.AddRange(list);
        return record;
    }

    public string? AnswerFor(string fieldName) => _answers.FirstOrDefault(a => a.FieldName == fieldName)?.Value;
}

/// <summary>How a worker keyed one gold record.</summary>
public sealed record GoldResult(GoldRecordId GoldRecordId, Guid WorkerId, DateTimeOffset ScoredAt, int CellsCompared, int CellsCorrect, IReadOnlyList<string> WrongFields);

/// <summary>A worker's accuracy on gold, in basis points; null when they have keyed no gold.</summary>
public sealed record GoldAccuracy(Guid WorkerId, int RecordsScored, int CellsCompared, int CellsCorrect)
{
    public int? BasisPoints => CellsCompared == 0 ? null : (int)((long)CellsCorrect * 10_000 / CellsCompared);

    /// <param name="since">Only results scored at or after this time (e.g. the quality window).</param>
    public static GoldAccuracy Of(Guid workerId, IEnumerable<GoldResult> results, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var mine = results.Where(r => r.WorkerId == workerId && (since is null || r.ScoredAt >= since)).ToList();
        return new GoldAccuracy(workerId, mine.Count, mine.Sum(r => r.CellsCompared), mine.Sum(r => r.CellsCorrect));
    }
}

/// <summary>One gold record placed in a worker's batch, at <paramref name="Position"/> (0-based) among all the rows they see.</summary>
public sealed record GoldPlacement(GoldRecordId GoldRecordId, int Position);

/// <summary>
/// How much gold goes into data-entry batches: a share of the real records in basis points (500 = one gold
/// record per 20 real ones), rounded up so any positive share puts at least one gold record in every batch.
/// At most half: gold is paid for like real work.
/// </summary>
public sealed record GoldPolicy
{
    public const int DefaultShare = 500;
    public const int MaxShare = 5_000;

    /// <summary>Below this many unseen gold records a worker is "running low" and the agent is told.</summary>
    public const int DefaultLowWatermark = 20;

    public GoldPolicy(int shareBasisPoints, int lowWatermark = DefaultLowWatermark)
    {
        if (shareBasisPoints is < 0 or > MaxShare)
        {
            throw new UnprocessableInputException("gold_share_out_of_range", $"The gold share must be between 0 and {MaxShare} basis points.");
        }

        if (lowWatermark < 0)
        {
            throw new UnprocessableInputException("gold_low_watermark_out_of_range", "The low-gold warning level cannot be negative.");
        }

        ShareBasisPoints = shareBasisPoints;
        LowWatermark = lowWatermark;
    }

    private GoldPolicy()
    {
    }

    public static GoldPolicy Default { get; } = new(DefaultShare);

    public int ShareBasisPoints { get; private init; }

    public int LowWatermark { get; private init; }

    public int GoldCountFor(int realRecords)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(realRecords);
        return (int)(((long)realRecords * ShareBasisPoints + 9_999) / 10_000);
    }
}

/// <summary>Mixing gold into batches, scoring it, and watching the supply of unseen gold. All pure.</summary>
public static class Gold
{
    /// <summary>
    /// Picks the gold for one worker's batch and where it goes among the rows. Only gold the worker has not
    /// seen is used (a seen record is no longer a blind test); if there is not enough, fewer are placed.
    /// Both the pick and the positions follow from <paramref name="seed"/> (e.g. the unit and worker ids), so
    /// the same request gives the same batch.
    /// </summary>
    public static IReadOnlyList<GoldPlacement> Plan(
        GoldPolicy policy,
        int realRecords,
        IReadOnlyList<GoldRecord> pool,
        IReadOnlySet<GoldRecordId> seenByWorker,
        string seed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(seenByWorker);
        ArgumentException.ThrowIfNullOrEmpty(seed);
        var picked = pool
            .Where(g => !seenByWorker.Contains(g.Id))
            .OrderBy(g => Rank(seed, g.Id))
            .ThenBy(g => g.Id.Value)
            .Take(policy.GoldCountFor(realRecords))
            .ToList();
        if (picked.Count == 0)
        {
            return [];
        }

        var rows = realRecords + picked.Count;
        var slots = DeterministicShuffle.Permutation(rows, DeterministicShuffle.Seed("gold", seed)).Take(picked.Count).Order().ToList();
        return picked.Select((g, i) => new GoldPlacement(g.Id, slots[i])).ToList();
    }

    /// <summary>
    /// Scores a worker's keying of a gold record, field by field, after <see cref="KeyingNormalizer"/>. A worker
    /// keying by field (personal-data jobs) keys only some fields; only those are compared.
    /// </summary>
    public static GoldResult Score(GoldRecord gold, Guid workerId, IReadOnlyDictionary<string, string> keyedByField, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(keyedByField);
        var wrong = new List<string>();
        var correct = 0;
        foreach (var (field, keyed) in keyedByField.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var answer = gold.AnswerFor(field)
                ?? throw new UnprocessableInputException("gold_field_unknown", $"The gold record has no answer for '{field}'.");
            if (KeyingNormalizer.Agree(answer, keyed))
            {
                correct++;
            }
            else
            {
                wrong.Add(field);
            }
        }

        return new GoldResult(gold.Id, workerId, now, keyedByField.Count, correct, wrong);
    }

    public static int UnseenCount(IReadOnlyList<GoldRecord> pool, IReadOnlySet<GoldRecordId> seenByWorker)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(seenByWorker);
        return pool.Count(g => !seenByWorker.Contains(g.Id));
    }

    /// <summary>Fewer than <paramref name="threshold"/> gold records the worker has not seen.</summary>
    public static bool IsRunningLow(IReadOnlyList<GoldRecord> pool, IReadOnlySet<GoldRecordId> seenByWorker, int threshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        return UnseenCount(pool, seenByWorker) < threshold;
    }

    /// <summary>The workers running low on unseen gold, fewest unseen first, for the agent's dashboard.</summary>
    public static IReadOnlyList<(Guid WorkerId, int Unseen)> WorkersRunningLow(
        IReadOnlyList<GoldRecord> pool,
        IReadOnlyDictionary<Guid, IReadOnlySet<GoldRecordId>> seenByWorker,
        int threshold)
    {
        ArgumentNullException.ThrowIfNull(seenByWorker);
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        return seenByWorker
            .Select(p => (WorkerId: p.Key, Unseen: UnseenCount(pool, p.Value)))
            .Where(w => w.Unseen < threshold)
            .OrderBy(w => w.Unseen)
            .ThenBy(w => w.WorkerId)
            .ToList();
    }

    private static ulong Rank(string seed, GoldRecordId id)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\u001F{id.Value:D}"));
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
