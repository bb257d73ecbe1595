using FluentValidation;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Auth.Refresh;

public sealed record Refresh(string RefreshToken) : IRequest<TokenResponse>;

public sealed class RefreshValidator : AbstractValidator<Refresh>
{
    public RefreshValidator() => RuleFor(r => r.RefreshToken).NotEmpty().MaximumLength(4096);
}

public sealed class RefreshHandler(TokenIssuer tokens, MarketDbContext db) : IRequestHandler<Refresh, TokenResponse>
{
    public async Task<TokenResponse> Handle(Refresh request, CancellationToken cancellationToken)
    {
        var user = await tokens.RedeemRefreshTokenAsync(request.RefreshToken)
            ?? throw new UnauthorizedException("invalid_refresh_token", "The refresh token is invalid, expired or revoked. Sign in again.");

        var active = await db.Memberships
            .IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .AnyAsync(m => m.UserId == user.Id && m.Status == MembershipStatus.Active, cancellationToken);
        if (!active)
        {
            throw new UnauthorizedException("account_suspended", "This account is not active. Contact your agent.");
        }

        return await tokens.IssueAsync(user);
    }
}
