using FluentValidation;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Auth.Login;

// Not an ICommand: a refused sign-in must still record the failed attempt (lockout), so no transaction may roll it back.
public sealed record Login(string Email, string Password, string? TwoFactorCode) : IRequest<TokenResponse>;

public sealed class LoginValidator : AbstractValidator<Login>
{
    public LoginValidator()
    {
        RuleFor(l => l.Email).NotEmpty().MaximumLength(256);
        RuleFor(l => l.Password).NotEmpty().MaximumLength(128);
        RuleFor(l => l.TwoFactorCode).MaximumLength(12);
    }
}

public sealed class LoginHandler(
    UserManager<AppUser> users,
    MarketDbContext db,
    TwoFactorSetupTickets setupTickets,
    AuditLog audit,
    TokenIssuer tokens) : IRequestHandler<Login, TokenResponse>
{
    public async Task<TokenResponse> Handle(Login request, CancellationToken cancellationToken)
    {
        // One answer for an unknown email and a wrong password, so accounts cannot be enumerated.
        var user = await users.FindByEmailAsync(request.Email.Trim())
            ?? throw new UnauthorizedException("invalid_credentials", "The email or password is wrong.");
        var membership = await db.Memberships
            .IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .SingleOrDefaultAsync(m => m.UserId == user.Id, cancellationToken);
        if (await users.IsLockedOutAsync(user))
        {
            await AuditAsync("user.sign_in_refused", user, membership, "locked_out");
            throw LockedOut();
        }

        if (!await users.CheckPasswordAsync(user, request.Password))
        {
            await FailedAttemptAsync(user, membership, "wrong_password");
            throw new UnauthorizedException("invalid_credentials", "The email or password is wrong.");
        }

        if (membership is { Status: not MembershipStatus.Active })
        {
            await AuditAsync("user.sign_in_refused", user, membership, "suspended");
            throw new UnauthorizedException("account_suspended", "This account is not active. Contact your agent.");
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            if (string.IsNullOrWhiteSpace(request.TwoFactorCode))
            {
                throw new UnauthorizedException("two_factor_required", "Enter the code from your authenticator app.");
            }

            // A wrong code counts towards the lockout like a wrong password: the password alone must not allow guessing codes.
            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, request.TwoFactorCode))
            {
                await FailedAttemptAsync(user, membership, "wrong_two_factor_code");
                throw new UnauthorizedException("invalid_two_factor_code", "The authenticator code is wrong, expired or already used.");
            }
        }
        else if (TwoFactorPolicy.IsRequired(await users.GetRolesAsync(user)))
        {
            throw new TwoFactorSetupRequiredException(setupTickets.Issue(user.Id));
        }

        await WithFreshUserAsync(user, () => users.ResetAccessFailedCountAsync(user));
        await AuditAsync("user.signed_in", user, membership, null);
        return await tokens.IssueAsync(user);
    }

    private async Task FailedAttemptAsync(AppUser user, Membership? membership, string reason)
    {
        await WithFreshUserAsync(user, () => users.AccessFailedAsync(user));
        await AuditAsync("user.sign_in_failed", user, membership, reason);
        if (await users.IsLockedOutAsync(user))
        {
            await AuditAsync("user.locked_out", user, membership, null);
            throw LockedOut();
        }
    }

    /// <summary>
    /// Updates the user's failure count; when a parallel sign-in changed the user first (its concurrency stamp moved),
    /// reloads and counts again, so parallel guesses each count towards the lockout and none answers 409.
    /// </summary>
    private async Task WithFreshUserAsync(AppUser user, Func<Task<IdentityResult>> update)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await update();
            if (result.Succeeded)
            {
                return;
            }

            await db.Entry(user).ReloadAsync();
            if (attempt == 5 || !result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
            {
                throw new InvalidOperationException($"The sign-in counter could not be updated: {string.Join(", ", result.Errors.Select(e => e.Code))}");
            }
        }
    }

    /// <summary>Sign-ins are audited under the user's tenant; the entry names the user by id only (never the address typed).</summary>
    private async Task AuditAsync(string action, AppUser user, Membership? membership, string? reason)
    {
        audit.Record(action, "user", user.Id.ToString(), reason is null ? null : new { reason }, membership?.TenantId, user.Id);
        await db.SaveChangesAsync();
    }

    private static UnauthorizedException LockedOut() =>
        new("locked_out", "Too many failed attempts; the account is locked for a while.");
}
