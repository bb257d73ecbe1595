using Market.Api.Features.Agents.Vetting;
using Market.Api.Features.Money.BankAccounts;
using Market.Api.Features.Money.Payouts;
using Market.Api.Features.Money.Settings;
using Market.Api.Features.Quality;
using Market.Api.Identity;
using Market.Api.Persistence;
using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Splitting.Csv;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Seeding;

/// <summary>
/// The people and organisations of the demo (seed-data/world.json and workers.csv): client bodies, agents vetted by
/// the operator, their staff, registered home workers with their availability, tiers and certifications, teams and
/// gold records. Each one is created at the date the data gives it; anything that already exists (same id or e-mail)
/// is left as it is, except that the demo logins are brought in line with the data.
/// </summary>
public sealed class WorldBuilder(SeedSession session, SeedTimes times, SeedFiles files, WorldFile world, IReadOnlyList<WorkerSpec> workers, ILogger logger)
{
    /// <summary>When the platform itself opened, before any agent registered.</summary>
    public const int PlatformDaysAgo = 800;

    /// <summary>When the client bodies joined the platform.</summary>
    public const int ClientsDaysAgo = 120;

    private static readonly string OperatorEmail = DemoAccounts.Accounts.Single(a => a.Role == Roles.PlatformAdmin).Email;

    private static readonly HashSet<string> KnownCertificationCodes = CertificationCodes.Platform.ToHashSet(StringComparer.Ordinal);

    /// <summary>The platform certification types' terms (migration 20261121000032): valid 12 months, renewal opens 30 days before, 14 days' grace.</summary>
    private static readonly CertificationTerms PlatformTerms = new(12, 30, 14);

    private string? _passwordHash;

    public string Operator => OperatorEmail;

    public async Task BuildAsync(CancellationToken cancellationToken)
    {
        CheckAgainstDemoAccounts();
        var platformOpened = times.At(-PlatformDaysAgo, 9);
        await EnsureUserAsync(OperatorEmail, NameOf(OperatorEmail), Roles.PlatformAdmin, null, platformOpened, cancellationToken);

        foreach (var client in world.Clients)
        {
            var joined = times.At(-ClientsDaysAgo, 10);
            await session.WithDbAsync(joined, async (_, db) =>
            {
                if (!await db.ClientFirms.AnyAsync(c => c.Id == client.Id, cancellationToken))
                {
                    db.ClientFirms.Add(new ClientFirm(client.Id, client.Name, client.Kind, client.Prefecture, joined));
                    await db.SaveChangesAsync(cancellationToken);
                }
            });
            foreach (var member in client.Members)
            {
                await EnsureUserAsync(member.Email, member.Name, Roles.ClientMember, client.Id, joined.AddHours(1), cancellationToken);
            }
        }

        foreach (var agent in world.Agents)
        {
            await BuildAgentAsync(agent, cancellationToken);
        }

        foreach (var worker in workers.OrderByDescending(w => w.RegisteredDaysAgo))
        {
            await BuildWorkerAsync(worker, cancellationToken);
        }

        foreach (var agent in world.Agents)
        {
            await BuildTeamsAsync(agent, cancellationToken);
            if (agent.Gold is { } gold)
            {
                await AddGoldAsync(agent, gold, cancellationToken);
            }
        }

        logger.LogInformation("Demo world: {Clients} clients, {Agents} agents, {Workers} workers.", world.Clients.Count, world.Agents.Count, workers.Count);
    }

    public DateTimeOffset AgentCreatedAt(AgentSpec agent)
    {
        var days = agent.RegisteredDaysAgo
            ?? (workers.Where(w => w.Agent == agent.Key).Select(w => w.RegisteredDaysAgo).DefaultIfEmpty(100).Max() + 20);
        return times.At(-days, 9, 30);
    }

