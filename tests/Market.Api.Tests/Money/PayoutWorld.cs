using Market.Api.Features.Money.BankAccounts;
using Market.Api.Features.Money.Ledger;
using Market.Api.Features.Money.Payouts;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using MediatR;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Money;

/// <summary>An agent set up to pay (requester code, kana name, account), its workers with accounts, and their earnings.</summary>
internal sealed class PayoutWorld
{
    public const string RequesterCode = "0000012345";

    private readonly MarketApiFactory _factory;
    private int _earnings;

    private PayoutWorld(MarketApiFactory factory, Agent agent)
    {
        _factory = factory;
        Agent = agent;
    }

    public Agent Agent { get; }

    public static async Task<PayoutWorld> CreateAsync(MarketApiFactory factory, string name = "NPO法人 やまびこ", bool requester = true)
    {
        var world = new PayoutWorld(factory, await TestData.AgentAsync(factory, name, "PAY-" + Guid.NewGuid().ToString("N")[..8]));
        if (requester)
        {
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var store = scope.ServiceProvider.GetRequiredService<BankAccountStore>();
            var now = factory.Clock.GetUtcNow();
            db.AgentMoneySettings.Add(new AgentMoneySettings
            {
                AgentId = world.Agent.Id, RegistrationNumber = "T7000012050002", InvoicePrefix = "YMB",
                ZenginRequesterCode = RequesterCode, ZenginRequesterName = "ﾔﾏﾋﾞｺ", UpdatedAt = now,
            });
            db.BankAccounts.Add(store.Store(null, world.Agent.Id, BankAccountOwner.Agent, world.Agent.Id,
                store.Validate(new BankAccountBody("0001", "001", BankAccountType.Ordinary, "7777123", "ﾔﾏﾋﾞｺ")), now)!);
            await db.SaveChangesAsync();
        }

        return world;
    }

    /// <summary>A worker of the agent; with an account at 三井住友 春日部 unless <paramref name="accountNumber"/> is null.</summary>
    public async Task<Guid> WorkerAsync(string email, WorkerTier tier = WorkerTier.Trial, string? accountNumber = "0123457", string holder = "ヤマダ タロウ", PayoutSchedule? schedule = null)
    {
        var user = await TestData.UserAsync(_factory, email, Roles.Worker, Agent.Id, "在宅 " + email.Split('@')[0]);
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = _factory.Clock.GetUtcNow();
        var profile = WorkerProfile.Register(user.Id, Agent.Id, "高知県", "四万十町", 20, 3, [JobType.DataEntry], now);
        profile.ChangeTier(tier, now);
        db.WorkerProfiles.Add(profile);
        if (accountNumber is not null)
        {
            var store = scope.ServiceProvider.GetRequiredService<BankAccountStore>();
            db.BankAccounts.Add(store.Store(null, user.Id, BankAccountOwner.Worker, Agent.Id,
                store.Validate(new BankAccountBody("0009", "005", BankAccountType.Ordinary, accountNumber, holder)), now)!);
        }

        if (schedule is { } chosen)
        {
            db.WorkerPayoutSettings.Add(new WorkerPayoutSettings { WorkerId = user.Id, AgentId = Agent.Id, Schedule = chosen, ChangedAt = now });
        }

        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>An earning as the acceptance handler posts it (that path has its own tests), dated <paramref name="at"/>.</summary>
    public async Task EarnAsync(Guid workerId, long yen, DateTimeOffset at)
    {
        var key = $"earning:test:{Agent.Id}:{++_earnings}";
        await MoneyTestKit.PostAsync(_factory,
            LedgerTransaction.Create(LedgerTransactionKind.Earning, key, at, "test earning",
            [
                LedgerEntry.Debit(LedgerAccount.AgentCost(Agent.Id), new Yen(yen)),
                LedgerEntry.Credit(LedgerAccount.WorkerPayable(Agent.Id, workerId), new Yen(yen)),
            ]));
    }

    public static async Task<PayoutRunSummary> RunAsync(WebApplicationFactory<Market.Api.Hosting.ApiEntryPoint> node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RunPayouts());
    }

    public Task<Yen> OwedAsync(Guid workerId) => BalanceAsync(LedgerAccount.WorkerPayable(Agent.Id, workerId));

    public async Task<Yen> BalanceAsync(LedgerAccount account)
    {
        using var scope = _factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LedgerBook>().BalanceAsync(account, CancellationToken.None);
    }
}
