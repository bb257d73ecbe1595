using System.Collections.Concurrent;
using System.Diagnostics;
using Market.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Quartz;

namespace Market.Api.Tests.Operations;

/// <summary>
/// Two API instances, each a node of the clustered Quartz store in one database (ADR 0005): a trigger fires on one node
/// only, and when a node dies another node re-runs the job it was in the middle of and fires what it would have fired.
/// </summary>
public sealed class QuartzClusterTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>Records which node ran which trigger; on node-a it can be held mid-run, as work a dying node had in hand.</summary>
    public sealed class ProbeJob : IJob
    {
        public static readonly ConcurrentQueue<(string Run, string Trigger, string Node, bool Recovering)> Runs = new();

        public static TaskCompletionSource HoldOnNodeA { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            var node = context.Scheduler.SchedulerInstanceId;
            Runs.Enqueue((context.MergedJobDataMap.GetString("run")!, context.Trigger.Key.Name, node, context.Recovering));
            if (node == "node-a" && context.MergedJobDataMap.GetString("hold") == "yes")
            {
                await HoldOnNodeA.Task;
            }
        }
    }

    /// <summary>A cluster node on the real clock: Quartz reads TimeProvider, and check-ins and fire times are real time.</summary>
    private sealed class ClusterNode(string connectionString, string id) : MarketApiFactory(connectionString, Node(id))
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(TimeProvider.System);
            });
        }
    }

    private static Dictionary<string, string?> Node(string id) => new()
    {
        ["Quartz:Enabled"] = "true",
        ["Quartz:InstanceId"] = id,
        ["Quartz:CheckinIntervalSeconds"] = "1",
        ["Quartz:CheckinMisfireThresholdSeconds"] = "1",
    };

    [Fact]
    public async Task TwentyTriggersDueAtOnce_OnTwoNodes_EachFireExactlyOnce()
    {
        var run = Guid.NewGuid().ToString("N");
        await using var nodeA = new ClusterNode(Factory.ConnectionString, "node-a");
        await using var nodeB = new ClusterNode(Factory.ConnectionString, "node-b");
        var schedulerA = await StartedSchedulerAsync(nodeA);
        await StartedSchedulerAsync(nodeB);
        await WaitUntilAsync(async () => await ScalarAsync("SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name IN ('node-a', 'node-b')") == 2, "both nodes checked in", 30);

        var job = JobBuilder.Create<ProbeJob>().WithIdentity($"probe-{run}", "cluster-test").UsingJobData("run", run).StoreDurably().Build();
        var due = DateTimeOffset.UtcNow.AddSeconds(2);
        var triggers = Enumerable.Range(0, 20)
            .Select(i => (ITrigger)TriggerBuilder.Create().WithIdentity($"t{i:00}-{run}", "cluster-test").ForJob(job).StartAt(due).Build())
            .ToList();
        await schedulerA.ScheduleJob(job, triggers[0]);
        foreach (var trigger in triggers.Skip(1))
        {
            await schedulerA.ScheduleJob(trigger);
        }

        // Done when no trigger of the run is left to fire and none is being fired: nothing can run after that.
        await WaitUntilAsync(
            async () => ProbeJob.Runs.Count(r => r.Run == run) >= 20
                && await ScalarAsync("SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'cluster-test'") == 0
                && await ScalarAsync("SELECT count(*) FROM qrtz_fired_triggers WHERE trigger_group = 'cluster-test'") == 0,
            "all twenty fires", 30);

        var runs = ProbeJob.Runs.Where(r => r.Run == run).ToList();
        Assert.Equal(20, runs.Count);
        Assert.Equal(20, runs.Select(r => r.Trigger).Distinct().Count());
        Assert.All(runs, r => Assert.Contains(r.Node, new[] { "node-a", "node-b" }));
    }

    [Fact]
    public async Task WhenANodeDiesMidJob_TheOtherNode_RerunsThatJob_AndFiresTheTriggersThatFollow()
    {
        var run = Guid.NewGuid().ToString("N");
        ProbeJob.HoldOnNodeA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var real = new NpgsqlConnectionStringBuilder(Factory.ConnectionString);
        await using var proxy = new TcpProxy("127.0.0.1", real.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(Factory.ConnectionString) { Port = proxy.Port, Timeout = 2, CommandTimeout = 5 }.ConnectionString;
        await using var nodeA = new ClusterNode(viaProxy, "node-a");
        var cut = false;
        try
        {
            var schedulerA = await StartedSchedulerAsync(nodeA);

            // Node A alone takes a job that asks to be recovered and is held in the middle of it.
            var job = JobBuilder.Create<ProbeJob>().WithIdentity($"probe-{run}", "cluster-test")
                .UsingJobData("run", run).UsingJobData("hold", "yes").RequestRecovery().StoreDurably().Build();
            await schedulerA.ScheduleJob(job, TriggerBuilder.Create().WithIdentity($"first-{run}", "cluster-test").StartNow().Build());
            await WaitUntilAsync(() => Task.FromResult(ProbeJob.Runs.Any(r => r.Run == run && r.Node == "node-a")), "node A starting the job", 20);

            await using var nodeB = new ClusterNode(Factory.ConnectionString, "node-b");
            var schedulerB = await StartedSchedulerAsync(nodeB);
            await WaitUntilAsync(async () => await ScalarAsync("SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name IN ('node-a', 'node-b')") == 2, "both nodes checked in", 20);

            // Node A dies: its database connections drop and it never checks in again.
            var clock = Stopwatch.StartNew();
            proxy.Cut();
            cut = true;
            await WaitUntilAsync(() => Task.FromResult(ProbeJob.Runs.Any(r => r.Run == run && r.Node == "node-b" && r.Recovering)),
                "node B re-running the job node A died in", 40);
            var takeover = clock.Elapsed;

            await schedulerB.ScheduleJob(TriggerBuilder.Create().WithIdentity($"after-{run}", "cluster-test").ForJob(job.Key).StartNow().Build());
            await WaitUntilAsync(() => Task.FromResult(ProbeJob.Runs.Any(r => r.Run == run && r.Trigger == $"after-{run}")), "the next fire", 20);

            var runs = ProbeJob.Runs.Where(r => r.Run == run).ToList();
            Assert.Single(runs, r => r.Node == "node-a");
            Assert.Single(runs, r => r.Node == "node-b" && r.Recovering);
            Assert.Equal("node-b", runs.Single(r => r.Trigger == $"after-{run}").Node);
            Assert.True(takeover < TimeSpan.FromSeconds(30), $"takeover took {takeover}");
            Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = 'node-a'"));

        }
        finally
        {
            // Let the dead node's held thread end so its host can stop (its database is back, as after a restart).
            ProbeJob.HoldOnNodeA.TrySetResult();
            if (cut)
            {
                proxy.Start();
            }
        }
    }

    private static async Task<IScheduler> StartedSchedulerAsync(MarketApiFactory api)
    {
        _ = api.Server;
        var scheduler = await api.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await WaitUntilAsync(async () => (await scheduler.GetMetadata()).RunningSince is not null, "scheduler start", 20);
        return scheduler;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out after {seconds} s waiting for {what}.");
    }
}
