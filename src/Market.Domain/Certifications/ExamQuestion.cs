using Market.Domain.Common;

namespace Market.Domain.Certifications;

/// <summary>One answer to choose from, in both languages.</summary>
public sealed record ExamOption
{
    public ExamOption(string ja, string en)
    {
        Ja = ja;
        En = en;
    }

    public string Ja { get; private init; }

    public string En { get; private init; }
}

/// <summary>
/// A single-choice question of a certification type's bank, in Japanese and English. Questions are never edited
/// once written (an attempt may have drawn them); a wrong one is retired and a new one added.
/// </summary>
public sealed class ExamQuestion
{
    public const int MinOptions = 2;
    public const int MaxOptions = 6;
    public const int MaxPromptLength = 2000;
    public const int MaxOptionLength = 500;

    private readonly List<ExamOption> _options = [];

    private ExamQuestion()
    {
        PromptJa = string.Empty;
        PromptEn = string.Empty;
    }

    public Guid Id { get; private set; }

    public CertificationTypeId CertificationTypeId { get; private set; }

    /// <summary>The owning agent for questions of an agent's own type; null for the platform's.</summary>
    public Guid? AgentId { get; private set; }

    public string PromptJa { get; private set; }

    public string PromptEn { get; private set; }

    public IReadOnlyList<ExamOption> Options => _options;

    /// <summary>0-based index into <see cref="Options"/>. Never leaves the server before the attempt is scored.</summary>
    public int CorrectOption { get; private set; }

    public bool Active { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static ExamQuestion Write(
        Guid id, CertificationType type, string promptJa, string promptEn, IReadOnlyList<ExamOption> options, int correctOption, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        ExamRules.Check(options.Count is >= MinOptions and <= MaxOptions, "exam_question_options_count", $"A question has {MinOptions}–{MaxOptions} options.");
        ExamRules.Check(correctOption >= 0 && correctOption < options.Count, "exam_question_correct_option_out_of_range", "The correct option must be one of the options.");
        var clean = options.Select(o => new ExamOption(Text(o.Ja, MaxOptionLength), Text(o.En, MaxOptionLength))).ToList();
        ExamRules.Check(clean.Select(o => o.Ja).Distinct().Count() == clean.Count, "exam_question_options_duplicate", "Two options say the same.");
        var question = new ExamQuestion
        {
            Id = id,
            CertificationTypeId = type.Id,
            AgentId = type.AgentId,
            PromptJa = Text(promptJa, MaxPromptLength),
            PromptEn = Text(promptEn, MaxPromptLength),
            CorrectOption = correctOption,
            Active = true,
            CreatedAt = now,
        };
        question._options.AddRange(clean);
        return question;
    }

    /// <summary>Retired questions are no longer drawn; attempts that drew them are still scored with them.</summary>
    public void Retire() => Active = false;

    private static string Text(string? text, int max)
    {
        var clean = (text ?? string.Empty).Trim();
        ExamRules.Check(clean.Length is >= 1 && clean.Length <= max, "exam_question_text_invalid", $"Every question and option has Japanese and English text of 1–{max} characters.");
        return clean;
    }
}
