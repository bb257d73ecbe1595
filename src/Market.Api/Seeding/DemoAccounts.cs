using Market.Api.Identity;
using Market.Api.Persistence;
using Market.Domain.Certifications;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Seeding;

/// <summary>
/// The demo logins documented in the README. Demo data only: created on an empty database by
/// <c>./market run</c> / <c>./market seed</c>, never in production. Loading twice changes nothing.
/// </summary>
public sealed class DemoAccounts(MarketDbContext db, UserManager<AppUser> users, TimeProvider clock, ILogger<DemoAccounts> logger)
{
    public const string Password = "Furusato-demo-2026!";
    public const string Domain = "demo.furusato.example";

    public static readonly Guid DemoClientId = Guid.Parse("0195a100-0000-7000-8000-000000000001");
    public static readonly Guid DemoAgentId = Guid.Parse("0195a100-0000-7000-8000-000000000101");
    public const string DemoAgentInviteCode = "YAMABIKO-2026";

    private static readonly CertificationTerms DemoTerms = new(12, 30, 14);

    public static readonly IReadOnlyList<(string Email, string DisplayName, string Role)> Accounts =
    [
        ($"operator@{Domain}", "運営 太郎", Roles.PlatformAdmin),
        ($"client@{Domain}", "発注 花子", Roles.ClientMember),
        ($"agent.owner@{Domain}", "代表 山本 恵子", Roles.AgentOwner),
        ($"coordinator@{Domain}", "調整 佐藤 健一", Roles.AgentCoordinator),
        ($"reviewer@{Domain}", "検品 田中 美咲", Roles.AgentReviewer),
        ($"worker1@{Domain}", "在宅 小松 由美", Roles.Worker),
        ($"worker2@{Domain}", "在宅 岡田 直子", Roles.Worker),
        ($"worker3@{Domain}", "在宅 西村 翔", Roles.Worker),
        ($"worker4@{Domain}", "在宅 竹内 さくら", Roles.Worker),
        ($"worker5@{Domain}", "在宅 浜口 大地", Roles.Worker),
    ];

    /// <summary>
    /// Agent owners and operators must use an authenticator app; the demo ones have these published keys (README),
    /// so anyone trying the demo can add them to an app or compute a code with <c>oathtool --totp -b KEY</c>.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> TotpKeys = new Dictionary<string, string>
    {
        [$"operator@{Domain}"] = "OPERATORDEMOFURUSATOMARKETTOTP22",
        [$"agent.owner@{Domain}"] = "AGENTOWNERDEMOYAMABIKOTELEWORK22",
    };

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!await db.ClientFirms.AnyAsync(c => c.Id == DemoClientId, cancellationToken))
        {
            db.ClientFirms.Add(new ClientFirm(DemoClientId, "株式会社 東京データワークス", ClientKind.Firm, "東京都", now));
        }

        if (!await db.Agents.AnyAsync(a => a.Id == DemoAgentId, cancellationToken))
        {
            var agent = new Agent(DemoAgentId, "NPO法人 やまびこテレワーク", AgentOrganisationType.Npo, "高知県", "四万十町", DemoAgentInviteCode, now);
            agent.Approve();
            db.Agents.Add(agent);
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var (email, displayName, role) in Accounts)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var user = new AppUser
            {
                Id = Guid.CreateVersion7(now),
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = displayName,
                CreatedAt = now,
                LockoutEnabled = true,
            };
            IdentityResults.ThrowIfFailed(await users.CreateAsync(user, Password));
            IdentityResults.ThrowIfFailed(await users.AddToRoleAsync(user, role));
            var tenantId = Roles.TenantKindOf(role) switch
            {
                TenantKind.Client => DemoClientId,
                TenantKind.Agent => DemoAgentId,
                _ => (Guid?)null,
            };
            db.Memberships.Add(new Membership(Guid.CreateVersion7(now), user.Id, role, tenantId, now));
            if (role == Roles.Worker)
            {
                db.WorkerProfiles.Add(WorkerProfile.Register(user.Id, DemoAgentId, "高知県", "四万十町", 20, 3, Enum.GetValues<JobType>(), now));
                // Demo workers hold every platform certification except the QC reviewer's, on the platform's terms.
                foreach (var code in CertificationCodes.Platform.Where(c => c != CertificationCodes.QcReviewer))
                {
                    db.WorkerCertifications.Add(WorkerCertification.Issue(user.Id, DemoAgentId, code, DemoTerms, now));
                }
            }
            else if (role == Roles.AgentReviewer)
            {
                db.WorkerCertifications.Add(WorkerCertification.Issue(user.Id, DemoAgentId, CertificationCodes.QcReviewer, DemoTerms, now));
            }

            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Demo account created for role {Role}", role);
        }

        foreach (var (email, key) in TotpKeys)
        {
            if (await users.FindByEmailAsync(email) is { TwoFactorEnabled: false } user)
            {
                await TwoFactorPolicy.EnrollWithKnownKeyAsync(users, user, key);
            }
        }
    }
}
