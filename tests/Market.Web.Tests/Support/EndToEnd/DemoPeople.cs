using Microsoft.Extensions.DependencyInjection;
using Market.Api.Identity;
using Market.Api.Persistence;
using Market.Api.Seeding;
using Market.Domain.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>People a test needs beyond the demo accounts, created in the test database once (the fixture is shared).</summary>
public static class DemoPeople
{
    /// <summary>Creates a user with the demo password, <paramref name="role"/> and a membership of <paramref name="tenantId"/> unless the email exists.</summary>
    /// <returns>True when the user was created now.</returns>
    public static async Task<bool> EnsureAsync(IServiceProvider services, string email, string displayName, string role, Guid tenantId)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return false;
        }

        var now = DateTimeOffset.UtcNow;
        var user = new AppUser { Id = Guid.NewGuid(), UserName = email, Email = email, DisplayName = displayName, CreatedAt = now, LockoutEnabled = true };
        IdentityResults.ThrowIfFailed(await users.CreateAsync(user, DemoAccounts.Password));
        IdentityResults.ThrowIfFailed(await users.AddToRoleAsync(user, role));
        var db = services.GetRequiredService<MarketDbContext>();
        db.Memberships.Add(new Membership(Guid.NewGuid(), user.Id, role, tenantId, now));
        await db.SaveChangesAsync();
        return true;
    }
}
