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
/// Two API nodes run the payout job against one database at the same time, and one of them dies in the middle of a
/// batch: still exactly one batch per agent and cut-off, one payout per worker, every payout posted once, and the
/// ledger balanced.
/// </summary>
public sealed class PayoutConcurrencyTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset MidNovember = new DateTimeOffset(2026, 11, 10, 14, 0, 0, Japan).ToUniversalTime();
    private static readonly DateTimeOffset AfterNovember = new DateTimeOffset(2026, 12, 1, 0, 30, 0, Japan).ToUniversalTime();
    private const int WorkersPerAgent = 6;

    /// <summary>Dies (as a node being shut down would) when it is about to commit the payout after the first <paramref name="payouts"/>.</summary>
    private sealed class KillAfter(int payouts) : PayoutRunHooks
    {
        private int _seen;

        public override ValueTask PayoutPostedAsync(PayoutBatchId batchId, Guid workerId, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _seen) == payouts + 1
                ? throw new OperationCanceledException("node killed in the middle of a payout batch")
                : ValueTask.CompletedTask;
    }

    private sealed class Node(string connectionString, PayoutRunHooks hooks) : MarketApiFactory(connectionString)
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

    [Fact]
    public async Task TwoNodesAtOnce_OneKilledMidBatch_PayEveryWorkerOnce_OneBatchPerCutoff_AndTheLedgerBalances()
    {
        Factory.Clock.Set(MidNovember);
        var owed = new Dictionary<(Guid Agent, Guid Worker), long>();
        var worlds = new List<PayoutWorld>();
        for (var a = 1; a <= 2; a++)
        {
            var world = await PayoutWorld.CreateAsync(Factory, $"エージェント{a}");
            worlds.Add(world);
            for (var w = 1; w <= WorkersPerAgent; w++)
            {
                var worker = await world.WorkerAsync($"w{w}@agent{a}.jp", accountNumber: $"{a}00000{w}");
                var amount = 1_000 + (a * 100) + (w * 111);
                await world.EarnAsync(worker, amount, MidNovember);
                owed[(world.Agent.Id, worker)] = amount;
            }
        }

        await using var nodeA = new Node(Factory.ConnectionString, PayoutRunHooks.None);
        await using var nodeB = new Node(Factory.ConnectionString, new KillAfter(3));
        nodeA.Clock.Set(AfterNovember);
        nodeB.Clock.Set(AfterNovember);

        // Node B dies after its third payout, before committing the fourth: with two payouts per transaction, the
        // first two are in the ledger and the batch is left half-posted.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PayoutWorld.RunAsync(nodeB, chunkSize: 2));
        var halfDone = Assert.Single(await BatchesAsync(), b => b.Status == PayoutBatchStatus.Building);
        Assert.Equal(WorkersPerAgent, halfDone.Payouts.Count);
        Assert.Equal(2, (await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Payout)).Count);

        // Both nodes at once (node B restarted): they finish the half-posted batch and build the rest between them.
        var runs = await Task.WhenAll(PayoutWorld.RunAsync(nodeA, chunkSize: 2), PayoutWorld.RunAsync(nodeB, chunkSize: 2));
        var again = await Task.WhenAll(PayoutWorld.RunAsync(nodeA), PayoutWorld.RunAsync(nodeB));

        Assert.Equal(2 * WorkersPerAgent - 2, runs.Sum(r => r.PayoutsPosted));
        Assert.All(again, r => Assert.Equal(new PayoutRunSummary(0, 0, 0), r));
        var batches = await BatchesAsync();
        Assert.Equal(batches.Count, batches.Select(b => (b.AgentId, b.Schedule, b.CutoffDate)).Distinct().Count());
        foreach (var world in worlds)
        {
            var monthly = Assert.Single(batches, b => b.AgentId == world.Agent.Id && b.PayoutCount > 0);
            Assert.Equal(PayoutBatchStatus.FileIssued, monthly.Status);
            Assert.Equal(
                owed.Where(o => o.Key.Agent == world.Agent.Id).Select(o => (o.Key.Worker, o.Value)).OrderBy(o => o.Worker),
                monthly.Payouts.Select(p => (p.WorkerId, p.Amount)).OrderBy(p => p.WorkerId));
            Assert.Equal(new Yen(-owed.Where(o => o.Key.Agent == world.Agent.Id).Sum(o => o.Value)), await world.BalanceAsync(LedgerAccount.AgentBank(world.Agent.Id)));
        }

        var payouts = await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Payout);
        Assert.Equal(2 * WorkersPerAgent, payouts.Count);
        foreach (var ((agentId, workerId), _) in owed)
        {
            Assert.Equal(Yen.Zero, await worlds.Single(w => w.Agent.Id == agentId).OwedAsync(workerId));
        }

        Assert.Equal(0L, await ScalarAsync(
            "SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id " +
            "HAVING sum(CASE side WHEN 0 THEN amount ELSE -amount END) <> 0 OR count(*) < 2) unbalanced"));
    }

    private async Task<List<PayoutBatchRow>> BatchesAsync()
    {
        using var scope = NewScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().PayoutBatches.IgnoreQueryFilters().AsNoTracking()
            .Include(b => b.Payouts).ToListAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
