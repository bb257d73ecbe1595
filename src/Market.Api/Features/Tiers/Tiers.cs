using System.Text.Json;
using FluentValidation;
using Market.Api.Features.Notifications;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Market.Api.Features.Tiers;

public sealed record TierRequirementView(int MinAcceptedUnits, int MinAcceptanceRateBasisPoints, int MinMeanGradeHundredths, int MaxReworkRateBasisPoints)
{
    public static TierRequirementView Of(TierRequirement r) => new(r.MinAcceptedUnits, r.MinAcceptanceRateBasisPoints, r.MinMeanGradeHundredths, r.MaxReworkRateBasisPoints);

    public TierRequirement ToDomain() => new(MinAcceptedUnits, MinAcceptanceRateBasisPoints, MinMeanGradeHundredths, MaxReworkRateBasisPoints);
}

public sealed record TierThresholdsView(Guid AgentId, bool IsDefault, TierRequirementView A, TierRequirementView S, int TrialMonths, int TrialAcceptedUnits);

public sealed record TierThresholdsBody(TierRequirementView A, TierRequirementView S);

public sealed record TierInputsView(
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    DateTimeOffset RegisteredAt,
    int LifetimeAcceptedUnits,
    int AcceptedUnits,
    int Judged,
    int JudgedAccepted,
    int? AcceptanceRateBasisPoints,
    int Graded,
    int? MeanGradeHundredths,
    int Reviewed,
    int Reworked,
    int? ReworkRateBasisPoints,
    int Violations)
{
    public static TierInputsView Of(TierInputs i) => new(
        i.WindowStart, i.WindowEnd, i.RegisteredAt, i.LifetimeAcceptedUnits, i.AcceptedUnits, i.Judged, i.JudgedAccepted, i.AcceptanceRateBasisPoints,
        i.Graded, i.MeanGradeHundredths, i.Reviewed, i.Reworked, i.ReworkRateBasisPoints, i.Violations);
}

/// <summary>What a change was decided from: the inputs, the thresholds then, and the reasons (requirements not met).</summary>
public sealed record TierChangeRecord(TierInputsView Inputs, TierRequirementView A, TierRequirementView S, IReadOnlyList<string> Reasons);

public sealed record TierChangeView(string Period, string From, string To, DateTimeOffset ChangedAt, TierChangeRecord Record);

/// <summary>
/// The caller's tier since when, the history of changes with their inputs, and a preview: what the rule would decide on
/// the last 90 days up to now (the real change happens at the monthly recomputation).
/// </summary>
public sealed record MyTierView(string Tier, DateTimeOffset TierSince, string PreviewTier, IReadOnlyList<string> PreviewReasons, TierInputsView PreviewInputs,
    TierThresholdsView Thresholds, IReadOnlyList<TierChangeView> Changes);

public sealed record WorkerTierView(Guid UserId, string DisplayName, string Tier, DateTimeOffset TierSince, string Status, TierChangeView? LastChange);

public sealed record AgentTiersView(IReadOnlyDictionary<string, int> CountByTier, IReadOnlyList<WorkerTierView> Workers);

public sealed record GetTierThresholds(Guid AgentId) : IRequest<TierThresholdsView>;

public sealed record SetTierThresholds(Guid AgentId, TierRequirementView A, TierRequirementView S) : ICommand<TierThresholdsView>;

public sealed record GetMyTier : IRequest<MyTierView>;

public sealed record GetAgentTiers(Guid AgentId) : IRequest<AgentTiersView>;

/// <summary>
/// The monthly recomputation for the next agent not yet done this month (Japan time), in its own transaction: the run
/// marker is inserted first, so a second run or a second node skips the agent. Returns 0 when every agent is done.
/// </summary>
public sealed record RecomputeTiers : ICommand<int>;

public sealed class SetTierThresholdsValidator : AbstractValidator<SetTierThresholds>
{
    public SetTierThresholdsValidator()
    {
        RuleFor(t => t.A).NotNull();
        RuleFor(t => t.S).NotNull();
    }
}

