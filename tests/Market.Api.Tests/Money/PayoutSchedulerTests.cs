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
using Quartz;

namespace Market.Api.Tests.Money;

/// <summary>
/// The payout job as the clustered Quartz scheduler runs it (not through the mediator): a node fires it and dies in
/// the middle of a batch; two other scheduler instances on the same database then fire it at the same moment. Exactly
/// one batch per agent and cut-off, one payout per worker, each posted once, the ledger balanced. (The mediator-level
/// race of two runs inside one instant is <see cref="PayoutConcurrencyTests"/>.)
/// </summary>
public sealed class PayoutSchedulerTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset MidNovember = new DateTimeOffset(2026, 11, 10, 14, 0, 0, Japan).ToUniversalTime();
    private static readonly DateTimeOffset AfterNovember = new DateTimeOffset(2026, 12, 1, 0, 30, 0, Japan).ToUniversalTime();
    private const int WorkersPerAgent = 4;

    /// <summary>Dies when it is about to commit the chunk holding its <paramref name="payouts"/>+1-th payout.</summary>
    private sealed class KillAfter(int payouts) : PayoutRunHooks
    {
        private int _seen;

        public override ValueTask PayoutPostedAsync(PayoutBatchId batchId, Guid workerId, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _seen) == payouts + 1
                ? throw new OperationCanceledException("node killed in the middle of a payout batch")
                : ValueTask.CompletedTask;
    }

    /// <summary>An API node with its scheduler on (clustered store), every cron far in the future: only TriggerJob fires.</summary>
    private sealed class SchedulerNode(string connectionString, string instanceId, PayoutRunHooks hooks) : MarketApiFactory(connectionString, new Dictionary<string, string?>
    {
        ["Quartz:Enabled"] = "true",
        ["Quartz:InstanceId"] = instanceId,
        ["Quartz:PayoutCron"] = "0 0 0 1 1 ? 2099",
        ["Quartz:HousekeepingCron"] = "0 0 0 1 1 ? 2099",
        ["Money:PayoutChunkSize"] = "2",
    })
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

        public async Task<IScheduler> StartAsync()
        {
            Clock.Set(AfterNovember);
            _ = Server;
            var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await WaitUntilAsync(async () => (await scheduler.GetMetadata()).RunningSince is not null, $"{instanceId} to start");
            return scheduler;
        }
    }

    [Fact]
    public async Task NodeKilledMidBatch_ThenTwoSchedulerInstancesFireTheJob_PayEveryWorkerOnce_OneBatchPerCutoff()
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
                var worker = await world.WorkerAsync($"w{w}@quartz{a}.jp", accountNumber: $"{a}10000{w}");
                var amount = 1_500 + (a * 100) + (w * 37);
                await world.EarnAsync(worker, amount, MidNovember);
                owed[(world.Agent.Id, worker)] = amount;
            }
        }

        // Node B fires the job and dies before committing its second chunk: two payouts posted, the batch half done.
        await using (var doomed = new SchedulerNode(Factory.ConnectionString, "pay-node-b", new KillAfter(3)))
        {
            var scheduler = await doomed.StartAsync();
            await scheduler.TriggerJob(PayoutJob.Key);
            await WaitUntilAsync(async () => await CountAsync("SELECT count(*) FROM qrtz_fired_triggers WHERE job_name = 'payouts'") == 0
                                             && await CountAsync($"SELECT count(*) FROM ledger_transactions WHERE kind = {(int)LedgerTransactionKind.Payout}") == 2, "node B's run to die");
            Assert.Single(await BatchesAsync(), b => b.Status == PayoutBatchStatus.Building);
        }

        // Two scheduler instances (B restarted, and A) fire the job at the same moment.
        await using var nodeA = new SchedulerNode(Factory.ConnectionString, "pay-node-a", PayoutRunHooks.None);
        await using var nodeB = new SchedulerNode(Factory.ConnectionString, "pay-node-b2", PayoutRunHooks.None);
        var schedulers = await Task.WhenAll(nodeA.StartAsync(), nodeB.StartAsync());
        await Task.WhenAll(schedulers.Select(s => s.TriggerJob(PayoutJob.Key).AsTask()));
        await WaitUntilAsync(async () => await CountAsync("SELECT count(*) FROM qrtz_fired_triggers WHERE job_name = 'payouts'") == 0
                                         && await CountAsync("SELECT count(*) FROM qrtz_triggers WHERE job_name = 'payouts' AND trigger_type <> 'CRON'") == 0
                                         && (await BatchesAsync()).Count(b => b.Status == PayoutBatchStatus.FileIssued) == worlds.Count, "both fires to finish");

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
            foreach (var ((agentId, workerId), _) in owed.Where(o => o.Key.Agent == world.Agent.Id))
            {
                Assert.Equal(Yen.Zero, await world.OwedAsync(workerId));
            }
        }

        Assert.Equal(owed.Count, (await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Payout)).Count);
        Assert.Equal(0L, await CountAsync(
            "SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id " +
            "HAVING sum(CASE side WHEN 0 THEN amount ELSE -amount END) <> 0 OR count(*) < 2) unbalanced"));
    }

    private async Task<List<PayoutBatchRow>> BatchesAsync()
    {
        using var scope = NewScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().PayoutBatches.IgnoreQueryFilters().AsNoTracking()
            .Include(b => b.Payouts).ToListAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Timed out waiting for {what}.");
    }
}
