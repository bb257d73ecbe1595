using FluentValidation;
using FluentValidation.Results;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Identity;

namespace Market.Api.Features.Auth.PasswordReset;

/// <summary>Asks for a reset link; answered the same whether or not the address is known (no account enumeration).</summary>
public sealed record RequestPasswordReset(string Email) : IRequest;

/// <summary>
/// Sets a new password with the token from the link. The token is bound to the user's security stamp, which the reset
/// itself changes: a token works once, and every session of the user ends with it.
/// </summary>
public sealed record ResetPassword(string Email, string Token, string NewPassword) : IRequest;

public sealed class RequestPasswordResetValidator : AbstractValidator<RequestPasswordReset>
{
    public RequestPasswordResetValidator() => RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(256);
}

public sealed class ResetPasswordValidator : AbstractValidator<ResetPassword>
{
    public ResetPasswordValidator()
    {
        RuleFor(r => r.Email).NotEmpty().MaximumLength(256);
        RuleFor(r => r.Token).NotEmpty().MaximumLength(4096);
        RuleFor(r => r.NewPassword).NotEmpty().MinimumLength(12).MaximumLength(128);
    }
}

/// <summary>Delivers a password-reset token to its user (by mail in production).</summary>
public interface IPasswordResetSender
{
    Task SendAsync(AppUser user, string token, CancellationToken cancellationToken);
}

/// <summary>
/// The only sender until mail delivery is configured: it records that a reset was asked for, by user id only — never
/// the address or the token, which would let anyone who reads the logs take the account.
/// </summary>
public sealed class UndeliveredPasswordResetSender(ILogger<UndeliveredPasswordResetSender> logger) : IPasswordResetSender
{
    public Task SendAsync(AppUser user, string token, CancellationToken cancellationToken)
    {
        logger.LogWarning("A password reset was requested for user {UserId}, but no mail delivery is configured.", user.Id);
        return Task.CompletedTask;
    }
}

public sealed class PasswordResetHandlers(
    UserManager<AppUser> users,
    IPasswordResetSender sender,
    AuditLog audit,
    SecurityStampCache sessions,
    Persistence.MarketDbContext db) :
    IRequestHandler<RequestPasswordReset>,
    IRequestHandler<ResetPassword>
{
    public async Task<Unit> Handle(RequestPasswordReset request, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(request.Email.Trim()) is { } user)
        {
            await sender.SendAsync(user, await users.GeneratePasswordResetTokenAsync(user), cancellationToken);
            audit.Record("user.password_reset.requested", "user", user.Id.ToString());
            await db.SaveChangesAsync(cancellationToken);
        }

        return Unit.Value;
    }

    public async Task<Unit> Handle(ResetPassword request, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(request.Email.Trim()) ?? throw InvalidToken();
        var result = await users.ResetPasswordAsync(user, request.Token, request.NewPassword);
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
        {
            throw InvalidToken();
        }

        IdentityResults.ThrowIfFailed(result);
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        sessions.Forget(user.Id);
        audit.Record("user.password_reset", "user", user.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }

    private static ValidationException InvalidToken() =>
        new([new ValidationFailure(nameof(ResetPassword.Token), "The reset link is invalid, expired or already used.")]);
}