    private async Task BuildAgentAsync(AgentSpec spec, CancellationToken cancellationToken)
    {
        var created = AgentCreatedAt(spec);
        var isNew = await session.WithDbAsync(created, async (_, db) =>
        {
            if (await db.Agents.AnyAsync(a => a.Id == spec.Id, cancellationToken))
            {
                return false;
            }

            db.Agents.Add(new Agent(spec.Id, spec.Name, spec.Type, spec.Prefecture, spec.Municipality, spec.InviteCode, created));
            await db.SaveChangesAsync(cancellationToken);
            return true;
        });

        foreach (var staff in spec.Staff)
        {
            var userId = await EnsureUserAsync(staff.Email, staff.Name, staff.Role, spec.Id, created.AddMinutes(10), cancellationToken);
            if (staff.Reviewer)
            {
                var registered = created.AddMinutes(10);
                await EnsureCertificationsAsync(
                    userId, spec.Id, [new CertificationSpec(CertificationCodes.Confidentiality, null), new CertificationSpec(CertificationCodes.QcReviewer, null)], registered, staff.Email, cancellationToken);
            }
        }

        var agent = await session.WithDbAsync(created, (_, db) => db.Agents.AsNoTracking().SingleAsync(a => a.Id == spec.Id, cancellationToken));
        if (spec.Vetting == AgentVettingStatus.Approved && !agent.IsApproved)
        {
            // The operator screens a new agent within a few days of its registration.
            await session.SendAsync(Operator, isNew ? created.AddDays(3) : times.At(-ClientsDaysAgo, 9), new ApproveAgent(spec.Id), cancellationToken);
        }

        if (spec.PrivacyMark && !agent.Holds(OrganisationCertification.PrivacyMark))
        {
            await session.SendAsync(Operator, isNew ? created.AddDays(5) : times.At(-ClientsDaysAgo, 9, 30), new SetAgentCertification(spec.Id, OrganisationCertification.PrivacyMark, true), cancellationToken);
        }

        if (agent.MaxConcurrentJobs != spec.Capacity)
        {
            await session.SendAsync(Operator, isNew ? created.AddDays(3).AddMinutes(5) : times.At(-ClientsDaysAgo, 9, 40), new SetAgentCapacity(spec.Id, spec.Capacity), cancellationToken);
        }

        if (spec.Money is { } money)
        {
            var at = isNew ? created.AddDays(6) : times.At(-ClientsDaysAgo, 9, 50);
            var configured = await session.WithDbAsync(at, (_, db) => db.AgentMoneySettings.AnyAsync(s => s.AgentId == spec.Id, cancellationToken));
            if (!configured)
            {
                var (bank, branch) = BankAndBranch(money.Bank);
                await session.SendAsync(
                    spec.Staff.First(s => s.Role == Roles.AgentOwner).Email,
                    at,
                    new SetAgentMoneySettings(spec.Id, new AgentMoneySettingsBody(
                        money.RegistrationNumber, money.InvoicePrefix, [.. money.WithheldJobTypes], money.RequesterCode, money.RequesterName,
                        new BankAccountBody(bank, branch, BankAccountType.Ordinary, money.AccountNumber, money.HolderName))),
                    cancellationToken);
            }
        }
    }

    private static (string Bank, string Branch) BankAndBranch(string code) =>
        code.Split('-') is [var bank, var branch] ? (bank, branch) : throw new InvalidOperationException($"'{code}' is not bank-branch (0578-034).");

    private async Task BuildWorkerAsync(WorkerSpec spec, CancellationToken cancellationToken)
    {
        var agent = world.Agents.SingleOrDefault(a => a.Key == spec.Agent)
            ?? throw new InvalidOperationException($"workers.csv: {spec.Email} names agent '{spec.Agent}', which is not in world.json.");
        var registered = times.At(-spec.RegisteredDaysAgo, 10, 15);
        if (registered < AgentCreatedAt(agent))
        {
            registered = AgentCreatedAt(agent).AddHours(2);
        }

        var userId = await EnsureUserAsync(spec.Email, spec.Name, Roles.Worker, agent.Id, registered, cancellationToken);
        await session.WithDbAsync(registered, async (_, db) =>
        {
            var profile = await db.WorkerProfiles.SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken);
            if (profile is null)
            {
                profile = WorkerProfile.Register(userId, agent.Id, agent.Prefecture, spec.Municipality, spec.HoursPerWeek, spec.MaxUnits, spec.Skills, registered);
                db.WorkerProfiles.Add(profile);
            }
            else
            {
                // A demo login that existed before the world: bring it in line with the data.
                profile.SetAvailability(spec.HoursPerWeek, spec.MaxUnits);
                profile.SetSkills(spec.Skills);
                profile.MoveTo(agent.Prefecture, spec.Municipality);
            }

            // Trial for the first month; the monthly recomputation then set the tier the data gives.
            var tierSince = spec.RegisteredDaysAgo > 35 ? registered.AddDays(32) : registered;
            profile.ChangeTier(spec.Tier, tierSince < times.Anchor ? tierSince : registered);
            await db.SaveChangesAsync(cancellationToken);
        });

        await EnsureCertificationsAsync(userId, agent.Id, spec.Certifications, registered, spec.Email, cancellationToken);

