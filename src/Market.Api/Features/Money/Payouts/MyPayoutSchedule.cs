using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Money;
using Market.Domain.Workers;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Money.Payouts;

/// <param name="Schedule">What the next cut-off pays the worker on.</param>
/// <param name="Allowed">What the worker's current tier lets them choose.</param>
public sealed record PayoutScheduleView(PayoutSchedule Schedule, WorkerTier Tier, IReadOnlyList<PayoutSchedule> Allowed, DateTimeOffset? ChangedAt);

public sealed record GetMyPayoutSchedule : IRequest<PayoutScheduleView>;

public sealed record PayoutScheduleBody(PayoutSchedule Schedule);

/// <summary>The worker chooses how often they are paid, within what their tier allows (409 otherwise).</summary>
public sealed record SetMyPayoutSchedule(PayoutSchedule Schedule) : ICommand<PayoutScheduleView>;

public sealed class SetMyPayoutScheduleValidator : AbstractValidator<SetMyPayoutSchedule>
{
    public SetMyPayoutScheduleValidator() => RuleFor(r => r.Schedule).IsInEnum();
}

public sealed class MyPayoutScheduleHandlers(MarketDbContext db, ICurrentUser caller, AuditLog audit, TimeProvider clock) :
    IRequestHandler<GetMyPayoutSchedule, PayoutScheduleView>,
    IRequestHandler<SetMyPayoutSchedule, PayoutScheduleView>
{
    public async Task<PayoutScheduleView> Handle(GetMyPayoutSchedule request, CancellationToken cancellationToken)
    {
        var profile = await ProfileAsync(cancellationToken);
        var settings = await db.WorkerPayoutSettings.AsNoTracking().SingleOrDefaultAsync(s => s.WorkerId == profile.UserId, cancellationToken);
        return View(profile.Tier, settings);
    }

    public async Task<PayoutScheduleView> Handle(SetMyPayoutSchedule request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var profile = await ProfileAsync(cancellationToken);
        var settings = await db.WorkerPayoutSettings.SingleOrDefaultAsync(s => s.WorkerId == profile.UserId, cancellationToken);
        var current = PayoutSchedules.Effective(settings?.Schedule, profile.Tier);
        var chosen = PayoutSchedulePolicy.ChangeSchedule(current, request.Schedule, profile.Tier);
        if (settings is null)
        {
            settings = new WorkerPayoutSettings { WorkerId = profile.UserId, AgentId = profile.AgentId };
            db.WorkerPayoutSettings.Add(settings);
        }

        settings.Schedule = chosen;
        settings.ChangedAt = now;
        audit.Record("payout_schedule.changed", "worker", profile.UserId.ToString(), new { from = current.ToString(), to = chosen.ToString() }, profile.AgentId);
        await db.SaveChangesAsync(cancellationToken);
        return View(profile.Tier, settings);
    }

    private async Task<WorkerProfile> ProfileAsync(CancellationToken cancellationToken) =>
        await db.WorkerProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == caller.UserId, cancellationToken)
        ?? throw new NotFoundException("worker_profile_not_found", "Register as a worker with an agent first.");

    private static PayoutScheduleView View(WorkerTier tier, WorkerPayoutSettings? settings) =>
        new(PayoutSchedules.Effective(settings?.Schedule, tier), tier, PayoutSchedulePolicy.Allowed(tier), settings?.ChangedAt);
}

public static class PayoutSchedules
{
    /// <summary>The stored choice (Monthly when none), moved to what the tier allows after a downgrade.</summary>
    public static PayoutSchedule Effective(PayoutSchedule? stored, WorkerTier tier) =>
        PayoutSchedulePolicy.OnTierChanged(stored ?? PayoutSchedule.Monthly, tier);
}

/// <summary>
/// A tier downgrade moves the worker to a schedule the new tier allows (an S worker paid daily who drops to A is paid
/// twice a month), in the same transaction as the tier change, so the next cut-off pays them on it. An upgrade
/// changes nothing until the worker asks.
/// </summary>
public sealed class MoveScheduleOnTierChange(MarketDbContext db, AuditLog audit, TimeProvider clock) : IDomainEventHandler<WorkerTierChanged>
{
    public async Task HandleAsync(WorkerTierChanged changed, CancellationToken cancellationToken)
    {
        var settings = await db.WorkerPayoutSettings.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .SingleOrDefaultAsync(s => s.WorkerId == changed.UserId, cancellationToken);
        if (settings is null || PayoutSchedulePolicy.IsAllowed(changed.To, settings.Schedule))
        {
            return;
        }

        var from = settings.Schedule;
        settings.Schedule = PayoutSchedulePolicy.OnTierChanged(from, changed.To);
        settings.ChangedAt = clock.GetUtcNow();
        audit.Record("payout_schedule.moved_by_tier", "worker", changed.UserId.ToString(),
            new { from = from.ToString(), to = settings.Schedule.ToString(), tier = changed.To.ToString() }, changed.AgentId);
    }
}
