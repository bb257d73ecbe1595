using FluentValidation;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Assignments;
using Market.Domain.Jobs;
using Market.Domain.Units;
using Market.Domain.Workers;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Workers;

public sealed record ProfileView(
    Guid UserId,
    Guid AgentId,
    int HoursPerWeek,
    int MaxConcurrentUnits,
    IReadOnlyList<string> Skills,
    string Prefecture,
    string Municipality,
    string Tier,
    DateTimeOffset TierSince,
    string Status,
    IReadOnlyList<CertificationView> Certifications)
{
    public static ProfileView From(WorkerProfile p, IReadOnlyList<CertificationView> certifications) => new(
        p.UserId, p.AgentId, p.HoursPerWeek, p.MaxConcurrentUnits, p.Skills.Select(s => s.ToString()).ToList(),
        p.Prefecture, p.Municipality, p.Tier.ToString(), p.TierSince, p.Status.ToString(), certifications);
}

public sealed record CertificationView(string Code, DateTimeOffset ValidUntil, bool Valid);

public sealed record GetMyProfile : IRequest<ProfileView>;

/// <summary>The worker says when and what they can work: hours a week, units at once, skills, where they live.</summary>
public sealed record UpdateMyProfile(int HoursPerWeek, int MaxConcurrentUnits, IReadOnlyList<JobType> Skills, string Prefecture, string Municipality)
    : ICommand<ProfileView>;

public sealed class UpdateMyProfileValidator : AbstractValidator<UpdateMyProfile>
{
    public UpdateMyProfileValidator()
    {
        RuleFor(p => p.Skills).NotNull();
        RuleForEach(p => p.Skills).IsInEnum();
        RuleFor(p => p.Prefecture).NotEmpty().MaximumLength(20);
        RuleFor(p => p.Municipality).NotEmpty().MaximumLength(50);
    }
}

/// <summary>The agent owner suspends a worker for cause (or reinstates them). Money owed stays owed.</summary>
public sealed record SuspendWorker(Guid AgentId, Guid UserId, string Reason) : ICommand<ProfileView>;

public sealed record ReinstateWorker(Guid AgentId, Guid UserId) : ICommand<ProfileView>;

public sealed record ReasonBody(string Reason);

public sealed class SuspendWorkerValidator : AbstractValidator<SuspendWorker>
{
    public SuspendWorkerValidator() => RuleFor(s => s.Reason).NotEmpty().MaximumLength(500);
}

public sealed class WorkerProfileHandlers(
    MarketDbContext db,
    ICurrentUser caller,
    UserManager<AppUser> users,
    AuditLog audit,
    SecurityStampCache sessions,
    TimeProvider clock) :
    IRequestHandler<GetMyProfile, ProfileView>,
    IRequestHandler<UpdateMyProfile, ProfileView>,
    IRequestHandler<SuspendWorker, ProfileView>,
    IRequestHandler<ReinstateWorker, ProfileView>
{
    public async Task<ProfileView> Handle(GetMyProfile request, CancellationToken cancellationToken) =>
        await ViewAsync(await MineAsync(cancellationToken), cancellationToken);

    public async Task<ProfileView> Handle(UpdateMyProfile request, CancellationToken cancellationToken)
    {
        var profile = await MineAsync(cancellationToken);
        profile.SetAvailability(request.HoursPerWeek, request.MaxConcurrentUnits);
        profile.SetSkills(request.Skills);
        profile.MoveTo(request.Prefecture, request.Municipality);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(profile, cancellationToken);
    }

    public async Task<ProfileView> Handle(SuspendWorker request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var profile = await TeamMemberAsync(request.AgentId, request.UserId, cancellationToken);
        var membership = await db.Memberships.SingleAsync(m => m.UserId == request.UserId, cancellationToken);
        profile.Suspend(request.Reason, now);
        membership.Suspend(request.Reason, now);

        // Units in hand go back to the pool for someone else; accepted work stays earned.
        var held = await db.Assignments.Where(a => a.WorkerId == request.UserId && a.Status == AssignmentStatus.Active).ToListAsync(cancellationToken);
        var unitIds = held.Select(a => a.UnitId).ToList();
        var units = await db.WorkUnits.Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        foreach (var assignment in held)
        {
            UnitAssignment.Revoke(units[assignment.UnitId], assignment, "The worker was suspended.", now);
        }

        audit.Record("worker.suspended", "user", request.UserId.ToString(), new { revokedAssignments = held.Count });
        await db.SaveChangesAsync(cancellationToken);

        // A new security stamp ends every session of this user: refresh at once, access tokens within the
        // stamp-validation interval on every instance (at once on this one).
        var user = await users.FindByIdAsync(request.UserId.ToString()) ?? throw new NotFoundException("user_not_found", "No such user.");
        await users.UpdateSecurityStampAsync(user);
        sessions.Forget(user.Id);
        return await ViewAsync(profile, cancellationToken);
    }

    public async Task<ProfileView> Handle(ReinstateWorker request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var profile = await TeamMemberAsync(request.AgentId, request.UserId, cancellationToken);
        var membership = await db.Memberships.SingleAsync(m => m.UserId == request.UserId, cancellationToken);
        profile.Reinstate(now);
        membership.Reinstate(now);
        audit.Record("worker.reinstated", "user", request.UserId.ToString());
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(profile, cancellationToken);
    }

    private async Task<WorkerProfile> MineAsync(CancellationToken cancellationToken) =>
        await db.WorkerProfiles.SingleOrDefaultAsync(p => p.UserId == caller.UserId, cancellationToken)
        ?? throw new NotFoundException("worker_profile_not_found", "You have no worker profile.");

    private async Task<WorkerProfile> TeamMemberAsync(Guid agentId, Guid userId, CancellationToken cancellationToken) =>
        await db.WorkerProfiles.SingleOrDefaultAsync(p => p.AgentId == agentId && p.UserId == userId, cancellationToken)
        ?? throw new NotFoundException("worker_not_found", "No such worker in this agent.");

    private async Task<ProfileView> ViewAsync(WorkerProfile profile, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var certifications = await db.WorkerCertifications.AsNoTracking()
            .Where(c => c.UserId == profile.UserId)
            .OrderBy(c => c.Code)
            .Select(c => new CertificationView(c.Code, c.ValidUntil, c.RevokedAt == null && c.GraceEndsAt > now))
            .ToListAsync(cancellationToken);
        return ProfileView.From(profile, certifications);
    }
}
