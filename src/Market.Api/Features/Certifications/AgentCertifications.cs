using FluentValidation;
using Market.Api.Features.Notifications;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Certifications;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Certifications;

/// <param name="LapsingSoon">Renewal due, in grace, or ending within the asked number of days: the coordinator should act.</param>
public sealed record TeamCertificationView(Guid UserId, string DisplayName, string Code, string NameJa, string NameEn, bool LapsingSoon, HeldCertificationView Certification);

public sealed record AgentCertificationsView(int Total, int LapsingSoon, IReadOnlyList<TeamCertificationView> Items);

/// <summary>The certifications of everyone in the agent (workers and staff), lapsing ones first.</summary>
public sealed record GetAgentCertifications(Guid AgentId, int LapsingWithinDays, bool LapsingOnly) : IRequest<AgentCertificationsView>;

/// <summary>The agent withdraws a worker's certification for cause; the worker gets no new units needing it.</summary>
public sealed record RevokeCertification(Guid AgentId, Guid UserId, string Code, string Reason) : ICommand<TeamCertificationView>;

/// <summary>The agent records a worker's practical on gold units; if the worker passed the exam and waits, they are certified.</summary>
public sealed record RecordPracticalResult(Guid AgentId, Guid UserId, string Code, int CellsCompared, int CellsCorrect) : ICommand<PracticalResultView>;

public sealed record PracticalResultView(Guid UserId, string Code, int CellsCompared, int CellsCorrect, int AccuracyBasisPoints, bool MeetsRequirement, string Outcome, HeldCertificationView? Certification);

public sealed record RevokeBody(string Reason);

public sealed record PracticalBody(int CellsCompared, int CellsCorrect);

public sealed class RevokeCertificationValidator : AbstractValidator<RevokeCertification>
{
    public RevokeCertificationValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
}

public sealed class RecordPracticalResultValidator : AbstractValidator<RecordPracticalResult>
{
    public RecordPracticalResultValidator()
    {
        RuleFor(r => r.CellsCompared).GreaterThan(0);
        RuleFor(r => r.CellsCorrect).GreaterThanOrEqualTo(0).LessThanOrEqualTo(r => r.CellsCompared);
    }
}

