using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.TeamRoom;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Market.Api.Features.TeamRoom;

public sealed record TeamRoomSettingsView(Guid AgentId, int IdleAlertDays, bool IsDefault);

public sealed record GetTeamRoomSettings(Guid AgentId) : IRequest<TeamRoomSettingsView>;

public sealed record SetTeamRoomSettings(Guid AgentId, int IdleAlertDays) : ICommand<TeamRoomSettingsView>;

public sealed record SettingsBody(int IdleAlertDays);

public sealed record IdleAlertView(
    Guid Id,
    Guid WorkerUserId,
    string WorkerName,
    IReadOnlyList<string> Teams,
    DateTimeOffset IdleSince,
    int ThresholdDays,
    DateTimeOffset AlertedAt,
    DateTimeOffset? AcknowledgedAt);

/// <summary>The agent's idle alerts, newest first: open ones, or also acknowledged ones.</summary>
public sealed record ListIdleAlerts(Guid AgentId, bool IncludeAcknowledged) : IRequest<IReadOnlyList<IdleAlertView>>;

public sealed record AcknowledgeIdleAlert(Guid AgentId, Guid AlertId) : ICommand<IdleAlertView>;

/// <summary>The daily sweep: one alert per worker per idle spell; answers how many new alerts it raised.</summary>
public sealed record RaiseIdleAlerts : ICommand<int>;

public sealed class SetTeamRoomSettingsValidator : AbstractValidator<SetTeamRoomSettings>
{
    public SetTeamRoomSettingsValidator() => RuleFor(s => s.IdleAlertDays).InclusiveBetween(IdlePolicy.MinDays, IdlePolicy.MaxDays);
}

