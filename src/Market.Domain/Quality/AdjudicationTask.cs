using Market.Domain.Assembly;
using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Quality;

public enum AdjudicationStatus
{
    Open = 0,
    Resolved = 1,
}

public enum AdjudicationChoice
{
    Round1 = 0,
    Round2 = 1,

    /// <summary>Neither keying was right: the adjudicator keyed the value a third time.</summary>
    Typed = 2,
}

/// <summary>A cell whose two keyings disagree, and how it was decided.</summary>
public sealed class DisputedCell
{
    internal DisputedCell(CellRef cell, string round1, string round2)
    {
        File = cell.File;
        RecordIndex = cell.RecordIndex;
        FieldName = cell.FieldName;
        Round1Value = round1;
        Round2Value = round2;
    }

    private DisputedCell()
    {
        FieldName = string.Empty;
        Round1Value = string.Empty;
        Round2Value = string.Empty;
    }

    public FileId File { get; private set; }

    public int RecordIndex { get; private set; }

    public string FieldName { get; private set; }

    public string Round1Value { get; private set; }

    public string Round2Value { get; private set; }

    public AdjudicationChoice? Choice { get; private set; }

    /// <summary>The decided value, normalised like an agreed cell.</summary>
    public string? ResolvedValue { get; private set; }

    public Guid? ResolvedBy { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public CellRef Cell => new(File, RecordIndex, FieldName);

    public bool IsResolved => Choice is not null;

    /// <summary>Round 1's keying turned out wrong (null until decided).</summary>
    public bool? Round1Wrong => IsResolved ? !string.Equals(KeyingNormalizer.Normalize(Round1Value), ResolvedValue, StringComparison.Ordinal) : null;

    /// <summary>Round 2's keying turned out wrong (null until decided).</summary>
    public bool? Round2Wrong => IsResolved ? !string.Equals(KeyingNormalizer.Normalize(Round2Value), ResolvedValue, StringComparison.Ordinal) : null;

    internal void Resolve(AdjudicationChoice choice, string value, Guid adjudicatorId, DateTimeOffset now)
    {
        Choice = choice;
        ResolvedValue = KeyingNormalizer.Normalize(value);
        ResolvedBy = adjudicatorId;
        ResolvedAt = now;
    }
}

/// <summary>
/// The cells of one data-entry batch whose two keyings disagree (<see cref="KeyingComparison"/>). A reviewer
/// settles each one by choosing one round's value or keying the right value a third time; the adjudicator is
/// never one of the two keyers. When every cell is settled the task is resolved and its values go to
/// assembly (<see cref="ResolvedValues"/>).
/// </summary>
public sealed class AdjudicationTask : AggregateRoot
{
    private readonly List<DisputedCell> _cells = [];

    private AdjudicationTask()
    {
    }

    public AdjudicationTaskId Id { get; private set; }

    public JobId JobId { get; private set; }

    public WorkUnitId Round1UnitId { get; private set; }

    public WorkUnitId Round2UnitId { get; private set; }

    public Guid Round1WorkerId { get; private set; }

    public Guid Round2WorkerId { get; private set; }

