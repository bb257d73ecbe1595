using Market.Api.Features.Money.Payouts;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Money;
using Microsoft.Extensions.DependencyInjection;
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
    private const int WorkersPerAgent = 4;

    /// <summary>An API node with its scheduler on (clustered store), every cron far in the future: only TriggerJob fires.</summary>
    private sealed class SchedulerNode(string connectionString, string instanceId, PayoutRunHooks hooks) : PayoutRace.HookedNode(connectionString, hooks, new Dictionary<string, string?>
    {
        ["Quartz:Enabled"] = "true",
        ["Quartz:InstanceId"] = instanceId,
        ["Quartz:PayoutCron"] = "0 0 0 1 1 ? 2099",
        ["Quartz:HousekeepingCron"] = "0 0 0 1 1 ? 2099",
        ["Money:PayoutAgentsAtOnce"] = "1", // the doomed node dies at its 4th payout, whichever agent's that is
    })
    {
        public async Task<IScheduler> StartAsync()
        {
            Clock.Set(PayoutRace.AfterNovember);
            _ = Server;
            var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await WaitUntilAsync(async () => (await scheduler.GetMetadata()).RunningSince is not null, $"{instanceId} to start");
            return scheduler;
        }
    }

    [Fact]
    public async Task NodeKilledMidBatch_ThenTwoSchedulerInstancesFireTheJob_PayEveryWorkerOnce_OneBatchPerCutoff()
    {
        var race = await PayoutRace.CreateAsync(
            Factory, WorkersPerAgent, (a, w) => $"w{w}@quartz{a}.jp", (a, w) => $"{a}10000{w}", (a, w) => 1_500 + (a * 100) + (w * 37));

        // Node B fires the job and dies while posting its first batch, before the commit: the agent's batches are built,
        // posted and issued in one transaction (ADR 0050), so nothing of them is left.
        var kill = new PayoutRace.KillAfter(3);
        await using (var doomed = new SchedulerNode(Factory.ConnectionString, "pay-node-b", kill))
        {
            var scheduler = await doomed.StartAsync();
            await scheduler.TriggerJob(PayoutJob.Key);
            await WaitUntilAsync(async () => await race.ScalarAsync("SELECT count(*) FROM qrtz_fired_triggers WHERE job_name = 'payouts'") == 0
                                             && kill.Killed, "node B's run to die");
            Assert.Equal(0L, await race.ScalarAsync($"SELECT count(*) FROM ledger_transactions WHERE kind = {(int)LedgerTransactionKind.Payout}"));
            Assert.Empty(await race.BatchesAsync());
        }

        // Two scheduler instances (B restarted, and A) fire the job at the same moment.
        await using var nodeA = new SchedulerNode(Factory.ConnectionString, "pay-node-a", PayoutRunHooks.None);
        await using var nodeB = new SchedulerNode(Factory.ConnectionString, "pay-node-b2", PayoutRunHooks.None);
        var schedulers = await Task.WhenAll(nodeA.StartAsync(), nodeB.StartAsync());
        await Task.WhenAll(schedulers.Select(s => s.TriggerJob(PayoutJob.Key).AsTask()));
        await WaitUntilAsync(async () => await race.ScalarAsync("SELECT count(*) FROM qrtz_fired_triggers WHERE job_name = 'payouts'") == 0
                                         && await race.ScalarAsync("SELECT count(*) FROM qrtz_triggers WHERE job_name = 'payouts' AND trigger_type <> 'CRON'") == 0
                                         && (await race.BatchesAsync()).Count(b => b.Status == PayoutBatchStatus.FileIssued) == race.Worlds.Count, "both fires to finish");

        await race.AssertEveryWorkerPaidOnceAsync();
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
