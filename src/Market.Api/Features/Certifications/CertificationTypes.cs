using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Certifications;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Certifications;

public sealed record CertificationTypeView(
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
    int ActiveQuestions)
{
    public static CertificationTypeView Of(CertificationType t, int activeQuestions) => new(
        t.Code, t.IsPlatform, t.NameJa, t.NameEn, t.DescriptionJa, t.DescriptionEn, t.QuestionsPerAttempt, t.PassMarkPercent, t.TimeLimitMinutes,
        t.AttemptsBeforeCooldown, t.CooldownHours, t.ValidityMonths, t.RenewalWindowDays, t.GraceDays,
        t.Practical is { } p ? new PracticalView(p.MinAccuracyBasisPoints, p.MinCells) : null, activeQuestions);
}

/// <summary>A question of the agent's own bank as its staff see it, answer included.</summary>
public sealed record BankQuestionView(Guid QuestionId, string PromptJa, string PromptEn, IReadOnlyList<ExamOptionView> Options, int CorrectOption, bool Active, DateTimeOffset CreatedAt)
{
    public static BankQuestionView Of(ExamQuestion q) => new(
        q.Id, q.PromptJa, q.PromptEn, q.Options.Select((o, i) => new ExamOptionView(i, o.Ja, o.En)).ToList(), q.CorrectOption, q.Active, q.CreatedAt);
}

public sealed record ListCertificationTypes(Guid AgentId) : IRequest<IReadOnlyList<CertificationTypeView>>;

/// <summary>An agent defines a certification type of its own (its exam and terms; a practical test on gold is optional).</summary>
public sealed record DefineCertificationType(
    Guid AgentId,
    string Code,
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
    int? PracticalMinAccuracyBasisPoints,
    int? PracticalMinCells) : ICommand<CertificationTypeView>;

public sealed record DefineCertificationTypeBody(
    string Code,
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
    int? PracticalMinAccuracyBasisPoints = null,
    int? PracticalMinCells = null);

public sealed record ListBankQuestions(Guid AgentId, string Code) : IRequest<IReadOnlyList<BankQuestionView>>;

public sealed record AddBankQuestion(Guid AgentId, string Code, string PromptJa, string PromptEn, IReadOnlyList<ExamOptionBody> Options, int CorrectOption)
    : ICommand<BankQuestionView>;

public sealed record ExamOptionBody(string Ja, string En);

public sealed record AddBankQuestionBody(string PromptJa, string PromptEn, List<ExamOptionBody> Options, int CorrectOption);

public sealed record RetireBankQuestion(Guid AgentId, string Code, Guid QuestionId) : ICommand<BankQuestionView>;

public sealed class DefineCertificationTypeValidator : AbstractValidator<DefineCertificationType>
{
    public DefineCertificationTypeValidator()
    {
        RuleFor(t => t.Code).NotEmpty().MaximumLength(40);
        RuleFor(t => t.NameJa).NotEmpty().MaximumLength(CertificationType.MaxNameLength);
        RuleFor(t => t.NameEn).NotEmpty().MaximumLength(CertificationType.MaxNameLength);
        RuleFor(t => t.PracticalMinCells).NotNull().When(t => t.PracticalMinAccuracyBasisPoints is not null)
            .WithMessage("A practical test names both its minimum accuracy and its minimum number of gold cells.");
        RuleFor(t => t.PracticalMinAccuracyBasisPoints).NotNull().When(t => t.PracticalMinCells is not null)
            .WithMessage("A practical test names both its minimum accuracy and its minimum number of gold cells.");
    }
}

public sealed class AddBankQuestionValidator : AbstractValidator<AddBankQuestion>
{
    public AddBankQuestionValidator()
    {
        RuleFor(q => q.PromptJa).NotEmpty();
        RuleFor(q => q.PromptEn).NotEmpty();
        RuleFor(q => q.Options).NotNull();
        RuleForEach(q => q.Options).ChildRules(o =>
        {
            o.RuleFor(x => x.Ja).NotEmpty();
            o.RuleFor(x => x.En).NotEmpty();
        });
    }
}

