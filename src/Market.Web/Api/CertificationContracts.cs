namespace Market.Web.Api;

/// <summary>A certification the worker holds, as the API states it now (<c>Active</c>, <c>RenewalDue</c>, <c>InGrace</c>, <c>Expired</c>, <c>Revoked</c>).</summary>
public sealed record HeldCertification(
    string State,
    bool AllowsNewWork,
    DateTimeOffset IssuedAt,
    DateTimeOffset ValidUntil,
    DateTimeOffset RenewalOpensAt,
    DateTimeOffset GraceEndsAt,
    int RenewalCount,
    DateTimeOffset? LastRenewedAt,
    DateTimeOffset? RevokedAt,
    string? RevocationReason);

/// <summary>One of <c>GET /api/v1/me/certifications</c>.</summary>
public sealed record MyCertification(string Code, string NameJa, string NameEn, HeldCertification Certification);

public sealed record ExamRefusal(string Code, string Message);

public sealed record ExamPractical(int MinAccuracyBasisPoints, int MinCells);

/// <summary>One exam the worker may take (<c>GET /api/v1/exams</c>), with where they stand.</summary>
public sealed record MyExam(
    string Code,
    bool Platform,
    string NameJa,
    string NameEn,
    string? DescriptionJa,
    string? DescriptionEn,
    int QuestionsPerAttempt,
    int PassMarkPercent,
    int TimeLimitMinutes,
    int AttemptsBeforeCooldown,
    int CooldownHours,
    int ValidityMonths,
    int RenewalWindowDays,
    int GraceDays,
    ExamPractical? Practical,
    HeldCertification? Certification,
    bool CanStart,
    string? NextAttemptKind,
    ExamRefusal? Refusal,
    DateTimeOffset? AvailableFrom,
    int FailuresTowardsCooldown,
    Guid? InProgressAttemptId,
    bool AwaitingPractical);

public sealed record ExamOption(int Index, string Ja, string En);

/// <summary>A drawn question: never the correct option.</summary>
public sealed record ExamQuestion(Guid QuestionId, int Position, string PromptJa, string PromptEn, IReadOnlyList<ExamOption> Options, int? ChosenOption);

public sealed record ExamResult(int CorrectCount, int ScorePercent, int PassMarkPercent, bool Passed, DateTimeOffset FinishedAt, string Outcome, HeldCertification? Certification);

/// <summary>An attempt (<c>/api/v1/exams/attempts/{id}</c>); <see cref="SecondsLeft"/> is the server's count, the page's timer starts from it.</summary>
public sealed record ExamAttempt(
    Guid AttemptId,
    string Code,
    string Kind,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset Deadline,
    int SecondsLeft,
    IReadOnlyList<ExamQuestion> Questions,
    ExamResult? Result)
{
    public bool IsOpen => Status == "InProgress";
}

public sealed record ExamAnswerBody(int Option);
