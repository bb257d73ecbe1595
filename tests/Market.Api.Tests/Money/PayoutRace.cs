using Market.Api.Features.Money.Payouts;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Common;
using Market.Domain.Money;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Market.Api.Tests.Money;

/// <summary>
/// What the payout race tests share: two agents whose workers earned in November, a node that dies mid-batch, and the
/// end state every race must reach — one batch per agent and cut-off, every worker paid once what they were owed, the
/// ledger balanced.
/// </summary>
internal sealed class PayoutRace
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);
    public static readonly DateTimeOffset MidNovember = new DateTimeOffset(2026, 11, 10, 14, 0, 0, Japan).ToUniversalTime();
    public static readonly DateTimeOffset AfterNovember = new DateTimeOffset(2026, 12, 1, 0, 30, 0, Japan).ToUniversalTime();

    private readonly MarketApiFactory _factory;

    private PayoutRace(MarketApiFactory factory) => _factory = factory;

    public List<PayoutWorld> Worlds { get; } = [];

    public Dictionary<(Guid Agent, Guid Worker), long> Owed { get; } = [];

    /// <summary>Dies (as a node being shut down would) when it is about to commit the payout after the first <paramref name="payouts"/>.</summary>
    public sealed class KillAfter(int payouts) : PayoutRunHooks
    {
        private int _seen;

        /// <summary>The node has died (its run threw at the payout after the first <c>payouts</c>).</summary>
        public bool Killed => Volatile.Read(ref _seen) > payouts;

        public override ValueTask PayoutPostedAsync(PayoutBatchId batchId, Guid workerId, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _seen) == payouts + 1
                ? throw new OperationCanceledException("node killed in the middle of a payout batch")
                : ValueTask.CompletedTask;
    }

    /// <summary>An API node whose payout run calls <paramref name="hooks"/> (to die mid-batch), with extra <paramref name="settings"/>.</summary>
    public class HookedNode(string connectionString, PayoutRunHooks hooks, IDictionary<string, string?>? settings = null)
        : MarketApiFactory(connectionString, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<PayoutRunHooks>();
                services.AddSingleton(hooks);
            });
        }
    }

    /// <summary>Two agents of <paramref name="workersPerAgent"/> workers each, every worker owed one earning of mid-November.</summary>
    public static async Task<PayoutRace> CreateAsync(
        MarketApiFactory factory, int workersPerAgent, Func<int, int, string> email, Func<int, int, string> account, Func<int, int, long> amount)
    {
        factory.Clock.Set(MidNovember);
        var race = new PayoutRace(factory);
        for (var a = 1; a <= 2; a++)
        {
            var world = await PayoutWorld.CreateAsync(factory, $"エージェント{a}");
            race.Worlds.Add(world);
            for (var w = 1; w <= workersPerAgent; w++)
            {
                var worker = await world.WorkerAsync(email(a, w), accountNumber: account(a, w));
                await world.EarnAsync(worker, amount(a, w), MidNovember);
                race.Owed[(world.Agent.Id, worker)] = amount(a, w);
            }
        }

        return race;
    }

    public async Task<List<PayoutBatchRow>> BatchesAsync()
    {
        using var scope = _factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().PayoutBatches.IgnoreQueryFilters().AsNoTracking()
            .Include(b => b.Payouts).ToListAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs <paramref name="sql"/> with triggers off (as a superuser may): to set up a state only an older version could leave.</summary>
    public async Task ExecuteBypassingTriggersAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_factory.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SET LOCAL session_replication_role = replica; " + sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>One batch per agent and cut-off; each agent's monthly batch pays exactly what its workers were owed, once; nothing owed; every transaction balanced.</summary>
    public async Task AssertEveryWorkerPaidOnceAsync()
    {
        var batches = await BatchesAsync();
        Assert.Equal(batches.Count, batches.Select(b => (b.AgentId, b.Schedule, b.CutoffDate)).Distinct().Count());
        foreach (var world in Worlds)
        {
            var owedHere = Owed.Where(o => o.Key.Agent == world.Agent.Id).ToList();
            var monthly = Assert.Single(batches, b => b.AgentId == world.Agent.Id && b.PayoutCount > 0);
            Assert.Equal(PayoutBatchStatus.FileIssued, monthly.Status);
            Assert.Equal(
                owedHere.Select(o => (o.Key.Worker, o.Value)).OrderBy(o => o.Worker),
                monthly.Payouts.Select(p => (p.WorkerId, p.Amount)).OrderBy(p => p.WorkerId));
            Assert.Equal(new Yen(-owedHere.Sum(o => o.Value)), await world.BalanceAsync(LedgerAccount.AgentBank(world.Agent.Id)));
            foreach (var ((_, workerId), _) in owedHere)
            {
                Assert.Equal(Yen.Zero, await world.OwedAsync(workerId));
            }
        }

        // One ledger transaction per batch (ADR 0048), debiting each of its payees once.
        var postings = await MoneyTestKit.TransactionsAsync(_factory, LedgerTransactionKind.Payout);
        Assert.Equal(Worlds.Count, postings.Count);
        Assert.Equal(Owed.Count, await ScalarAsync(
            $"SELECT count(*) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.kind = {(int)LedgerTransactionKind.Payout} AND e.account_kind = {(int)LedgerAccountKind.WorkerPayable}"));
        Assert.Equal(0L, await ScalarAsync(
            "SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id " +
            "HAVING sum(CASE side WHEN 0 THEN amount ELSE -amount END) <> 0 OR count(*) < 2) unbalanced"));
    }
}
