using FluentValidation;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Auth.Register;

/// <summary>A home worker registers with a local agent using the agent's invite code.</summary>
public sealed record RegisterWorker(
    string Email,
    string Password,
    string DisplayName,
    string InviteCode,
    string? Prefecture = null,
    string? Municipality = null,
    int? HoursPerWeek = null,
    int? MaxConcurrentUnits = null,
    IReadOnlyList<JobType>? Skills = null) : ICommand<RegisteredUser>;

public sealed record RegisteredUser(Guid UserId, string Email, Guid AgentId, string AgentName);

public sealed class RegisterWorkerValidator : AbstractValidator<RegisterWorker>
{
    public RegisterWorkerValidator()
    {
        RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(256);
        RuleFor(r => r.Password).NotEmpty().MinimumLength(12).MaximumLength(128);
        RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(100);
        RuleFor(r => r.InviteCode).NotEmpty().MaximumLength(40);
        RuleForEach(r => r.Skills).IsInEnum();
    }
}

public sealed class RegisterWorkerHandler(MarketDbContext db, UserManager<AppUser> users, TimeProvider clock)
    : IRequestHandler<RegisterWorker, RegisteredUser>
{
    private const int DefaultHoursPerWeek = 20;
    private const int DefaultMaxConcurrentUnits = 2;

    public async Task<RegisteredUser> Handle(RegisterWorker request, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.InviteCode == request.InviteCode.Trim(), cancellationToken)
            ?? throw new FluentValidation.ValidationException(
                [new FluentValidation.Results.ValidationFailure(nameof(request.InviteCode), "No agent has this invite code.")]);

        var now = clock.GetUtcNow();
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = request.Email.Trim(),
            Email = request.Email.Trim(),
            DisplayName = request.DisplayName.Trim(),
            CreatedAt = now,
            LockoutEnabled = true,
        };
        IdentityResults.ThrowIfFailed(await users.CreateAsync(user, request.Password));
        IdentityResults.ThrowIfFailed(await users.AddToRoleAsync(user, Roles.Worker));
        db.Memberships.Add(new Membership(Guid.CreateVersion7(now), user.Id, Roles.Worker, agent.Id, now));
        // A home worker usually lives where the hub is; they refine availability and skills in their profile later.
        db.WorkerProfiles.Add(WorkerProfile.Register(
            user.Id,
            agent.Id,
            request.Prefecture ?? agent.Prefecture,
            request.Municipality ?? agent.Municipality,
            request.HoursPerWeek ?? DefaultHoursPerWeek,
            request.MaxConcurrentUnits ?? DefaultMaxConcurrentUnits,
            request.Skills ?? Enum.GetValues<JobType>(),
            now));
        await db.SaveChangesAsync(cancellationToken);
        return new RegisteredUser(user.Id, user.Email, agent.Id, agent.Name);
    }
}