    public AdjudicationStatus Status { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public IReadOnlyList<DisputedCell> Cells => _cells;

    public int UnresolvedCount => _cells.Count(c => !c.IsResolved);

    /// <summary>The decided values by cell, for <see cref="DataEntryAssembler"/>'s <c>adjudicated</c> input.</summary>
    public IReadOnlyDictionary<CellRef, string> ResolvedValues =>
        _cells.Where(c => c.IsResolved).ToDictionary(c => c.Cell, c => c.ResolvedValue!);

    /// <summary>Opens adjudication for the mismatches between a unit (keying round 1) and its twin (round 2), both keyed.</summary>
    public static AdjudicationTask Open(
        AdjudicationTaskId id,
        WorkUnit round1Unit,
        WorkUnit round2Unit,
        IReadOnlyList<KeyingMismatch> mismatches,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round1Unit);
        ArgumentNullException.ThrowIfNull(round2Unit);
        ArgumentNullException.ThrowIfNull(mismatches);
        if (round1Unit.TwinUnitId != round2Unit.Id || round1Unit.Slice?.KeyingRound != 1 || round2Unit.Slice?.KeyingRound != 2)
        {
            throw new ArgumentException("Pass keying round 1 and its twin, keying round 2.", nameof(round2Unit));
        }

        Guard.Against(
            round1Unit.WorkerId is null || round2Unit.WorkerId is null,
            "adjudication_not_keyed",
            "Both keying rounds must be done before they are adjudicated.");
        Guard.Against(mismatches.Count == 0, "adjudication_nothing_to_decide", "The two keyings agree; there is nothing to adjudicate.");
        if (mismatches.Select(m => m.Cell).Distinct().Count() != mismatches.Count)
        {
            throw new ArgumentException("A cell is listed twice.", nameof(mismatches));
        }

        var task = new AdjudicationTask
        {
            Id = id,
            JobId = round1Unit.JobId,
            Round1UnitId = round1Unit.Id,
            Round2UnitId = round2Unit.Id,
            Round1WorkerId = round1Unit.WorkerId!.Value,
            Round2WorkerId = round2Unit.WorkerId!.Value,
            Status = AdjudicationStatus.Open,
            OpenedAt = now,
        };
        task._cells.AddRange(mismatches.Select(m => new DisputedCell(m.Cell, m.Round1, m.Round2)));
        task.Raise(new AdjudicationOpened(id, task.JobId, task.Round1UnitId, task.Round2UnitId, task._cells.Count, now));
        return task;
    }

    /// <summary>The adjudicator takes round 1's or round 2's value for the cell.</summary>
    public void ChooseRound(Guid adjudicatorId, CellRef cell, int round, DateTimeOffset now)
    {
        if (round is not (1 or 2))
        {
            throw new UnprocessableInputException("adjudication_round_invalid", "Choose keying round 1 or 2.");
        }

        var disputed = EnsureCanResolve(adjudicatorId, cell);
        Settle(disputed, round == 1 ? AdjudicationChoice.Round1 : AdjudicationChoice.Round2, round == 1 ? disputed.Round1Value : disputed.Round2Value, adjudicatorId, now);
    }

    /// <summary>The adjudicator keys the right value (a third keying). An empty value is allowed: the field may really be blank.</summary>
    public void TypeValue(Guid adjudicatorId, CellRef cell, string value, DateTimeOffset now)
    {
        if (value is null)
        {
            throw new UnprocessableInputException("adjudication_value_required", "Key the correct value.");
        }

        var disputed = EnsureCanResolve(adjudicatorId, cell);
        Settle(disputed, AdjudicationChoice.Typed, value, adjudicatorId, now);
    }

    private DisputedCell EnsureCanResolve(Guid adjudicatorId, CellRef cell)
    {
        Guard.Against(Status != AdjudicationStatus.Open, "adjudication_not_open", "This adjudication is already resolved.");
        Guard.Against(
            adjudicatorId == Round1WorkerId || adjudicatorId == Round2WorkerId,
            "adjudication_own_work",
            "Nobody adjudicates a cell they keyed.");
        var disputed = _cells.FirstOrDefault(c => c.Cell == cell)
            ?? throw new UnprocessableInputException("adjudication_cell_unknown", "That cell is not in dispute here.");
        Guard.Against(disputed.IsResolved, "adjudication_cell_already_resolved", "That cell has already been decided.");
        return disputed;
    }

    private void Settle(DisputedCell cell, AdjudicationChoice choice, string value, Guid adjudicatorId, DateTimeOffset now)
    {
        cell.Resolve(choice, value, adjudicatorId, now);
        if (UnresolvedCount > 0)
        {
            return;
        }

        Status = AdjudicationStatus.Resolved;
        ResolvedAt = now;
        Raise(new AdjudicationResolved(
            Id,
            JobId,
            Round1WorkerId,
            Round2WorkerId,
            _cells.Count,
            _cells.Count(c => c.Round1Wrong == true),
            _cells.Count(c => c.Round2Wrong == true),
            now));
    }
}
