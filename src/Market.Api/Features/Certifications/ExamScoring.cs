using Market.Api.Features.Notifications;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Certifications;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Certifications;

/// <summary>
/// Scores an attempt against the bank's answer key and applies what follows to the worker's certification (issue,
/// renew, wait for the practical, or nothing), tells the worker, and audits it — all in the caller's transaction.
/// Used by submit, by the start and list of exams for attempts left open past their deadline, and by the sweep job.
/// </summary>
public sealed class ExamScoring(MarketDbContext db, INotifier notifier, AuditLog audit)
{
    public async Task<IssuanceResult> ScoreAsync(ExamAttempt attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var questionIds = attempt.Items.Select(i => i.QuestionId).ToList();
        var key = await db.ExamQuestions.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(q => questionIds.Contains(q.Id))
            .ToDictionaryAsync(q => q.Id, q => q.CorrectOption, cancellationToken);
        attempt.Submit(key, now);

        var type = await db.CertificationTypes.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .SingleAsync(t => t.Id == attempt.CertificationTypeId, cancellationToken);
        var held = await HeldAsync(attempt.UserId, attempt.Code, cancellationToken);
        var practical = await db.PracticalResults.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .SingleOrDefaultAsync(r => r.UserId == attempt.UserId && r.Code == attempt.Code, cancellationToken);
        // An attempt closed after its deadline counts as submitted at the deadline, so that is when it certifies.
        var result = CertificationIssuance.AfterScoring(attempt, type, held, practical?.ToDomain(), attempt.FinishedAt!.Value);
        if (result.Certification is not null && held is null)
        {
            db.WorkerCertifications.Add(result.Certification);
        }

        audit.Record(
            "exam.attempt.scored",
            "exam_attempt",
            attempt.Id.ToString(),
            new { code = attempt.Code, kind = attempt.Kind.ToString(), status = attempt.Status.ToString(), attempt.ScorePercent, attempt.Passed, outcome = result.Outcome.ToString() },
            attempt.AgentId);
        if (result.Outcome is IssuanceOutcome.Issued or IssuanceOutcome.Renewed)
        {
            audit.Record(
                result.Outcome == IssuanceOutcome.Issued ? "certification.issued" : "certification.renewed",
                "worker_certification",
                $"{attempt.UserId}/{attempt.Code}",
                new { validUntil = result.Certification!.ValidUntil, attemptId = attempt.Id.Value },
                attempt.AgentId);
        }

        var (title, body) = CertificationTexts.ExamResult(attempt, type, result);
        await notifier.NotifyAsync(
            new NotificationMessage(attempt.UserId, "certification.exam_result", title, body, CertificationTexts.MyCertificationsLink, $"exam-attempt:{attempt.Id}", attempt.AgentId),
            cancellationToken);
        return result;
    }

    /// <summary>Scores the attempts of this worker (and type, when given) left open past their deadline.</summary>
    public async Task CloseOverdueAsync(Guid userId, CertificationTypeId? typeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = db.ExamAttempts.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(a => a.UserId == userId && a.Status == ExamAttemptStatus.InProgress && a.Deadline < now);
        if (typeId is { } only)
        {
            query = query.Where(a => a.CertificationTypeId == only);
        }

        var overdue = await query.ToListAsync(cancellationToken);
        foreach (var attempt in overdue)
        {
            await ScoreAsync(attempt, now, cancellationToken);
        }
    }

    /// <summary>A user's certification of a code whichever tenant asks: (user, code) is the key, and issuing twice must not happen.</summary>
    public Task<WorkerCertification?> HeldAsync(Guid userId, string code, CancellationToken cancellationToken) =>
        db.WorkerCertifications.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .SingleOrDefaultAsync(c => c.UserId == userId && c.Code == code, cancellationToken);
}
