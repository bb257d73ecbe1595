using FluentValidation;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Domain.Common;
using MediatR;
using Microsoft.AspNetCore.Identity;

namespace Market.Api.Features.Auth.TwoFactor;

public sealed record TwoFactorStatus(bool Enabled, bool Required);

/// <summary>The key to type (or scan) into an authenticator app; shown once, when 2FA is set up.</summary>
public sealed record TwoFactorSetup(string SharedKey, string AuthenticatorUri);

public sealed record GetMyTwoFactor : IRequest<TwoFactorStatus>;

/// <summary>A signed-in user (any role) starts setting up an authenticator app.</summary>
public sealed record BeginMyTwoFactorSetup : IRequest<TwoFactorSetup>;

/// <summary>A user whose role requires 2FA starts setting it up with the ticket their sign-in gave them.</summary>
public sealed record BeginTwoFactorSetup(string SetupTicket) : IRequest<TwoFactorSetup>;

/// <summary>The first code from the app turns 2FA on; the answer holds fresh tokens (the old ones die with the stamp).</summary>
public sealed record EnableMyTwoFactor(string Code) : IRequest<TokenResponse>;

public sealed record ActivateTwoFactor(string SetupTicket, string Code) : IRequest<TokenResponse>;

public sealed record DisableMyTwoFactor(string Code) : IRequest<TwoFactorStatus>;

public sealed record CodeBody(string Code);

public sealed class CodeValidator : AbstractValidator<EnableMyTwoFactor>
{
    public CodeValidator() => RuleFor(r => r.Code).NotEmpty().MaximumLength(12);
}

public sealed class DisableValidator : AbstractValidator<DisableMyTwoFactor>
{
    public DisableValidator() => RuleFor(r => r.Code).NotEmpty().MaximumLength(12);
}

public sealed class ActivateValidator : AbstractValidator<ActivateTwoFactor>
{
    public ActivateValidator()
    {
        RuleFor(r => r.SetupTicket).NotEmpty().MaximumLength(4096);
        RuleFor(r => r.Code).NotEmpty().MaximumLength(12);
    }
}

public sealed class BeginValidator : AbstractValidator<BeginTwoFactorSetup>
{
    public BeginValidator() => RuleFor(r => r.SetupTicket).NotEmpty().MaximumLength(4096);
}

// Not ICommands: UserManager saves each step itself, and a wrong code must still count towards the lockout.
public sealed class TwoFactorHandlers(
    UserManager<AppUser> users,
    ICurrentUser caller,
    TwoFactorSetupTickets tickets,
    TokenIssuer tokens,
    AuditLog audit,
    SecurityStampCache sessions,
    Persistence.MarketDbContext db) :
    IRequestHandler<GetMyTwoFactor, TwoFactorStatus>,
    IRequestHandler<BeginMyTwoFactorSetup, TwoFactorSetup>,
    IRequestHandler<BeginTwoFactorSetup, TwoFactorSetup>,
    IRequestHandler<EnableMyTwoFactor, TokenResponse>,
    IRequestHandler<ActivateTwoFactor, TokenResponse>,
    IRequestHandler<DisableMyTwoFactor, TwoFactorStatus>
{
    public async Task<TwoFactorStatus> Handle(GetMyTwoFactor request, CancellationToken cancellationToken)
    {
        var user = await CallerAsync();
        return new TwoFactorStatus(await users.GetTwoFactorEnabledAsync(user), TwoFactorPolicy.IsRequired(await users.GetRolesAsync(user)));
    }

    public async Task<TwoFactorSetup> Handle(BeginMyTwoFactorSetup request, CancellationToken cancellationToken) =>
        await BeginAsync(await CallerAsync());

    public async Task<TwoFactorSetup> Handle(BeginTwoFactorSetup request, CancellationToken cancellationToken) =>
        await BeginAsync(await TicketHolderAsync(request.SetupTicket));

    public async Task<TokenResponse> Handle(EnableMyTwoFactor request, CancellationToken cancellationToken) =>
        await EnableAsync(await CallerAsync(), request.Code, cancellationToken);

    public async Task<TokenResponse> Handle(ActivateTwoFactor request, CancellationToken cancellationToken) =>
        await EnableAsync(await TicketHolderAsync(request.SetupTicket), request.Code, cancellationToken);

    public async Task<TwoFactorStatus> Handle(DisableMyTwoFactor request, CancellationToken cancellationToken)
    {
        var user = await CallerAsync();
        if (TwoFactorPolicy.IsRequired(await users.GetRolesAsync(user)))
        {
            throw new DomainRuleException("two_factor_required_for_role", "Your role requires two-factor authentication; it cannot be turned off.");
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return new TwoFactorStatus(false, false);
        }

        await VerifyAsync(user, request.Code);
        IdentityResults.ThrowIfFailed(await users.SetTwoFactorEnabledAsync(user, false));
        IdentityResults.ThrowIfFailed(await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey"));
        await RecordAsync("user.two_factor.disabled", user, cancellationToken);
        return new TwoFactorStatus(false, false);
    }

    private async Task<TwoFactorSetup> BeginAsync(AppUser user)
    {
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            throw new DomainRuleException("two_factor_already_enabled", "Two-factor authentication is already on.");
        }

        IdentityResults.ThrowIfFailed(await users.ResetAuthenticatorKeyAsync(user));
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        return new TwoFactorSetup(key, Totp.AuthenticatorUri(TwoFactorPolicy.Issuer, user.Email ?? user.Id.ToString(), key));
    }

    private async Task<TokenResponse> EnableAsync(AppUser user, string code, CancellationToken cancellationToken)
    {
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            throw new DomainRuleException("two_factor_already_enabled", "Two-factor authentication is already on.");
        }

        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            throw new DomainRuleException("two_factor_setup_not_started", "Start the setup first to get a key.");
        }

        await VerifyAsync(user, code);
        IdentityResults.ThrowIfFailed(await users.SetTwoFactorEnabledAsync(user, true));
        await RecordAsync("user.two_factor.enabled", user, cancellationToken);
        return await tokens.IssueAsync(user);
    }

    private async Task VerifyAsync(AppUser user, string code)
    {
        if (await users.IsLockedOutAsync(user))
        {
            throw new UnauthorizedException("locked_out", "Too many failed attempts; the account is locked for a while.");
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            await users.AccessFailedAsync(user);
            throw new UnprocessableInputException("invalid_two_factor_code", "The authenticator code is wrong, expired or already used.");
        }
    }

    /// <summary>Turning 2FA on or off changed the security stamp: the user's other sessions end (at once on this instance).</summary>
    private async Task RecordAsync(string action, AppUser user, CancellationToken cancellationToken)
    {
        sessions.Forget(user.Id);
        audit.Record(action, "user", user.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<AppUser> CallerAsync() =>
        await users.FindByIdAsync(caller.UserId?.ToString() ?? string.Empty)
        ?? throw new UnauthorizedException(ErrorCodes.Unauthenticated, "Sign in first.");

    private async Task<AppUser> TicketHolderAsync(string ticket) =>
        tickets.Redeem(ticket) is { } userId && await users.FindByIdAsync(userId.ToString()) is { } user
            ? user
            : throw new UnauthorizedException("invalid_setup_ticket", "The setup ticket is invalid or expired. Sign in again.");
}