public sealed class IdleAlertHandlers(MarketDbContext db, ICurrentUser caller, AuditLog audit, TimeProvider clock, IConfiguration configuration) :
    IRequestHandler<GetTeamRoomSettings, TeamRoomSettingsView>,
    IRequestHandler<SetTeamRoomSettings, TeamRoomSettingsView>,
    IRequestHandler<ListIdleAlerts, IReadOnlyList<IdleAlertView>>,
    IRequestHandler<AcknowledgeIdleAlert, IdleAlertView>,
    IRequestHandler<RaiseIdleAlerts, int>
{
    private sealed record WorkerActivity(Guid UserId, Guid AgentId, DateTimeOffset JoinedAt, DateTimeOffset? LastActivityAt, int? IdleAlertDays);

    private int DefaultDays => configuration.GetValue("TeamRoom:IdleAlertDays", IdlePolicy.DefaultDays);

    public async Task<TeamRoomSettingsView> Handle(GetTeamRoomSettings request, CancellationToken cancellationToken)
    {
        var row = await db.TeamRoomSettings.AsNoTracking().SingleOrDefaultAsync(s => s.AgentId == request.AgentId, cancellationToken);
        return new TeamRoomSettingsView(request.AgentId, row?.IdleAlertDays ?? DefaultDays, row is null);
    }

    public async Task<TeamRoomSettingsView> Handle(SetTeamRoomSettings request, CancellationToken cancellationToken)
    {
        IdlePolicy.EnsureValidDays(request.IdleAlertDays);
        var row = await db.TeamRoomSettings.SingleOrDefaultAsync(s => s.AgentId == request.AgentId, cancellationToken);
        if (row is null)
        {
            row = new TeamRoomSettings { AgentId = request.AgentId };
            db.TeamRoomSettings.Add(row);
        }

        row.IdleAlertDays = request.IdleAlertDays;
        row.UpdatedAt = clock.GetUtcNow();
        audit.Record("team_room.settings_changed", "agent", request.AgentId.ToString(), new { request.IdleAlertDays }, request.AgentId);
        await db.SaveChangesAsync(cancellationToken);
        return new TeamRoomSettingsView(request.AgentId, row.IdleAlertDays, false);
    }

    public async Task<IReadOnlyList<IdleAlertView>> Handle(ListIdleAlerts request, CancellationToken cancellationToken)
    {
        var alerts = await db.IdleAlerts.AsNoTracking()
            .Where(a => a.AgentId == request.AgentId && (request.IncludeAcknowledged || a.AcknowledgedAt == null))
            .OrderByDescending(a => a.AlertedAt)
            .Take(100)
            .ToListAsync(cancellationToken);
        return await ViewsAsync(request.AgentId, alerts, cancellationToken);
    }

    public async Task<IdleAlertView> Handle(AcknowledgeIdleAlert request, CancellationToken cancellationToken)
    {
        var alert = await db.IdleAlerts.SingleOrDefaultAsync(a => a.Id == request.AlertId && a.AgentId == request.AgentId, cancellationToken)
            ?? throw new NotFoundException("idle_alert_not_found", "No such alert.");
        if (alert.AcknowledgedAt is null)
        {
            alert.AcknowledgedAt = clock.GetUtcNow();
            alert.AcknowledgedBy = caller.UserId;
            await db.SaveChangesAsync(cancellationToken);
        }

        return (await ViewsAsync(request.AgentId, [alert], cancellationToken)).Single();
    }

    public async Task<int> Handle(RaiseIdleAlerts request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // greatest() skips nulls: the latest of a message, a check-in, a submission or editor activity on a unit.
        var workers = await db.Database.SqlQuery<WorkerActivity>($"""
            SELECT p.user_id AS "UserId", p.agent_id AS "AgentId", p.registered_at AS "JoinedAt", s.idle_alert_days AS "IdleAlertDays",
                   greatest(
                       (SELECT max(m.posted_at) FROM team_messages m WHERE m.author_user_id = p.user_id),
                       (SELECT max(coalesce(c.ended_at, c.started_at)) FROM check_ins c WHERE c.user_id = p.user_id),
                       (SELECT max(u.submitted_at) FROM unit_submissions u WHERE u.worker_id = p.user_id),
                       (SELECT max(a.last_activity_at) FROM assignments a
                         WHERE a.worker_id = p.user_id AND (a.assigned_by = {(int)Domain.Assignments.AssignedBy.Claim} OR a.last_activity_at > a.assigned_at))
                   ) AS "LastActivityAt"
            FROM worker_profiles p
            LEFT JOIN team_room_settings s ON s.agent_id = p.agent_id
            WHERE p.status = {(int)MembershipStatus.Active}
            """).ToListAsync(cancellationToken);
        var spells = workers
            .Select(w => (Worker: w, Spell: IdlePolicy.SpellOf(w.UserId, w.LastActivityAt, w.JoinedAt, now, w.IdleAlertDays ?? DefaultDays)))
            .Where(x => x.Spell is not null)
            .ToList();
        if (spells.Count == 0)
        {
            return 0;
        }

        var agentIds = spells.Select(s => s.Worker.AgentId).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => agentIds.Contains(t.AgentId)).ToListAsync(cancellationToken);
        var owners = await db.Memberships.AsNoTracking()
            .Where(m => m.TenantId != null && agentIds.Contains(m.TenantId.Value) && m.Role == Roles.AgentOwner && m.Status == MembershipStatus.Active)
            .Select(m => new { AgentId = m.TenantId!.Value, m.UserId })
            .ToListAsync(cancellationToken);

        var raised = 0;
        foreach (var (worker, spell) in spells)
        {
            var recipients = teams.Where(t => t.AgentId == worker.AgentId && t.HasMember(worker.UserId) && t.CoordinatorUserId is not null)
                .Select(t => t.CoordinatorUserId!.Value).Distinct().ToList();
            if (recipients.Count == 0)
            {
                recipients = owners.Where(o => o.AgentId == worker.AgentId).Select(o => o.UserId).ToList();
            }

            // The unique (worker, idle_since) key makes a second run, or a second node, raise nothing.
            raised += await db.Database.ExecuteSqlAsync($"""
                INSERT INTO idle_alerts (id, agent_id, worker_user_id, idle_since, threshold_days, recipient_user_ids, alerted_at)
                VALUES ({Guid.CreateVersion7(now)}, {worker.AgentId}, {worker.UserId}, {spell!.Since}, {spell.Days}, {recipients.ToArray()}, {now})
                ON CONFLICT (worker_user_id, idle_since) DO NOTHING
                """, cancellationToken);
        }

        return raised;
    }

    private async Task<IReadOnlyList<IdleAlertView>> ViewsAsync(Guid agentId, IReadOnlyList<IdleAlert> alerts, CancellationToken cancellationToken)
    {
        var workerIds = alerts.Select(a => a.WorkerUserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => workerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var teams = await db.Teams.AsNoTracking().Where(t => t.AgentId == agentId).OrderBy(t => t.Name).ToListAsync(cancellationToken);
        return alerts.Select(a => new IdleAlertView(
                a.Id,
                a.WorkerUserId,
                names.GetValueOrDefault(a.WorkerUserId) ?? string.Empty,
                teams.Where(t => t.HasMember(a.WorkerUserId)).Select(t => t.Name).ToList(),
                a.IdleSince,
                a.ThresholdDays,
                a.AlertedAt,
                a.AcknowledgedAt))
            .ToList();
    }
}

/// <summary>Daily: tells coordinators about workers silent and idle past their agent's threshold (exception-only).</summary>
[DisallowConcurrentExecution]
public sealed class IdleAlertJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("idle-alerts", "team-room");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await mediator.Send(new RaiseIdleAlerts(), cancellationToken);
}

public sealed record SweepPresence : ICommand<int>;

/// <summary>Deletes connection rows nobody refreshed for 10 minutes (a crashed instance, a lost network).</summary>
public sealed class SweepPresenceHandler(MarketDbContext db, TimeProvider clock) : IRequestHandler<SweepPresence, int>
{
    public async Task<int> Handle(SweepPresence request, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - TimeSpan.FromMinutes(10);
        return await db.PresenceConnections.Where(c => c.LastSeenAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}

[DisallowConcurrentExecution]
public sealed class PresenceSweepJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("presence-sweep", "team-room");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await mediator.Send(new SweepPresence(), cancellationToken);
}
