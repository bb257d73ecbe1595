using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Certifications;
using Market.Domain.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Certifications;

public sealed record PracticalView(int MinAccuracyBasisPoints, int MinCells);

public sealed record HeldCertificationView(
    string State,
    bool AllowsNewWork,
    DateTimeOffset IssuedAt,
    DateTimeOffset ValidUntil,
    DateTimeOffset RenewalOpensAt,
    DateTimeOffset GraceEndsAt,
    int RenewalCount,
    DateTimeOffset? LastRenewedAt,
    DateTimeOffset? RevokedAt,
    string? RevocationReason)
{
    public static HeldCertificationView Of(WorkerCertification c, DateTimeOffset now) => new(
        c.StateAt(now).ToString(), c.AllowsNewWorkAt(now), c.IssuedAt, c.ValidUntil, c.RenewalOpensAt, c.GraceEndsAt,
        c.RenewalCount, c.LastRenewedAt, c.RevokedAt, c.RevocationReason);
}

/// <summary>One exam the caller may take, with where they stand: their certification, cool-down, renewal window.</summary>
/// <param name="NextAttemptKind">Initial or Renewal: what starting now would be (null when refused for a reason that decides no kind).</param>
/// <param name="Refusal">Why an attempt cannot start now (code and message), null when it can.</param>
/// <param name="AvailableFrom">When a refusal that time cures ends: the cool-down's end, or the renewal window's opening.</param>
/// <param name="FailuresTowardsCooldown">Failed attempts in a row that count towards the next cool-down.</param>
/// <param name="AwaitingPractical">Passed the exam; the certification waits for the practical result.</param>
public sealed record ExamView(
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
    PracticalView? Practical,
    HeldCertificationView? Certification,
    bool CanStart,
    string? NextAttemptKind,
    Refusal? Refusal,
    DateTimeOffset? AvailableFrom,
    int FailuresTowardsCooldown,
    Guid? InProgressAttemptId,
    bool AwaitingPractical);

public sealed record ExamOptionView(int Index, string Ja, string En);

/// <summary>A drawn question as the worker sees it: never the correct option.</summary>
public sealed record ExamQuestionView(Guid QuestionId, int Position, string PromptJa, string PromptEn, IReadOnlyList<ExamOptionView> Options, int? ChosenOption);

public sealed record ExamResultView(int CorrectCount, int ScorePercent, int PassMarkPercent, bool Passed, DateTimeOffset FinishedAt, string Outcome, HeldCertificationView? Certification);

public sealed record ExamAttemptView(
    Guid AttemptId,
    string Code,
    string Kind,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset Deadline,
    int SecondsLeft,
    IReadOnlyList<ExamQuestionView> Questions,
    ExamResultView? Result);

/// <summary>The exams the caller may take (platform and their agent's own), scoring their overdue attempts first.</summary>
public sealed record ListMyExams : ICommand<IReadOnlyList<ExamView>>;

public sealed record StartExamAttempt(string Code) : ICommand<ExamAttemptView>;

public sealed record GetExamAttempt(ExamAttemptId AttemptId) : ICommand<ExamAttemptView>;

public sealed record AnswerExamQuestion(ExamAttemptId AttemptId, Guid QuestionId, int Option) : ICommand<ExamAttemptView>;

public sealed record SubmitExamAttempt(ExamAttemptId AttemptId) : ICommand<ExamAttemptView>;

public sealed record AnswerBody(int Option);

public sealed class AnswerExamQuestionValidator : AbstractValidator<AnswerExamQuestion>
{
    public AnswerExamQuestionValidator() => RuleFor(a => a.Option).GreaterThanOrEqualTo(0).WithMessage("Choose an option by its 0-based index.");
}

