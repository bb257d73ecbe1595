using System.Security.Claims;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Api.Identity;

/// <summary>Adds the caller's tenant (from their membership) to the claims Identity already puts in a token.</summary>
public sealed class MarketClaimsPrincipalFactory(
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole<Guid>> roleManager,
    IOptions<IdentityOptions> options,
    MarketDbContext db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var membership = await db.Memberships
            .IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .AsNoTracking()
            .SingleOrDefaultAsync(m => m.UserId == user.Id);
        if (membership is not null)
        {
            identity.AddClaim(new Claim(MarketClaimTypes.TenantKind, membership.TenantKind.ToString()));
            if (membership.TenantId is { } tenantId)
            {
                identity.AddClaim(new Claim(MarketClaimTypes.TenantId, tenantId.ToString()));
            }
        }

        return identity;
    }
}
