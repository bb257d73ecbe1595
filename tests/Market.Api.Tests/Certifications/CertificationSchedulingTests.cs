using Market.Api.Features.Certifications;
using Market.Api.Features.Tiers;
using Market.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace Market.Api.Tests.Certifications;

public sealed class CertificationSchedulingTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task CertificationAndTierJobs_AreStoredInTheClusteredStore_WithUtcCronTriggers()
    {
        await using var api = new MarketApiFactory(Factory.ConnectionString, new Dictionary<string, string?>
        {
            ["Quartz:Enabled"] = "true",
            ["Quartz:InstanceId"] = "certs-node-1",
        });
        _ = api.Server;
        var scheduler = await api.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await scheduler.GetMetadata()).RunningSince is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True((await scheduler.GetMetadata()).JobStoreClustered);
        foreach (var key in new[] { CertificationRemindersJob.Key, CertificationExpiryJob.Key, CertificationLapseReportJob.Key, ExamTimeoutJob.Key, TierRecomputeJob.Key })
        {
            var trigger = Assert.IsAssignableFrom<ICronTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(key)));
            Assert.Equal(TimeZoneInfo.Utc, trigger.TimeZone);
            Assert.True(await scheduler.GetJobDetail(key) is { Durable: true, ConcurrentExecutionDisallowed: true }, $"{key} must be durable and never run twice at once");
        }

        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT cron_expression FROM qrtz_cron_triggers WHERE trigger_name = 'certification-reminders-daily'", connection);
        Assert.Equal("0 0 0 * * ?", await command.ExecuteScalarAsync());
    }
}
