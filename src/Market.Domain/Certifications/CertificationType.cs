using System.Text.RegularExpressions;
using Market.Domain.Common;

namespace Market.Domain.Certifications;

public readonly record struct CertificationTypeId(Guid Value)
{
    public static CertificationTypeId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

/// <summary>How the exam of a certification type runs: N questions drawn per attempt, the pass mark, the time limit
/// enforced on the server, and how many failed attempts in a row lead to a cool-down of how long.</summary>
public sealed record ExamRules(int QuestionsPerAttempt, int PassMarkPercent, TimeSpan TimeLimit, int AttemptsBeforeCooldown, TimeSpan Cooldown)
{
    public const int MaxQuestionsPerAttempt = 50;
    public static readonly TimeSpan MaxTimeLimit = TimeSpan.FromHours(3);
    public static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(30);

    public void Validate()
    {
        Check(QuestionsPerAttempt is >= 1 and <= MaxQuestionsPerAttempt, "exam_questions_per_attempt_out_of_range", $"An exam draws 1–{MaxQuestionsPerAttempt} questions.");
        Check(PassMarkPercent is >= 1 and <= 100, "exam_pass_mark_out_of_range", "The pass mark is 1–100 %.");
        Check(TimeLimit >= TimeSpan.FromMinutes(1) && TimeLimit <= MaxTimeLimit, "exam_time_limit_out_of_range", "The time limit is 1 minute to 3 hours.");
        Check(AttemptsBeforeCooldown is >= 1 and <= 10, "exam_attempts_out_of_range", "1–10 attempts before a cool-down.");
        Check(Cooldown >= TimeSpan.FromHours(1) && Cooldown <= MaxCooldown, "exam_cooldown_out_of_range", "A cool-down lasts 1 hour to 30 days.");
    }

    internal static void Check(bool ok, string code, string message)
    {
        if (!ok)
        {
            throw new UnprocessableInputException(code, message);
        }
    }
}

/// <summary>How long a certification is valid, how long before its end renewal opens, and how long after its end the
/// worker may still renew (and, see ADR 0015, still take new work) before it expires.</summary>
public sealed record CertificationTerms(int ValidityMonths, int RenewalWindowDays, int GraceDays)
{
    public void Validate()
    {
        ExamRules.Check(ValidityMonths is >= 1 and <= 60, "certification_validity_out_of_range", "A certification is valid 1–60 months.");
        ExamRules.Check(RenewalWindowDays is >= 1 and <= 90, "certification_renewal_window_out_of_range", "The renewal window is 1–90 days.");
        ExamRules.Check(RenewalWindowDays < ValidityMonths * 28, "certification_renewal_window_too_long", "The renewal window must be shorter than the validity.");
        ExamRules.Check(GraceDays is >= 0 and <= 60, "certification_grace_out_of_range", "The grace period is 0–60 days.");
    }
}

/// <summary>
/// A practical test on known-answer (gold) units: the worker's keying accuracy over at least <see cref="MinCells"/>
/// gold cells must reach <see cref="MinAccuracyBasisPoints"/> (10,000 = every cell right) before the certification is
/// first issued. The agent records the result of the worker's gold run (<see cref="PracticalResult"/>).
/// </summary>
public sealed record PracticalTest(int MinAccuracyBasisPoints, int MinCells)
{
    public void Validate()
    {
        ExamRules.Check(MinAccuracyBasisPoints is >= 1 and <= 10_000, "practical_accuracy_out_of_range", "The minimum accuracy is 0.01–100 % (1–10,000 basis points).");
        ExamRules.Check(MinCells is >= 1 and <= 100_000, "practical_cells_out_of_range", "A practical test compares 1–100,000 gold cells.");
    }

    public bool IsMetBy(PracticalResult? result) =>
        result is not null && result.CellsCompared >= MinCells && result.AccuracyBasisPoints >= MinAccuracyBasisPoints;
}

/// <summary>The latest practical result of a worker for a certification type, as recorded by their agent.</summary>
public sealed record PracticalResult(Guid UserId, string Code, int CellsCompared, int CellsCorrect, DateTimeOffset RecordedAt)
{
    public int AccuracyBasisPoints => CellsCompared == 0 ? 0 : (int)((long)CellsCorrect * 10_000 / CellsCompared);

    public static PracticalResult Record(Guid userId, string code, int cellsCompared, int cellsCorrect, DateTimeOffset now)
    {
        ExamRules.Check(cellsCompared >= 1, "practical_cells_out_of_range", "A practical result compares at least one gold cell.");
        ExamRules.Check(cellsCorrect >= 0 && cellsCorrect <= cellsCompared, "practical_correct_out_of_range", "Correct cells are between 0 and the cells compared.");
        return new PracticalResult(userId, code, cellsCompared, cellsCorrect, now);
    }
}

/// <summary>
/// A kind of certification: the platform's seven (seeded by migration, <see cref="AgentId"/> null) or one an agent
/// defines for its own workers (agent-scoped, invisible to other agents). Its exam draws from its question bank.
/// </summary>
public sealed partial class CertificationType : AggregateRoot
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;

    private CertificationType()
    {
        Code = string.Empty;
        NameJa = string.Empty;
        NameEn = string.Empty;
    }

    public CertificationTypeId Id { get; private set; }

    public string Code { get; private set; }

    /// <summary>Null for the platform's types; the owning agent otherwise.</summary>
    public Guid? AgentId { get; private set; }

    public string NameJa { get; private set; }

    public string NameEn { get; private set; }

    public string? DescriptionJa { get; private set; }

    public string? DescriptionEn { get; private set; }

    public int QuestionsPerAttempt { get; private set; }

    public int PassMarkPercent { get; private set; }

    public int TimeLimitMinutes { get; private set; }

    public int AttemptsBeforeCooldown { get; private set; }

    public int CooldownHours { get; private set; }

    public int ValidityMonths { get; private set; }

    public int RenewalWindowDays { get; private set; }

    public int GraceDays { get; private set; }

    public int? PracticalMinAccuracyBasisPoints { get; private set; }

    public int? PracticalMinCells { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public ExamRules Exam => new(QuestionsPerAttempt, PassMarkPercent, TimeSpan.FromMinutes(TimeLimitMinutes), AttemptsBeforeCooldown, TimeSpan.FromHours(CooldownHours));

    public CertificationTerms Terms => new(ValidityMonths, RenewalWindowDays, GraceDays);

    public PracticalTest? Practical =>
        PracticalMinAccuracyBasisPoints is { } accuracy && PracticalMinCells is { } cells ? new PracticalTest(accuracy, cells) : null;

    public bool IsPlatform => AgentId is null;

    /// <summary>An agent's own certification type. Its code is unique within the agent and never one of the platform's.</summary>
    public static CertificationType DefineForAgent(
        CertificationTypeId id,
        Guid agentId,
        string code,
        string nameJa,
        string nameEn,
        string? descriptionJa,
        string? descriptionEn,
        ExamRules exam,
        CertificationTerms terms,
        PracticalTest? practical,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(exam);
        ArgumentNullException.ThrowIfNull(terms);
        var clean = (code ?? string.Empty).Trim();
        ExamRules.Check(CodePattern().IsMatch(clean), "certification_code_invalid", "A code is 3–40 characters: lower-case letters, digits and underscores, starting with a letter.");
        ExamRules.Check(!CertificationCodes.IsPlatform(clean), "certification_code_reserved", $"'{clean}' is a platform certification.");
        exam.Validate();
        terms.Validate();
        practical?.Validate();
        var type = new CertificationType
        {
            Id = id,
            Code = clean,
            AgentId = agentId,
            NameJa = Name(nameJa),
            NameEn = Name(nameEn),
            DescriptionJa = Description(descriptionJa),
            DescriptionEn = Description(descriptionEn),
            CreatedAt = now,
        };
        type.Apply(exam, terms, practical);
        return type;
    }

    /// <summary>An agent's type may be visible to (and taken by) the agent's own people only.</summary>
    public bool IsVisibleTo(Guid? agentId) => AgentId is null || AgentId == agentId;

    private void Apply(ExamRules exam, CertificationTerms terms, PracticalTest? practical)
    {
        QuestionsPerAttempt = exam.QuestionsPerAttempt;
        PassMarkPercent = exam.PassMarkPercent;
        TimeLimitMinutes = (int)exam.TimeLimit.TotalMinutes;
        AttemptsBeforeCooldown = exam.AttemptsBeforeCooldown;
        CooldownHours = (int)exam.Cooldown.TotalHours;
        ValidityMonths = terms.ValidityMonths;
        RenewalWindowDays = terms.RenewalWindowDays;
        GraceDays = terms.GraceDays;
        PracticalMinAccuracyBasisPoints = practical?.MinAccuracyBasisPoints;
        PracticalMinCells = practical?.MinCells;
    }

    private static string Name(string? name)
    {
        var clean = (name ?? string.Empty).Trim();
        ExamRules.Check(clean.Length is >= 1 and <= MaxNameLength, "certification_name_invalid", $"A name (Japanese and English) has 1–{MaxNameLength} characters.");
        return clean;
    }

    private static string? Description(string? description)
    {
        var clean = description?.Trim();
        ExamRules.Check(clean is null || clean.Length <= MaxDescriptionLength, "certification_description_too_long", $"A description has at most {MaxDescriptionLength} characters.");
        return string.IsNullOrEmpty(clean) ? null : clean;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{2,39}$")]
    private static partial Regex CodePattern();
}