public sealed class TierHandlers(MarketDbContext db, ICurrentUser caller, TierInputsLoader loader, INotifier notifier, AuditLog audit, TimeProvider clock) :
    IRequestHandler<GetTierThresholds, TierThresholdsView>,
    IRequestHandler<SetTierThresholds, TierThresholdsView>,
    IRequestHandler<GetMyTier, MyTierView>,
    IRequestHandler<GetAgentTiers, AgentTiersView>,
    IRequestHandler<RecomputeTiers, int>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<TierThresholdsView> Handle(GetTierThresholds request, CancellationToken cancellationToken)
    {
        var row = await db.AgentTierThresholds.AsNoTracking().SingleOrDefaultAsync(t => t.AgentId == request.AgentId, cancellationToken);
        return View(request.AgentId, row?.ToDomain() ?? TierThresholds.Default, row is null);
    }

    public async Task<TierThresholdsView> Handle(SetTierThresholds request, CancellationToken cancellationToken)
    {
        var thresholds = new TierThresholds(request.A.ToDomain(), request.S.ToDomain()).Validated();
        var row = await db.AgentTierThresholds.SingleOrDefaultAsync(t => t.AgentId == request.AgentId, cancellationToken);
        if (row is null)
        {
            row = new AgentTierThresholds { AgentId = request.AgentId };
            db.AgentTierThresholds.Add(row);
        }

        row.Set(thresholds);
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = caller.UserId!.Value;
        audit.Record("tier_thresholds.set", "agent", request.AgentId.ToString(), new { a = request.A, s = request.S });
        await db.SaveChangesAsync(cancellationToken);
        return View(request.AgentId, thresholds, false);
    }

    public async Task<MyTierView> Handle(GetMyTier request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var profile = await db.WorkerProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == caller.UserId, cancellationToken)
            ?? throw new NotFoundException("worker_profile_not_found", "You have no worker profile.");
        var thresholds = await loader.ThresholdsAsync(profile.AgentId, cancellationToken);
        var inputs = (await loader.ForAsync([profile], now, cancellationToken))[profile.UserId];
        var preview = TierRules.Decide(inputs, thresholds);
        var changes = await db.WorkerTierChanges.AsNoTracking().Where(c => c.UserId == profile.UserId)
            .OrderByDescending(c => c.ChangedAt).ToListAsync(cancellationToken);
        return new MyTierView(
            profile.Tier.ToString(), profile.TierSince, preview.Tier.ToString(), preview.Reasons, TierInputsView.Of(inputs),
            View(profile.AgentId, thresholds, false), changes.Select(ChangeView).ToList());
    }

    public async Task<AgentTiersView> Handle(GetAgentTiers request, CancellationToken cancellationToken)
    {
        var rows = await (
                from p in db.WorkerProfiles.AsNoTracking()
                join u in db.Users on p.UserId equals u.Id
                where p.AgentId == request.AgentId
                orderby p.Tier descending, u.DisplayName
                select new { Profile = p, u.DisplayName })
            .ToListAsync(cancellationToken);
        var lastChanges = (await db.WorkerTierChanges.AsNoTracking().Where(c => c.AgentId == request.AgentId).ToListAsync(cancellationToken))
            .GroupBy(c => c.UserId)
            .ToDictionary(g => g.Key, g => g.MaxBy(c => c.ChangedAt)!);
        var workers = rows.Select(r => new WorkerTierView(
                r.Profile.UserId, r.DisplayName, r.Profile.Tier.ToString(), r.Profile.TierSince, r.Profile.Status.ToString(),
                lastChanges.TryGetValue(r.Profile.UserId, out var change) ? ChangeView(change) : null))
            .ToList();
        var counts = Enum.GetValues<WorkerTier>().ToDictionary(t => t.ToString(), t => rows.Count(r => r.Profile.Tier == t && r.Profile.IsActive));
        return new AgentTiersView(counts, workers);
    }

    public async Task<int> Handle(RecomputeTiers request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var period = TierPeriod.Of(now);
        var next = await db.Database.SqlQuery<Guid>(
                $"""
                 SELECT a.id AS "Value"
                 FROM agents a
                 WHERE EXISTS (SELECT 1 FROM worker_profiles p WHERE p.agent_id = a.id)
                   AND NOT EXISTS (SELECT 1 FROM tier_recompute_runs r WHERE r.agent_id = a.id AND r.period = {period.Key})
                 ORDER BY a.id
                 LIMIT 1
                 """)
            .ToListAsync(cancellationToken);
        if (next.Count == 0)
        {
            return 0;
        }

        var agentId = next[0];
        // Claim the agent's month first: a concurrent run waits here for our commit, then finds the row and skips.
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
             INSERT INTO tier_recompute_runs (agent_id, period, ran_at, workers_evaluated, tiers_changed)
             VALUES ({agentId}, {period.Key}, {now}, 0, 0)
             ON CONFLICT (agent_id, period) DO NOTHING
             """,
            cancellationToken);
        if (claimed == 0)
        {
            return 1;
        }

        var thresholds = await loader.ThresholdsAsync(agentId, cancellationToken);
        var workers = await db.WorkerProfiles.Where(p => p.AgentId == agentId && p.Status != MembershipStatus.Left).ToListAsync(cancellationToken);
        var inputs = await loader.ForAsync(workers, period.AsOf, cancellationToken);
        var changed = 0;
        foreach (var worker in workers)
        {
            var decision = TierRules.Decide(inputs[worker.UserId], thresholds);
            if (decision.Tier == worker.Tier)
            {
                continue;
            }

            var from = worker.Tier;
            worker.ChangeTier(decision.Tier, now);
            var record = new TierChangeRecord(TierInputsView.Of(inputs[worker.UserId]), TierRequirementView.Of(thresholds.A), TierRequirementView.Of(thresholds.S), decision.Reasons);
            db.WorkerTierChanges.Add(new WorkerTierChange
            {
                Id = Guid.CreateVersion7(now),
                AgentId = agentId,
                UserId = worker.UserId,
                Period = period.Key,
                FromTier = from,
                ToTier = decision.Tier,
                ChangedAt = now,
                Inputs = JsonSerializer.Serialize(record, Json),
            });
            audit.Record("worker.tier_changed", "user", worker.UserId.ToString(), new { from = from.ToString(), to = decision.Tier.ToString(), period = period.Key }, agentId);
            await notifier.NotifyAsync(
                new NotificationMessage(
                    worker.UserId,
                    "worker.tier_changed",
                    new LocalizedText($"ランクが {from} から {decision.Tier} に変わりました", $"Your tier changed from {from} to {decision.Tier}"),
                    new LocalizedText(
                        $"直近90日の実績から、{period.Key} のランクは {decision.Tier} です。検品の抽出率、選べる支払サイクル、担当できる機密レベルがこのランクに従います。",
                        $"From your last 90 days, your tier for {period.Key} is {decision.Tier}. QC sampling, the payout schedules you may choose and the confidential work you may take follow it."),
                    "/api/v1/me/tier",
                    $"tier:{period.Key}",
                    agentId),
                cancellationToken);
            changed++;
        }

        var run = await db.TierRecomputeRuns.SingleAsync(r => r.AgentId == agentId && r.Period == period.Key, cancellationToken);
        run.WorkersEvaluated = workers.Count;
        run.TiersChanged = changed;
        await db.SaveChangesAsync(cancellationToken);
        return 1;
    }

    private static TierThresholdsView View(Guid agentId, TierThresholds t, bool isDefault) =>
        new(agentId, isDefault, TierRequirementView.Of(t.A), TierRequirementView.Of(t.S), TierRules.TrialMonths, TierRules.TrialAcceptedUnits);

    private static TierChangeView ChangeView(WorkerTierChange c) =>
        new(c.Period, c.FromTier.ToString(), c.ToTier.ToString(), c.ChangedAt, JsonSerializer.Deserialize<TierChangeRecord>(c.Inputs, Json)!);
}

[DisallowConcurrentExecution]
public sealed class TierRecomputeJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("tier-recompute", "workers");

    /// <summary>Fires daily; only the first fire of a month (Japan time) finds agents to do, so a missed fire is made up the next day.</summary>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (await mediator.Send(new RecomputeTiers(), cancellationToken) > 0 && !cancellationToken.IsCancellationRequested)
        {
        }
    }
}
