using Market.Api.Identity;
using Market.Api.Persistence;
using Market.Domain.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Infrastructure;

/// <summary>Builds tenants and users through the same Identity services the API uses.</summary>
public static class TestData
{
    public const string Password = "Correct-horse-battery-42";

    public static async Task<Agent> AgentAsync(MarketApiFactory factory, string name, string inviteCode)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var agent = new Agent(Guid.NewGuid(), name, AgentOrganisationType.Npo, "高知県", "四万十町", inviteCode, factory.Clock.GetUtcNow());
        agent.Approve();
        db.Agents.Add(agent);
        await db.SaveChangesAsync();
        return agent;
    }

    public static async Task<ClientFirm> ClientAsync(MarketApiFactory factory, string name)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var client = new ClientFirm(Guid.NewGuid(), name, ClientKind.Firm, "東京都", factory.Clock.GetUtcNow());
        db.ClientFirms.Add(client);
        await db.SaveChangesAsync();
        return client;
    }

    /// <summary>The authenticator key of a test user whose role requires 2FA: fixed per address, so a test can compute codes.</summary>
    public static string TotpKeyFor(string email) =>
        Totp.ToBase32(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(email)));

    public static async Task<AppUser> UserAsync(MarketApiFactory factory, string email, string role, Guid? tenantId, string displayName = "テスト 利用者", bool enrolTwoFactor = true)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var user = new AppUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            DisplayName = displayName,
            CreatedAt = factory.Clock.GetUtcNow(),
            LockoutEnabled = true,
        };
        IdentityResults.ThrowIfFailed(await users.CreateAsync(user, Password));
        IdentityResults.ThrowIfFailed(await users.AddToRoleAsync(user, role));
        if (enrolTwoFactor && TwoFactorPolicy.IsRequired([role]))
        {
            await TwoFactorPolicy.EnrollWithKnownKeyAsync(users, user, TotpKeyFor(email));
        }

        db.Memberships.Add(new Membership(Guid.NewGuid(), user.Id, role, tenantId, factory.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
        return user;
    }
}