/// <summary>
/// The exam flow: start (questions drawn at random, no answers sent, a deadline), answer question by question until the
/// deadline, submit (or let the deadline pass: scored as submitted then). Scores are computed here only.
/// </summary>
public sealed class ExamHandlers(MarketDbContext db, ICurrentUser caller, ExamScoring scoring, AuditLog audit, TimeProvider clock) :
    IRequestHandler<ListMyExams, IReadOnlyList<ExamView>>,
    IRequestHandler<StartExamAttempt, ExamAttemptView>,
    IRequestHandler<GetExamAttempt, ExamAttemptView>,
    IRequestHandler<AnswerExamQuestion, ExamAttemptView>,
    IRequestHandler<SubmitExamAttempt, ExamAttemptView>
{
    public async Task<IReadOnlyList<ExamView>> Handle(ListMyExams request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (me, _) = Caller();
        await scoring.CloseOverdueAsync(me, null, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var types = await db.CertificationTypes.AsNoTracking().OrderBy(t => t.AgentId != null).ThenBy(t => t.Code).ToListAsync(cancellationToken);
        var held = await db.WorkerCertifications.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(c => c.UserId == me).ToDictionaryAsync(c => c.Code, cancellationToken);
        var attempts = (await db.ExamAttempts.AsNoTracking().Where(a => a.UserId == me).ToListAsync(cancellationToken))
            .ToLookup(a => a.CertificationTypeId);
        var typeIds = types.Select(t => t.Id).ToList();
        var bankSizes = await db.ExamQuestions.AsNoTracking()
            .Where(q => q.Active && typeIds.Contains(q.CertificationTypeId))
            .GroupBy(q => q.CertificationTypeId)
            .Select(g => new { TypeId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.TypeId, g => g.Count, cancellationToken);

        return types.Select(type =>
        {
            var mine = attempts[type.Id].ToList();
            var certification = held.GetValueOrDefault(type.Code);
            var availability = ExamAttempt.Availability(type, certification, mine, bankSizes.GetValueOrDefault(type.Id), now);
            var latestPass = mine.Where(a => a.Passed == true && a.Kind == ExamAttemptKind.Initial).MaxBy(a => a.FinishedAt);
            var awaitingPractical = type.Practical is not null && latestPass is not null
                && now - latestPass.FinishedAt!.Value <= CertificationIssuance.ExamPassValidity
                && (certification is null || (certification.StateAt(now) == CertificationState.Expired && certification.IssuedAt < latestPass.FinishedAt));
            return new ExamView(
                type.Code, type.IsPlatform, type.NameJa, type.NameEn, type.DescriptionJa, type.DescriptionEn,
                type.QuestionsPerAttempt, type.PassMarkPercent, type.TimeLimitMinutes, type.AttemptsBeforeCooldown, type.CooldownHours,
                type.ValidityMonths, type.RenewalWindowDays, type.GraceDays,
                type.Practical is { } p ? new PracticalView(p.MinAccuracyBasisPoints, p.MinCells) : null,
                certification is null ? null : HeldCertificationView.Of(certification, now),
                availability.CanStart,
                availability.Kind?.ToString(),
                availability.Refusal,
                availability.AvailableFrom,
                ExamRetryPolicy.FailuresTowardsCooldown(type.Exam, mine),
                mine.FirstOrDefault(a => a.Status == ExamAttemptStatus.InProgress)?.Id.Value,
                awaitingPractical);
        }).ToList();
    }

    public async Task<ExamAttemptView> Handle(StartExamAttempt request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (me, agentId) = Caller();
        var type = await db.CertificationTypes.SingleOrDefaultAsync(t => t.Code == request.Code, cancellationToken)
            ?? throw new NotFoundException("certification_type_not_found", $"There is no exam '{request.Code}' for you.");

        // An attempt left open past its deadline is scored first (as submitted at the deadline): it may have passed.
        await scoring.CloseOverdueAsync(me, type.Id, now, cancellationToken);
        var held = await scoring.HeldAsync(me, type.Code, cancellationToken);
        var earlier = await db.ExamAttempts.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(a => a.UserId == me && a.CertificationTypeId == type.Id)
            .ToListAsync(cancellationToken);
        var bank = await db.ExamQuestions.Where(q => q.CertificationTypeId == type.Id && q.Active).Select(q => q.Id).ToListAsync(cancellationToken);

        var attempt = ExamAttempt.Start(ExamAttemptId.New(), me, agentId, type, held, earlier, bank, Random.Shared, now);
        db.ExamAttempts.Add(attempt);
        audit.Record("exam.attempt.started", "exam_attempt", attempt.Id.ToString(), new { code = type.Code, kind = attempt.Kind.ToString(), deadline = attempt.Deadline });
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(attempt, null, now, cancellationToken);
    }

    public async Task<ExamAttemptView> Handle(GetExamAttempt request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var attempt = await MineAsync(request.AttemptId, cancellationToken);
        IssuanceResult? result = null;
        if (attempt.IsOverdue(now))
        {
            result = await scoring.ScoreAsync(attempt, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return await ViewAsync(attempt, result, now, cancellationToken);
    }

    public async Task<ExamAttemptView> Handle(AnswerExamQuestion request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var attempt = await MineAsync(request.AttemptId, cancellationToken);
        var question = attempt.Items.Any(i => i.QuestionId == request.QuestionId)
            ? await db.ExamQuestions.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking().SingleAsync(q => q.Id == request.QuestionId, cancellationToken)
            : null;
        attempt.Answer(request.QuestionId, request.Option, question?.Options.Count ?? 0, now);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(attempt, null, now, cancellationToken);
    }

    public async Task<ExamAttemptView> Handle(SubmitExamAttempt request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var attempt = await MineAsync(request.AttemptId, cancellationToken);
        var result = await scoring.ScoreAsync(attempt, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(attempt, result, now, cancellationToken);
    }

    private (Guid UserId, Guid AgentId) Caller() =>
        caller.UserId is { } userId && caller.TenantKind == Domain.Tenancy.TenantKind.Agent && caller.TenantId is { } agentId
            ? (userId, agentId)
            : throw new ForbiddenException(ErrorCodes.Forbidden, "Exams are taken by an agent's workers and staff.");

    /// <summary>The caller's own attempt; anyone else's is "not found".</summary>
    private async Task<ExamAttempt> MineAsync(ExamAttemptId id, CancellationToken cancellationToken)
    {
        var (me, _) = Caller();
        var attempt = await db.ExamAttempts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return attempt is not null && attempt.UserId == me
            ? attempt
            : throw new NotFoundException("exam_attempt_not_found", "No such exam attempt.");
    }

    /// <summary>
    /// What scoring did, read back later (a reload of the result): issuing and renewing stamp the certification with the
    /// attempt's finish time, so an exact match names the outcome. "Scored" when it can no longer be told (renewed again since).
    /// </summary>
    private async Task<string> RecordedOutcomeAsync(ExamAttempt attempt, WorkerCertification? held, CancellationToken cancellationToken)
    {
        if (attempt.Passed != true)
        {
            return nameof(IssuanceOutcome.None);
        }

        if (attempt.Kind == ExamAttemptKind.Renewal)
        {
            return held?.LastRenewedAt == attempt.FinishedAt ? nameof(IssuanceOutcome.Renewed) : "Scored";
        }

        if (held?.IssuedAt == attempt.FinishedAt)
        {
            return nameof(IssuanceOutcome.Issued);
        }

        var hasPractical = await db.CertificationTypes.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(t => t.Id == attempt.CertificationTypeId).Select(t => t.PracticalMinAccuracyBasisPoints != null).SingleAsync(cancellationToken);
        return hasPractical && held is null ? nameof(IssuanceOutcome.AwaitingPractical) : "Scored";
    }

    private async Task<ExamAttemptView> ViewAsync(ExamAttempt attempt, IssuanceResult? result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = attempt.Items.Select(i => i.QuestionId).ToList();
        var questions = await db.ExamQuestions.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, cancellationToken);
        var items = attempt.Items.Select(i =>
        {
            var q = questions[i.QuestionId];
            return new ExamQuestionView(
                q.Id, i.Position, q.PromptJa, q.PromptEn, q.Options.Select((o, index) => new ExamOptionView(index, o.Ja, o.En)).ToList(), i.ChosenOption);
        }).ToList();

        ExamResultView? resultView = null;
        if (attempt.IsFinished)
        {
            var held = result?.Certification ?? await scoring.HeldAsync(attempt.UserId, attempt.Code, cancellationToken);
            var outcome = result?.Outcome.ToString() ?? await RecordedOutcomeAsync(attempt, held, cancellationToken);
            resultView = new ExamResultView(
                attempt.CorrectCount!.Value, attempt.ScorePercent!.Value, attempt.PassMarkPercent, attempt.Passed!.Value, attempt.FinishedAt!.Value,
                outcome, held is null ? null : HeldCertificationView.Of(held, now));
        }

        var secondsLeft = attempt.IsFinished ? 0 : (int)Math.Max(0, Math.Ceiling((attempt.Deadline - now).TotalSeconds));
        return new ExamAttemptView(
            attempt.Id.Value, attempt.Code, attempt.Kind.ToString(), attempt.Status.ToString(), attempt.StartedAt, attempt.Deadline, secondsLeft, items, resultView);
    }
}
