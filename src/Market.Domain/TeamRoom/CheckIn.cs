using Market.Domain.Common;

namespace Market.Domain.TeamRoom;

public readonly record struct CheckInId(Guid Value)
{
    public static CheckInId New(DateTimeOffset now) => new(Guid.CreateVersion7(now));

    public override string ToString() => Value.ToString();
}

/// <summary>
/// A worker's start-of-work and end-of-work message (始業・終業連絡, field evidence L481–483, L2690, L2913), each with
/// an optional note. A worker has at most one open check-in; several in a day are fine (a split shift around
/// school pick-up). The team sees who started today.
/// </summary>
public sealed class CheckIn : AggregateRoot
{
    public const int MaxNoteLength = 500;

    private CheckIn()
    {
    }

    private CheckIn(CheckInId id, Guid userId, Guid agentId, string? note, DateTimeOffset now)
    {
        Id = id;
        UserId = userId;
        AgentId = agentId;
        StartNote = note;
        StartedAt = now;
    }

    public CheckInId Id { get; private set; }

    public Guid UserId { get; private set; }

    public Guid AgentId { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public string? StartNote { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public string? EndNote { get; private set; }

    public bool IsOpen => EndedAt is null;

    /// <param name="open">The worker's check-in that is still open, if any: a second start is refused.</param>
    public static CheckIn Start(Guid userId, Guid agentId, string? note, CheckIn? open, DateTimeOffset now)
    {
        Guard.Against(open is { IsOpen: true }, "check_in_already_open", "You have already started work; end it before starting again.");
        return new CheckIn(CheckInId.New(now), userId, agentId, CleanNote(note), now);
    }

    public void End(string? note, DateTimeOffset now)
    {
        Guard.Against(!IsOpen, "check_in_already_ended", "This check-in has already ended.");
        Guard.Against(now < StartedAt, "check_in_end_before_start", "Work cannot end before it started.");
        EndNote = CleanNote(note);
        EndedAt = now;
    }

    private static string? CleanNote(string? note)
    {
        var trimmed = note?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > MaxNoteLength)
        {
            throw new UnprocessableInputException("check_in_note_too_long", $"A note has at most {MaxNoteLength} characters.");
        }

        return trimmed;
    }
}
