using System.Globalization;
using System.Text;
using Market.Api.Features.Notifications;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Certifications;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Market.Api.Features.Certifications;

/// <summary>
/// Daily: the renewal reminders due now (30, 7 and 1 day(s) before the end, then one when grace starts), in the app and
/// by email. Each goes once per certification period: the notifier's dedupe key is unique, so a second run sends nothing.
/// </summary>
public sealed record SendCertificationReminders : ICommand<int>;

/// <summary>Daily: certifications whose grace ended are recorded as expired (once) and their holders told.</summary>
public sealed record ProcessCertificationExpiry : ICommand<int>;

/// <summary>Weekly: each team's coordinator hears who in the team is lapsing (renewal due, in grace, or expired this week).</summary>
public sealed record SendLapseReports : ICommand<int>;

/// <summary>Every few minutes: attempts left open past their deadline are scored as submitted at the deadline.</summary>
public sealed record CloseOverdueExamAttempts(int BatchSize = 200) : ICommand<int>;

public sealed class CertificationJobHandlers(MarketDbContext db, INotifier notifier, ExamScoring scoring, AuditLog audit, TimeProvider clock) :
    IRequestHandler<SendCertificationReminders, int>,
    IRequestHandler<ProcessCertificationExpiry, int>,
    IRequestHandler<SendLapseReports, int>,
    IRequestHandler<CloseOverdueExamAttempts, int>
{
    private static readonly TimeSpan FirstReminder = TimeSpan.FromDays(RenewalReminders.ThresholdDays.Max());
    private static readonly TimeSpan ReportWeek = TimeSpan.FromDays(7);

    public async Task<int> Handle(SendCertificationReminders request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var horizon = now + FirstReminder;
        var due = await db.WorkerCertifications.AsNoTracking()
            .Where(c => c.RevokedAt == null && c.ValidUntil <= horizon && c.GraceEndsAt > now)
            .ToListAsync(cancellationToken);
        var types = await TypesAsync(cancellationToken);
        var sent = 0;
        foreach (var certification in due)
        {
            if (RenewalReminders.Due(certification, now) is not { } reminder)
            {
                continue;
            }

            var (title, body) = CertificationTexts.Reminder(reminder, certification, types.GetValueOrDefault((certification.AgentId, certification.Code)));
            var kind = reminder.Kind == ReminderKind.InGrace ? "certification.in_grace" : "certification.renewal_reminder";
            if (await notifier.NotifyAsync(
                    new NotificationMessage(certification.UserId, kind, title, body, CertificationTexts.ExamsLink, reminder.DedupeKey, certification.AgentId, Email: true),
                    cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    public async Task<int> Handle(ProcessCertificationExpiry request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lapsed = await db.WorkerCertifications
            .Where(c => c.RevokedAt == null && c.ExpiredAt == null && c.GraceEndsAt <= now)
            .ToListAsync(cancellationToken);
        var types = await TypesAsync(cancellationToken);
        var expired = 0;
        foreach (var certification in lapsed)
        {
            if (!certification.RecordExpiry(now))
            {
                continue;
            }

            expired++;
            audit.Record("certification.expired", "worker_certification", $"{certification.UserId}/{certification.Code}",
                new { validUntil = certification.ValidUntil, graceEndedAt = certification.GraceEndsAt }, certification.AgentId);
            var reminder = RenewalReminders.Due(certification, now)!;
            var (title, body) = CertificationTexts.Reminder(reminder, certification, types.GetValueOrDefault((certification.AgentId, certification.Code)));
            await notifier.NotifyAsync(
                new NotificationMessage(certification.UserId, "certification.expired", title, body, CertificationTexts.ExamsLink, reminder.DedupeKey, certification.AgentId, Email: true),
                cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return expired;
    }

    public async Task<int> Handle(SendLapseReports request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var japanDate = now.ToOffset(TimeSpan.FromHours(9)).DateTime;
        var week = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(japanDate)}-W{ISOWeek.GetWeekOfYear(japanDate):00}");
        var horizon = now + FirstReminder;
        var lapsing = await (
                from c in db.WorkerCertifications.AsNoTracking()
                join u in db.Users on c.UserId equals u.Id
                where c.RevokedAt == null && c.ValidUntil <= horizon && c.GraceEndsAt > now - ReportWeek
                select new { Certification = c, u.DisplayName })
            .ToListAsync(cancellationToken);
        if (lapsing.Count == 0)
        {
            return 0;
        }

        var types = await TypesAsync(cancellationToken);
        var agentIds = lapsing.Select(l => l.Certification.AgentId).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => agentIds.Contains(t.AgentId)).ToListAsync(cancellationToken);
        var managers = await db.Memberships.AsNoTracking()
            .Where(m => m.TenantId != null && agentIds.Contains(m.TenantId.Value) && (m.Role == Roles.AgentOwner || m.Role == Roles.AgentCoordinator)
                        && m.Status == MembershipStatus.Active)
            .ToListAsync(cancellationToken);

        var sent = 0;
        foreach (var agentLapsing in lapsing.GroupBy(l => l.Certification.AgentId))
        {
            var agentId = agentLapsing.Key;
            var reports = teams.Where(t => t.AgentId == agentId)
                .Select(t => (Key: t.Id.ToString(), Name: t.Name, Members: (Func<Guid, bool>)t.HasMember,
                    Recipients: t.CoordinatorUserId is { } coordinator ? new List<Guid> { coordinator } : Owners(managers, agentId)))
                .ToList();
            var teamed = teams.Where(t => t.AgentId == agentId).SelectMany(t => t.MemberUserIds).ToHashSet();
            // People in no team (and agent staff such as reviewers) are reported to the agent's owners and coordinators.
            reports.Add(("no-team", "チーム未所属 / No team", id => !teamed.Contains(id),
                managers.Where(m => m.TenantId == agentId).Select(m => m.UserId).Distinct().ToList()));

            foreach (var report in reports)
            {
                var rows = agentLapsing.Where(l => report.Members(l.Certification.UserId))
                    .OrderBy(l => l.Certification.ValidUntil).ThenBy(l => l.DisplayName, StringComparer.Ordinal)
                    .ToList();
                if (rows.Count == 0)
                {
                    continue;
                }

                var ja = new StringBuilder($"{report.Name}: 更新が必要な資格 {rows.Count} 件\n");
                var en = new StringBuilder($"{report.Name}: {rows.Count} certification(s) need attention\n");
                foreach (var row in rows)
                {
                    var c = row.Certification;
                    var type = types.GetValueOrDefault((c.AgentId, c.Code));
                    var state = c.StateAt(now);
                    ja.Append(CultureInfo.InvariantCulture, $"・{row.DisplayName} — {type?.NameJa ?? c.Code} — {StateJa(state)}（有効期限 {CertificationTexts.Date(c.ValidUntil)}、猶予 {CertificationTexts.Date(c.GraceEndsAt)} まで）\n");
                    en.Append(CultureInfo.InvariantCulture, $"- {row.DisplayName} — {type?.NameEn ?? c.Code} — {state} (valid until {CertificationTexts.Date(c.ValidUntil)}, grace until {CertificationTexts.Date(c.GraceEndsAt)})\n");
                }

                foreach (var recipient in report.Recipients)
                {
                    if (await notifier.NotifyAsync(
                            new NotificationMessage(
                                recipient,
                                "certification.lapse_report",
                                new LocalizedText($"資格の更新状況（{report.Name}、{week}）", $"Certifications lapsing ({report.Name}, {week})"),
                                new LocalizedText(ja.ToString(), en.ToString()),
                                $"/api/v1/agents/{agentId}/certifications?lapsingOnly=true",
                                $"lapse-report:{agentId}:{report.Key}:{week}",
                                agentId,
                                Email: true),
                            cancellationToken))
                    {
                        sent++;
                    }
                }
            }
        }

        return sent;
    }

    public async Task<int> Handle(CloseOverdueExamAttempts request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var overdue = await db.ExamAttempts
            .Where(a => a.Status == ExamAttemptStatus.InProgress && a.Deadline < now)
            .OrderBy(a => a.Deadline)
            .Take(request.BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var attempt in overdue)
        {
            await scoring.ScoreAsync(attempt, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return overdue.Count;
    }

    private static List<Guid> Owners(List<Membership> managers, Guid agentId) =>
        managers.Where(m => m.TenantId == agentId && m.Role == Roles.AgentOwner).Select(m => m.UserId).ToList();

    private static string StateJa(CertificationState state) => state switch
    {
        CertificationState.Active => "有効",
        CertificationState.RenewalDue => "更新期間中",
        CertificationState.InGrace => "猶予期間中",
        CertificationState.Expired => "失効",
        _ => "取消",
    };

    /// <summary>Types by (agent, code): an agent's own type for its people, else the platform's.</summary>
    private async Task<Dictionary<(Guid AgentId, string Code), CertificationType>> TypesAsync(CancellationToken cancellationToken)
    {
        var all = await db.CertificationTypes.AsNoTracking().ToListAsync(cancellationToken);
        var agents = await db.WorkerCertifications.AsNoTracking().Select(c => c.AgentId).Distinct().ToListAsync(cancellationToken);
        var map = new Dictionary<(Guid, string), CertificationType>();
        foreach (var agentId in agents)
        {
            foreach (var type in all.Where(t => t.AgentId is null || t.AgentId == agentId))
            {
                map[(agentId, type.Code)] = type;
            }
        }

        return map;
    }
}

[DisallowConcurrentExecution]
public sealed class CertificationRemindersJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("certification-reminders", "certifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await mediator.Send(new SendCertificationReminders(), cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class CertificationExpiryJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("certification-expiry", "certifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await mediator.Send(new ProcessCertificationExpiry(), cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class CertificationLapseReportJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("certification-lapse-report", "certifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await mediator.Send(new SendLapseReports(), cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class ExamTimeoutJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("exam-timeouts", "certifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (await mediator.Send(new CloseOverdueExamAttempts(), cancellationToken) > 0 && !cancellationToken.IsCancellationRequested)
        {
        }
    }
}