public sealed class AgentCertificationHandlers(
    MarketDbContext db, ICurrentUser caller, ExamScoring scoring, INotifier notifier, AuditLog audit, TimeProvider clock) :
    IRequestHandler<GetAgentCertifications, AgentCertificationsView>,
    IRequestHandler<RevokeCertification, TeamCertificationView>,
    IRequestHandler<RecordPracticalResult, PracticalResultView>
{
    public async Task<AgentCertificationsView> Handle(GetAgentCertifications request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var horizon = now.AddDays(Math.Clamp(request.LapsingWithinDays, 0, 365));
        var rows = await (
                from c in db.WorkerCertifications.AsNoTracking()
                join u in db.Users on c.UserId equals u.Id
                where c.AgentId == request.AgentId
                select new { Certification = c, u.DisplayName })
            .ToListAsync(cancellationToken);
        var names = await db.CertificationTypes.AsNoTracking().ToDictionaryAsync(t => t.Code, t => (t.NameJa, t.NameEn), cancellationToken);
        var items = rows
            .Select(r => View(r.Certification, r.DisplayName, names, horizon, now))
            .Where(v => !request.LapsingOnly || v.LapsingSoon)
            .OrderByDescending(v => v.LapsingSoon).ThenBy(v => v.Certification.ValidUntil).ThenBy(v => v.UserId).ThenBy(v => v.Code)
            .ToList();
        return new AgentCertificationsView(items.Count, items.Count(i => i.LapsingSoon), items);
    }

    public async Task<TeamCertificationView> Handle(RevokeCertification request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var certification = await db.WorkerCertifications
            .SingleOrDefaultAsync(c => c.AgentId == request.AgentId && c.UserId == request.UserId && c.Code == request.Code, cancellationToken)
            ?? throw new NotFoundException("certification_not_found", "This person holds no such certification with your agent.");
        certification.Revoke(caller.UserId!.Value, request.Reason, now);
        audit.Record("certification.revoked", "worker_certification", $"{request.UserId}/{request.Code}", new { code = request.Code });

        var type = await db.CertificationTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Code == request.Code, cancellationToken);
        var (title, body) = CertificationTexts.Revoked(type, request.Code, certification.RevocationReason!);
        await notifier.NotifyAsync(
            new NotificationMessage(request.UserId, "certification.revoked", title, body, CertificationTexts.MyCertificationsLink, $"certification:{request.Code}:revoked:{now.ToUnixTimeSeconds()}", request.AgentId, Email: true),
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var name = await db.Users.Where(u => u.Id == request.UserId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        var names = type is null ? [] : new Dictionary<string, (string, string)> { [type.Code] = (type.NameJa, type.NameEn) };
        return View(certification, name, names, now, now);
    }

    public async Task<PracticalResultView> Handle(RecordPracticalResult request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var member = await db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.UserId == request.UserId && m.TenantId == request.AgentId, cancellationToken);
        if (member is null || Roles.TenantKindOf(member.Role) != TenantKind.Agent)
        {
            throw new NotFoundException("worker_not_found", "No such person in this agent.");
        }

        var type = await db.CertificationTypes.SingleOrDefaultAsync(t => t.Code == request.Code, cancellationToken)
            ?? throw new NotFoundException("certification_type_not_found", $"There is no certification '{request.Code}'.");
        Domain.Common.Guard.Against(type.Practical is null, "certification_has_no_practical", $"'{request.Code}' has no practical test.");
        var result = PracticalResult.Record(request.UserId, request.Code, request.CellsCompared, request.CellsCorrect, now);

        var record = await db.PracticalResults.SingleOrDefaultAsync(r => r.UserId == request.UserId && r.Code == request.Code, cancellationToken);
        if (record is null)
        {
            record = new PracticalResultRecord { UserId = request.UserId, Code = request.Code };
            db.PracticalResults.Add(record);
        }

        record.AgentId = request.AgentId;
        record.CellsCompared = result.CellsCompared;
        record.CellsCorrect = result.CellsCorrect;
        record.RecordedAt = now;
        record.RecordedBy = caller.UserId!.Value;
        audit.Record("certification.practical_recorded", "worker_certification", $"{request.UserId}/{request.Code}",
            new { result.CellsCompared, result.CellsCorrect, accuracy = result.AccuracyBasisPoints });

        var held = await scoring.HeldAsync(request.UserId, request.Code, cancellationToken);
        var latestPass = await db.ExamAttempts.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(a => a.UserId == request.UserId && a.CertificationTypeId == type.Id && a.Passed == true && a.Kind == ExamAttemptKind.Initial)
            .OrderByDescending(a => a.FinishedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var issuance = CertificationIssuance.AfterPractical(type, request.AgentId, held, latestPass, result, now);
        if (issuance.Outcome == IssuanceOutcome.Issued)
        {
            if (held is null)
            {
                db.WorkerCertifications.Add(issuance.Certification!);
            }

            audit.Record("certification.issued", "worker_certification", $"{request.UserId}/{request.Code}",
                new { validUntil = issuance.Certification!.ValidUntil, practical = true });
            var (title, body) = CertificationTexts.ExamResult(latestPass!, type, issuance);
            await notifier.NotifyAsync(
                new NotificationMessage(request.UserId, "certification.issued", title, body, CertificationTexts.MyCertificationsLink,
                    $"certification:{request.Code}:issued:{issuance.Certification.ValidUntil.ToUnixTimeSeconds()}", request.AgentId, Email: true),
                cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        var certification = issuance.Certification ?? held;
        return new PracticalResultView(
            request.UserId, request.Code, result.CellsCompared, result.CellsCorrect, result.AccuracyBasisPoints, type.Practical!.IsMetBy(result),
            issuance.Outcome.ToString(), certification is null ? null : HeldCertificationView.Of(certification, now));
    }

    private static TeamCertificationView View(
        WorkerCertification c, string displayName, IReadOnlyDictionary<string, (string Ja, string En)> names, DateTimeOffset horizon, DateTimeOffset now)
    {
        var state = c.StateAt(now);
        var lapsing = state is CertificationState.RenewalDue or CertificationState.InGrace
            || (state == CertificationState.Active && c.ValidUntil <= horizon);
        var (ja, en) = names.GetValueOrDefault(c.Code, (c.Code, c.Code));
        return new TeamCertificationView(c.UserId, displayName, c.Code, ja, en, lapsing, HeldCertificationView.Of(c, now));
    }
}
