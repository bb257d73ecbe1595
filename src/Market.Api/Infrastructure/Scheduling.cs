using Market.Api.Features.Assignments;
using Market.Api.Features.Maintenance;
using Quartz;

namespace Market.Api.Infrastructure;

public static class Scheduling
{
    /// <summary>
    /// Quartz with the persistent, clustered PostgreSQL job store (tables created by our migrations). Every API
    /// instance runs a scheduler node; the store's row locks make each trigger fire on one node only (ADR 0005).
    /// </summary>
    public static IServiceCollection AddMarketScheduling(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        if (!configuration.GetValue("Quartz:Enabled", true))
        {
            return services;
        }

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "furusato-market";
                scheduler.DefaultTimeZone = TimeZoneInfo.Utc;
                if (configuration["Quartz:InstanceId"] is { Length: > 0 } instanceId)
                {
                    scheduler.InstanceId = instanceId;
                }
                else
                {
                    scheduler.GenerateInstanceId = true;
                }
            });
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.ConfigureStore(options => options.TablePrefix = "qrtz_");
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster =>
                {
                    cluster.Enabled = true;
                    cluster.CheckinInterval = TimeSpan.FromSeconds(10);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(30);
                });
            });

            q.AddJob<HousekeepingJob>(job => job.WithIdentity(HousekeepingJob.Key).StoreDurably().WithDescription("Heartbeat and housekeeping"));
            q.AddTrigger(trigger => trigger
                .ForJob(HousekeepingJob.Key)
                .WithIdentity("housekeeping-every-5-minutes", "maintenance")
                .WithCronSchedule(configuration["Quartz:HousekeepingCron"] ?? "0 0/5 * * * ?", cron => cron.InTimeZone(TimeZoneInfo.Utc)));

            q.AddJob<LeaseReaperJob>(job => job.WithIdentity(LeaseReaperJob.Key).StoreDurably().WithDescription("Returns units with expired leases to the pool"));
            q.AddTrigger(trigger => trigger
                .ForJob(LeaseReaperJob.Key)
                .WithIdentity("lease-reaper-every-minute", "assignments")
                .WithCronSchedule(configuration["Quartz:LeaseReaperCron"] ?? "0 * * * * ?", cron => cron.InTimeZone(TimeZoneInfo.Utc)));

            q.AddJob<Features.Quality.ReviewAutoAcceptJob>(job => job.WithIdentity(Features.Quality.ReviewAutoAcceptJob.Key).StoreDurably().WithDescription("Accepts sampled submissions not reviewed within 72 hours"));
            q.AddTrigger(trigger => trigger
                .ForJob(Features.Quality.ReviewAutoAcceptJob.Key)
                .WithIdentity("review-auto-accept-every-10-minutes", "quality")
                .WithCronSchedule(configuration["Quartz:ReviewAutoAcceptCron"] ?? "0 0/10 * * * ?", cron => cron.InTimeZone(TimeZoneInfo.Utc)));

            q.AddJob<Features.Jobs.Lifecycle.ClientAutoAcceptJob>(job => job.WithIdentity(Features.Jobs.Lifecycle.ClientAutoAcceptJob.Key).StoreDurably()
                .WithDescription("Accepts deliveries the client left unanswered for 14 days"));
            q.AddTrigger(trigger => trigger
                .ForJob(Features.Jobs.Lifecycle.ClientAutoAcceptJob.Key)
                .WithIdentity("client-auto-accept-hourly", "jobs")
                .WithCronSchedule(configuration["Quartz:ClientAutoAcceptCron"] ?? "0 5 * * * ?", cron => cron.InTimeZone(TimeZoneInfo.Utc)));

            // 00:30 in Japan: every cut-off closes at midnight Japan time (UTC+9, no daylight saving).
            q.AddJob<Features.Money.Payouts.PayoutJob>(job => job.WithIdentity(Features.Money.Payouts.PayoutJob.Key).StoreDurably()
                .WithDescription("Builds, posts and issues each agent's payout batches for the cut-offs that closed"));
            q.AddTrigger(trigger => trigger
                .ForJob(Features.Money.Payouts.PayoutJob.Key)
                .WithIdentity("payouts-daily-0030-jst", "money")
                .WithCronSchedule(configuration["Quartz:PayoutCron"] ?? "0 30 15 * * ?", cron => cron.InTimeZone(TimeZoneInfo.Utc)));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}
