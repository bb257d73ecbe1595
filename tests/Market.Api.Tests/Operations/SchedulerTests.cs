using Market.Api.Features.Maintenance;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace Market.Api.Tests.Operations;

public sealed class SchedulerTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task HousekeepingJob_IsStoredInThePersistentClusteredStore_AndFiresFromIt()
    {
        await using var api = new MarketApiFactory(Factory.ConnectionString, new Dictionary<string, string?>
        {
            ["Quartz:Enabled"] = "true",
            ["Quartz:InstanceId"] = "test-node-1",
            ["Quartz:HousekeepingCron"] = "0 0 0 1 1 ? 2099", // never on its own during the test
        });
        _ = api.Server;
        var scheduler = await api.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await WaitUntilAsync(async () => (await scheduler.GetMetadata()).RunningSince is not null, "scheduler start");

        var metadata = await scheduler.GetMetadata();
        Assert.True(metadata.JobStorePersistent, "the job store must be persistent");
        Assert.True(metadata.JobStoreClustered, "the job store must be clustered");
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM qrtz_job_details WHERE job_name = 'housekeeping'"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM qrtz_cron_triggers WHERE trigger_name = 'lease-reaper-every-minute'"));
        await WaitUntilAsync(
            async () => await ScalarAsync("SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = 'test-node-1'") == 1,
            "the node's cluster check-in");

        await scheduler.TriggerJob(HousekeepingJob.Key);

        await WaitUntilAsync(async () =>
        {
            using var scope = api.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            return await db.MaintenanceRuns.AnyAsync(r => r.JobName == "housekeeping" && r.InstanceId == "test-node-1");
        }, "housekeeping heartbeat row");
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
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
