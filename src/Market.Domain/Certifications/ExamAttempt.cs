using Market.Domain.Common;

namespace Market.Domain.Certifications;

public readonly record struct ExamAttemptId(Guid Value)
{
    public static ExamAttemptId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public enum ExamAttemptKind
{
    /// <summary>For a certification the worker does not hold (never had, or it expired).</summary>
    Initial = 0,

    /// <summary>For a held certification inside its renewal window or grace period.</summary>
    Renewal = 1,
}

public enum ExamAttemptStatus
{
    InProgress = 0,
    Submitted = 1,

    /// <summary>Not submitted by the deadline: scored as if submitted at the deadline with the answers saved by then.</summary>
    TimedOut = 2,
}

/// <summary>One drawn question of an attempt and the worker's current choice.</summary>
public sealed record ExamAttemptItem
{
    public ExamAttemptItem(Guid questionId, int position, int? chosenOption, DateTimeOffset? answeredAt)
    {
        QuestionId = questionId;
        Position = position;
        ChosenOption = chosenOption;
        AnsweredAt = answeredAt;
    }

    public Guid QuestionId { get; private init; }

    public int Position { get; private init; }

    public int? ChosenOption { get; private init; }

    public DateTimeOffset? AnsweredAt { get; private init; }
}

/// <summary>
/// One sitting of a certification exam: the questions drawn at random, a deadline the server enforces, the answers,
/// and the score — computed here, on the server, from the bank's answer key, never from anything the client sends.
/// </summary>
public sealed class ExamAttempt : AggregateRoot
{
    public const string CooldownCode = "exam_cooldown";
    public const string InProgressCode = "exam_attempt_in_progress";
    public const string TimeOverCode = "exam_time_over";
    public const string FinishedCode = "exam_attempt_finished";
    public const string QuestionNotInAttemptCode = "exam_question_not_in_attempt";
    public const string OptionOutOfRangeCode = "exam_option_out_of_range";
    public const string BankTooSmallCode = "exam_question_bank_too_small";

    private readonly List<ExamAttemptItem> _items = [];

    private ExamAttempt()
    {
        Code = string.Empty;
    }

    public ExamAttemptId Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>The agent the worker belongs to (the tenant of the attempt).</summary>
    public Guid AgentId { get; private set; }

    public CertificationTypeId CertificationTypeId { get; private set; }

    public string Code { get; private set; }

    public ExamAttemptKind Kind { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset Deadline { get; private set; }

    public int PassMarkPercent { get; private set; }

    public IReadOnlyList<ExamAttemptItem> Items => _items;

    public ExamAttemptStatus Status { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public int? CorrectCount { get; private set; }

    public int? ScorePercent { get; private set; }

    public bool? Passed { get; private set; }

    public bool IsFinished => Status != ExamAttemptStatus.InProgress;

    public bool IsOverdue(DateTimeOffset now) => Status == ExamAttemptStatus.InProgress && now > Deadline;

    /// <summary>
    /// Starts an attempt, when <see cref="Availability"/> allows it; the kind (initial or renewal) follows from the
    /// certification the worker holds.
    /// </summary>
    /// <param name="held">The worker's certification of this type, if any.</param>
    /// <param name="earlier">The worker's earlier attempts at this type (finished and in progress).</param>
    /// <param name="activeQuestionIds">The type's active questions, from which <see cref="ExamRules.QuestionsPerAttempt"/> are drawn.</param>
    public static ExamAttempt Start(
        ExamAttemptId id,
        Guid userId,
        Guid agentId,
        CertificationType type,
        WorkerCertification? held,
        IReadOnlyList<ExamAttempt> earlier,
        IReadOnlyList<Guid> activeQuestionIds,
        Random random,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(activeQuestionIds);
        ArgumentNullException.ThrowIfNull(random);
        if (held is not null && (held.UserId != userId || held.Code != type.Code))
        {
            throw new ArgumentException("The certification is not this worker's of this type.", nameof(held));
        }

        var bank = activeQuestionIds.Distinct().ToList();
        var availability = Availability(type, held, earlier, bank.Count, now);
        if (availability.Refusal is { } refusal)
        {
            throw new DomainRuleException(refusal.Code, refusal.Message);
        }

        var rules = type.Exam;
        var attempt = new ExamAttempt
        {
            Id = id,
            UserId = userId,
            AgentId = agentId,
            CertificationTypeId = type.Id,
            Code = type.Code,
            Kind = availability.Kind!.Value,
            StartedAt = now,
            Deadline = now + rules.TimeLimit,
            PassMarkPercent = rules.PassMarkPercent,
            Status = ExamAttemptStatus.InProgress,
        };
        var drawn = ExamDraw.Pick(bank, rules.QuestionsPerAttempt, random);
        attempt._items.AddRange(drawn.Select((q, i) => new ExamAttemptItem(q, i + 1, null, null)));
        attempt.Raise(new ExamAttemptStarted(attempt.Id, userId, type.Code, attempt.Kind, now));
        return attempt;
    }

    /// <summary>
    /// Whether the worker may start an attempt now, and of which kind. Refused while another attempt at this type is in
    /// progress, for a revoked certification, for a renewal before the window opens, during a cool-down, and when the
    /// bank holds fewer questions than an attempt draws. <see cref="ExamAvailability.AvailableFrom"/> says when a
    /// refusal that time cures ends.
    /// </summary>
    public static ExamAvailability Availability(CertificationType type, WorkerCertification? held, IReadOnlyList<ExamAttempt> earlier, int bankSize, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(earlier);
        if (earlier.FirstOrDefault(a => a.Status == ExamAttemptStatus.InProgress) is { } open)
        {
            return ExamAvailability.Refused(InProgressCode, $"An attempt at this exam is in progress until {open.Deadline:u}; submit it first.", null);
        }

        ExamAttemptKind kind;
        try
        {
            kind = KindFor(type, held, now);
        }
        catch (DomainRuleException e)
        {
            return ExamAvailability.Refused(e.Code, e.Message, e.Code == WorkerCertification.RenewalNotOpenCode ? held!.RenewalOpensAt : null);
        }

        if (ExamRetryPolicy.CooldownUntil(type.Exam, earlier) is { } until && now < until)
        {
            return ExamAvailability.Refused(
                CooldownCode, $"After {type.AttemptsBeforeCooldown} failed attempts in a row the exam can be taken again from {until:u}.", until) with { Kind = kind };
        }

        if (bankSize < type.QuestionsPerAttempt)
        {
            return ExamAvailability.Refused(BankTooSmallCode, $"The question bank has fewer than the {type.QuestionsPerAttempt} questions an attempt draws.", null) with { Kind = kind };
        }

        return new ExamAvailability(kind, null, null);
    }

    /// <summary>Renewal while renewal is open (renewal window or grace); a first issue when nothing is held or it expired.</summary>
    public static ExamAttemptKind KindFor(CertificationType type, WorkerCertification? held, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (held is null)
        {
            return ExamAttemptKind.Initial;
        }

        return held.StateAt(now) switch
        {
            CertificationState.Revoked => throw new DomainRuleException(
                WorkerCertification.RevokedCode, "This certification was revoked by your agent; it cannot be taken again without them."),
            CertificationState.Active => throw new DomainRuleException(
                WorkerCertification.RenewalNotOpenCode, $"Renewal opens on {held.RenewalOpensAt:u}, {type.RenewalWindowDays} days before the certification ends."),
            CertificationState.RenewalDue or CertificationState.InGrace => ExamAttemptKind.Renewal,
            _ => ExamAttemptKind.Initial,
        };
    }

    /// <summary>Records (or changes) the answer to one drawn question, up to the deadline.</summary>
    public void Answer(Guid questionId, int chosenOption, int optionCount, DateTimeOffset now)
    {
        Guard.Against(IsFinished, FinishedCode, "This attempt has been submitted; answers can no longer change.");
        Guard.Against(now > Deadline, TimeOverCode, $"The time limit ended at {Deadline:u}; the attempt is scored with the answers saved by then.");
        var index = _items.FindIndex(i => i.QuestionId == questionId);
        Guard.Against(index < 0, QuestionNotInAttemptCode, "That question is not part of this attempt.");
        if (chosenOption < 0 || chosenOption >= optionCount)
        {
            throw new UnprocessableInputException(OptionOutOfRangeCode, $"Choose one of the {optionCount} options (0–{optionCount - 1}).");
        }

        _items[index] = new ExamAttemptItem(questionId, _items[index].Position, chosenOption, now);
    }

    /// <summary>
    /// Scores the attempt against the answer key. Submitted after the deadline (or closed by the sweep) it is scored as
    /// submitted at the deadline — answers after it were already refused, so the saved ones are exactly those in time.
    /// </summary>
    /// <param name="answerKey">Correct option by question id, for every drawn question.</param>
    public void Submit(IReadOnlyDictionary<Guid, int> answerKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(answerKey);
        Guard.Against(IsFinished, FinishedCode, "This attempt has already been submitted.");
        var correct = 0;
        foreach (var item in _items)
        {
            if (!answerKey.TryGetValue(item.QuestionId, out var right))
            {
                throw new ArgumentException($"The answer key lacks question {item.QuestionId}.", nameof(answerKey));
            }

            if (item.ChosenOption == right)
            {
                correct++;
            }
        }

        var late = now > Deadline;
        Status = late ? ExamAttemptStatus.TimedOut : ExamAttemptStatus.Submitted;
        FinishedAt = late ? Deadline : now;
        CorrectCount = correct;
        ScorePercent = correct * 100 / _items.Count;
        Passed = correct * 100 >= PassMarkPercent * _items.Count;
        Raise(new ExamAttemptScored(Id, UserId, Code, Kind, ScorePercent.Value, Passed.Value, FinishedAt.Value));
    }
}

/// <summary>Whether an attempt may start now (<see cref="Refusal"/> null) and of which kind.</summary>
public sealed record ExamAvailability(ExamAttemptKind? Kind, Refusal? Refusal, DateTimeOffset? AvailableFrom)
{
    public bool CanStart => Refusal is null;

    public static ExamAvailability Refused(string code, string message, DateTimeOffset? availableFrom) => new(null, new Refusal(code, message), availableFrom);
}

/// <summary>The cool-down rule: after <see cref="ExamRules.AttemptsBeforeCooldown"/> failed attempts in a row (since the
/// last pass), the next attempt waits <see cref="ExamRules.Cooldown"/> from the last failure; then the count starts over.</summary>
public static class ExamRetryPolicy
{
    public static DateTimeOffset? CooldownUntil(ExamRules rules, IEnumerable<ExamAttempt> earlier)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(earlier);
        var finished = earlier.Where(a => a.IsFinished).OrderBy(a => a.FinishedAt).ToList();
        var lastPass = finished.FindLastIndex(a => a.Passed == true);
        var failures = finished.Skip(lastPass + 1).ToList();
        if (failures.Count == 0 || failures.Count % rules.AttemptsBeforeCooldown != 0)
        {
            return null;
        }

        return failures[^1].FinishedAt!.Value + rules.Cooldown;
    }

    /// <summary>Failed attempts since the last pass that count towards the next cool-down.</summary>
    public static int FailuresTowardsCooldown(ExamRules rules, IEnumerable<ExamAttempt> earlier)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(earlier);
        var finished = earlier.Where(a => a.IsFinished).OrderBy(a => a.FinishedAt).ToList();
        var lastPass = finished.FindLastIndex(a => a.Passed == true);
        return (finished.Count - lastPass - 1) % rules.AttemptsBeforeCooldown;
    }
}

/// <summary>Draws questions uniformly without replacement (a partial Fisher–Yates shuffle).</summary>
public static class ExamDraw
{
    public static IReadOnlyList<Guid> Pick(IReadOnlyList<Guid> bank, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, bank.Count);
        var pool = bank.ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..count];
    }
}