        // The worker gives the account they are paid into the day after registering, and picks a payout schedule once
        // their tier allows it.
        var hasAccount = await session.WithDbAsync(registered, (_, db) => db.BankAccounts.AnyAsync(a => a.OwnerId == userId, cancellationToken));
        if (!hasAccount)
        {
            var (bank, branch) = BankAndBranch(spec.Bank);
            var number = (StableHash(spec.Email + "account") % 9_000_000 + 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await session.SendAsync(spec.Email, Before(registered.AddDays(1)), new SetMyBankAccount(new BankAccountBody(bank, branch, BankAccountType.Ordinary, number, spec.Kana)), cancellationToken);
        }

        if (spec.Payout != PayoutSchedule.Monthly)
        {
            var tierSince = spec.RegisteredDaysAgo > 35 ? registered.AddDays(32) : registered;
            await session.SendAsync(spec.Email, Before(tierSince.AddDays(1)), new SetMyPayoutSchedule(spec.Payout), cancellationToken);
        }
    }

    /// <summary>A moment of the story, or just before the present when the story would put it later.</summary>
    private DateTimeOffset Before(DateTimeOffset at) => at < times.Anchor ? at : times.Anchor.AddMinutes(-30);

    private async Task BuildTeamsAsync(AgentSpec agent, CancellationToken cancellationToken)
    {
        foreach (var spec in agent.Teams)
        {
            var at = AgentCreatedAt(agent).AddDays(7);
            await session.WithDbAsync(at, async (_, db) =>
            {
                if (await db.Teams.AnyAsync(t => t.Id == new TeamId(spec.Id), cancellationToken))
                {
                    return;
                }

                var team = Team.Create(new TeamId(spec.Id), agent.Id, spec.Name, at);
                var coordinatorId = await UserIdAsync(db, spec.Coordinator, cancellationToken);
                team.AppointCoordinator(await db.Memberships.SingleAsync(m => m.UserId == coordinatorId, cancellationToken));
                var emails = workers.Where(w => w.Agent == agent.Key && w.Team == spec.Key).Select(w => w.Email.ToUpperInvariant()).ToList();
                var memberIds = await db.Users.Where(u => emails.Contains(u.NormalizedEmail!)).Select(u => u.Id).ToListAsync(cancellationToken);
                foreach (var profile in await db.WorkerProfiles.Where(p => memberIds.Contains(p.UserId) && p.AgentId == agent.Id).OrderBy(p => p.RegisteredAt).ToListAsync(cancellationToken))
                {
                    team.AddMember(profile);
                }

                db.Teams.Add(team);
                await db.SaveChangesAsync(cancellationToken);
            });
        }

        var unknown = workers.Where(w => w.Agent == agent.Key && w.Team is not null && agent.Teams.All(t => t.Key != w.Team)).Select(w => w.Email).FirstOrDefault();
        if (unknown is not null)
        {
            throw new InvalidOperationException($"workers.csv: {unknown} is in a team that {agent.Key} does not have in world.json.");
        }
    }

    /// <summary>The agent's known-answer records, added by its owner a week after it opened (every column a field).</summary>
    private async Task AddGoldAsync(AgentSpec agent, string file, CancellationToken cancellationToken)
    {
        var owner = agent.Staff.First(s => s.Role == Roles.AgentOwner).Email;
        var at = AgentCreatedAt(agent).AddDays(8);
        var existing = await session.WithDbAsync(at, (_, db) => db.GoldRecords.CountAsync(g => g.AgentId == agent.Id, cancellationToken));
        if (existing > 0)
        {
            return;
        }

        var table = CsvReader.Read(files.Bytes(file));
        foreach (var (record, i) in table.Records.Select((r, i) => (r, i)))
        {
            var fields = table.Header.Select((name, column) => new GoldFieldBody(name, record[column], record[column])).ToList();
            await session.SendAsync(owner, at.AddMinutes(i), new AddGoldRecord(agent.Id, fields), cancellationToken);
        }
    }

