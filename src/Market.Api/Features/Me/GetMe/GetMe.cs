using Market.Api.Infrastructure;
using Market.Api.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Me.GetMe;

public sealed record GetMe : IRequest<MeResponse>;

public sealed record TenantSummary(string Kind, Guid? Id, string? Name);

public sealed record MeResponse(Guid UserId, string Email, string DisplayName, IReadOnlyList<string> Roles, TenantSummary Tenant, string PreferredLanguage);

public sealed class GetMeHandler(MarketDbContext db, ICurrentUser caller) : IRequestHandler<GetMe, MeResponse>
{
    public async Task<MeResponse> Handle(GetMe request, CancellationToken cancellationToken)
    {
        var userId = caller.UserId ?? throw new UnauthorizedException(ErrorCodes.Unauthenticated, "Sign in first.");
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Email, u.DisplayName, u.PreferredLanguage })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("user_not_found", "The signed-in user no longer exists.");
        var roles = await db.UserRoles.AsNoTracking()
            .Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .OrderBy(name => name)
            .ToListAsync(cancellationToken);
        var membership = await db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        var tenantName = membership?.TenantId is { } tenantId
            ? await db.ClientFirms.Where(c => c.Id == tenantId).Select(c => c.Name)
                .Concat(db.Agents.Where(a => a.Id == tenantId).Select(a => a.Name))
                .FirstOrDefaultAsync(cancellationToken)
            : null;
        var tenant = new TenantSummary(membership?.TenantKind.ToString() ?? "None", membership?.TenantId, tenantName);
        return new MeResponse(userId, user.Email ?? string.Empty, user.DisplayName, roles, tenant, user.PreferredLanguage);
    }
}