/// <summary>Agents' own certification types and their question banks; the platform's are read-only (seeded).</summary>
public sealed class CertificationTypeHandlers(MarketDbContext db, AuditLog audit, TimeProvider clock) :
    IRequestHandler<ListCertificationTypes, IReadOnlyList<CertificationTypeView>>,
    IRequestHandler<DefineCertificationType, CertificationTypeView>,
    IRequestHandler<ListBankQuestions, IReadOnlyList<BankQuestionView>>,
    IRequestHandler<AddBankQuestion, BankQuestionView>,
    IRequestHandler<RetireBankQuestion, BankQuestionView>
{
    public async Task<IReadOnlyList<CertificationTypeView>> Handle(ListCertificationTypes request, CancellationToken cancellationToken)
    {
        var types = await db.CertificationTypes.AsNoTracking()
            .Where(t => t.AgentId == null || t.AgentId == request.AgentId)
            .OrderBy(t => t.AgentId != null).ThenBy(t => t.Code)
            .ToListAsync(cancellationToken);
        var ids = types.Select(t => t.Id).ToList();
        var counts = await db.ExamQuestions.AsNoTracking()
            .Where(q => q.Active && ids.Contains(q.CertificationTypeId))
            .GroupBy(q => q.CertificationTypeId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return types.Select(t => CertificationTypeView.Of(t, counts.GetValueOrDefault(t.Id))).ToList();
    }

    public async Task<CertificationTypeView> Handle(DefineCertificationType request, CancellationToken cancellationToken)
    {
        var type = CertificationType.DefineForAgent(
            CertificationTypeId.New(),
            request.AgentId,
            request.Code,
            request.NameJa,
            request.NameEn,
            request.DescriptionJa,
            request.DescriptionEn,
            new ExamRules(request.QuestionsPerAttempt, request.PassMarkPercent, TimeSpan.FromMinutes(request.TimeLimitMinutes), request.AttemptsBeforeCooldown, TimeSpan.FromHours(request.CooldownHours)),
            new CertificationTerms(request.ValidityMonths, request.RenewalWindowDays, request.GraceDays),
            request.PracticalMinAccuracyBasisPoints is { } accuracy ? new PracticalTest(accuracy, request.PracticalMinCells!.Value) : null,
            clock.GetUtcNow());
        Domain.Common.Guard.Against(
            await db.CertificationTypes.AnyAsync(t => t.AgentId == request.AgentId && t.Code == type.Code, cancellationToken),
            "certification_code_taken",
            $"Your agent already has a certification '{type.Code}'.");
        db.CertificationTypes.Add(type);
        audit.Record("certification_type.defined", "certification_type", type.Id.ToString(), new { code = type.Code });
        await db.SaveChangesAsync(cancellationToken);
        return CertificationTypeView.Of(type, 0);
    }

    public async Task<IReadOnlyList<BankQuestionView>> Handle(ListBankQuestions request, CancellationToken cancellationToken)
    {
        var type = await OwnTypeAsync(request.AgentId, request.Code, cancellationToken);
        return (await db.ExamQuestions.AsNoTracking().Where(q => q.CertificationTypeId == type.Id).OrderBy(q => q.CreatedAt).ThenBy(q => q.Id).ToListAsync(cancellationToken))
            .Select(BankQuestionView.Of).ToList();
    }

    public async Task<BankQuestionView> Handle(AddBankQuestion request, CancellationToken cancellationToken)
    {
        var type = await OwnTypeAsync(request.AgentId, request.Code, cancellationToken);
        var now = clock.GetUtcNow();
        var question = ExamQuestion.Write(
            Guid.CreateVersion7(now), type, request.PromptJa, request.PromptEn, request.Options.Select(o => new ExamOption(o.Ja, o.En)).ToList(), request.CorrectOption, now);
        db.ExamQuestions.Add(question);
        audit.Record("exam_question.added", "certification_type", type.Id.ToString(), new { code = type.Code, questionId = question.Id });
        await db.SaveChangesAsync(cancellationToken);
        return BankQuestionView.Of(question);
    }

    public async Task<BankQuestionView> Handle(RetireBankQuestion request, CancellationToken cancellationToken)
    {
        var type = await OwnTypeAsync(request.AgentId, request.Code, cancellationToken);
        var question = await db.ExamQuestions.SingleOrDefaultAsync(q => q.Id == request.QuestionId && q.CertificationTypeId == type.Id, cancellationToken)
            ?? throw new NotFoundException("exam_question_not_found", "No such question in this bank.");
        question.Retire();
        audit.Record("exam_question.retired", "certification_type", type.Id.ToString(), new { code = type.Code, questionId = question.Id });
        await db.SaveChangesAsync(cancellationToken);
        return BankQuestionView.Of(question);
    }

    /// <summary>
    /// Only the agent's own types have banks its staff may read and change. The platform's answers are never shown to
    /// agent staff: they could pass them on to the workers the exam is meant to test.
    /// </summary>
    private async Task<CertificationType> OwnTypeAsync(Guid agentId, string code, CancellationToken cancellationToken) =>
        await db.CertificationTypes.SingleOrDefaultAsync(t => t.AgentId == agentId && t.Code == code, cancellationToken)
        ?? throw new NotFoundException("certification_type_not_found", $"Your agent has no certification type '{code}' of its own.");
}