    private async Task<Guid> EnsureUserAsync(string email, string name, string role, Guid? tenantId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await session.WithDbAsync(at, async (services, db) =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByEmailAsync(email) is { } existing)
            {
                return existing.Id;
            }

            var user = new AppUser
            {
                Id = Guid.CreateVersion7(at),
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = name,
                CreatedAt = at,
                LockoutEnabled = true,
            };
            // Every demo user has the demo password; hashing it once keeps 80 users from costing 80 slow hashes.
            _passwordHash ??= users.PasswordHasher.HashPassword(user, DemoAccounts.Password);
            user.PasswordHash = _passwordHash;
            IdentityResults.ThrowIfFailed(await users.CreateAsync(user));
            IdentityResults.ThrowIfFailed(await users.AddToRoleAsync(user, role));
            db.Memberships.Add(new Membership(Guid.CreateVersion7(at), user.Id, role, tenantId, at));
            await db.SaveChangesAsync(cancellationToken);
            return user.Id;
        });

    /// <summary>
    /// Certifications valid until the dates the data gives (default: renewed some months ago), each issued a year before
    /// that or at registration, whichever is later. One the user already holds is left alone.
    /// </summary>
    private async Task EnsureCertificationsAsync(
        Guid userId, Guid agentId, IReadOnlyList<CertificationSpec> certifications, DateTimeOffset registered, string email, CancellationToken cancellationToken)
    {
        var unknown = certifications.FirstOrDefault(c => !KnownCertificationCodes.Contains(c.Code));
        if (unknown is not null)
        {
            throw new InvalidOperationException($"seed-data: {email} has '{unknown.Code}', which is not a certification code.");
        }

        await session.WithDbAsync(registered, async (_, db) =>
        {
            var held = await db.WorkerCertifications.Where(c => c.UserId == userId).Select(c => c.Code).ToListAsync(cancellationToken);
            foreach (var spec in certifications.Where(c => !held.Contains(c.Code)))
            {
                var validUntilDays = spec.ValidUntilDays ?? (60 + (StableHash(email + spec.Code) % 240));
                var issued = times.At(validUntilDays, 23, 59).AddMonths(-12);
                if (issued < registered)
                {
                    // A certification lasts a year from its exam: one ending on a given day was passed a year before it.
                    issued = spec.ValidUntilDays is null
                        ? registered.AddDays(1)
                        : throw new InvalidOperationException(
                            $"seed-data: {email}'s {spec.Code} cannot end {spec.ValidUntilDays:+0;-0} days from now: it would have been issued before they registered.");
                }

                db.WorkerCertifications.Add(IssueCertification(userId, agentId, spec.Code, issued));
            }

            await db.SaveChangesAsync(cancellationToken);
        });
    }

    /// <summary>A certification issued at <paramref name="issued"/> (the worker passed its exam then) on the platform's terms.</summary>
    private static WorkerCertification IssueCertification(Guid userId, Guid agentId, string code, DateTimeOffset issued) =>
        WorkerCertification.Issue(userId, agentId, code, PlatformTerms, issued);

    private static async Task<Guid> UserIdAsync(MarketDbContext db, string person, CancellationToken cancellationToken)
    {
        var normalized = SeedSession.Email(person).ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleAsync(cancellationToken);
    }

    private string NameOf(string email) =>
        DemoAccounts.Accounts.Single(a => a.Email == email).DisplayName;

    /// <summary>The ten demo logins of the README are part of the world, with the names and roles DemoAccounts gives them.</summary>
    private void CheckAgainstDemoAccounts()
    {
        var people = world.Clients.SelectMany(c => c.Members.Select(m => (m.Email, m.Name, Role: Roles.ClientMember, Tenant: (Guid?)c.Id)))
            .Concat(world.Agents.SelectMany(a => a.Staff.Select(s => (s.Email, s.Name, s.Role, Tenant: (Guid?)a.Id))))
            .Concat(workers.Select(w => (w.Email, w.Name, Role: Roles.Worker, Tenant: (Guid?)world.Agents.Single(a => a.Key == w.Agent).Id)))
            .ToList();
        var duplicate = people.GroupBy(p => p.Email, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"seed-data names {duplicate.Key} more than once.");
        }

        foreach (var (email, name, role) in DemoAccounts.Accounts.Where(a => a.Role != Roles.PlatformAdmin))
        {
            var match = people.SingleOrDefault(p => p.Email == email);
            var tenant = role == Roles.ClientMember ? DemoAccounts.DemoClientId : DemoAccounts.DemoAgentId;
            if (match.Email is null || match.Name != name || match.Role != role || match.Tenant != tenant)
            {
                throw new InvalidOperationException($"seed-data must list the demo login {email} as {name} ({role}) of the demo tenant, as DemoAccounts does.");
            }
        }

        if (world.Agents.Single(a => a.Id == DemoAccounts.DemoAgentId).InviteCode != DemoAccounts.DemoAgentInviteCode)
        {
            throw new InvalidOperationException("world.json: the demo agent's invite code differs from DemoAccounts'.");
        }

        foreach (var agent in world.Agents)
        {
            if (!Prefectures.IsKnown(agent.Prefecture))
            {
                throw new InvalidOperationException($"world.json: {agent.Key} is in '{agent.Prefecture}', which is not a prefecture.");
            }
        }
    }

    private static int StableHash(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return BitConverter.ToInt32(hash, 0) & int.MaxValue;
    }
}
