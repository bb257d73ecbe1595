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

            q.AddJob<Features.TeamRoom.IdleAlertJob>(job => job.WithIdentity(Features.TeamRoom.IdleAlertJob.Key).StoreDurably()
                .WithDescription("Tells coordinators about workers silent and idle past their agent's threshold, once per idle spell"));
            q.AddTrigger(trigger => trigger
                .ForJob(Features.TeamRoom.IdleAlertJob.Key)
                .WithIdentity("idle-alerts-daily", "team-room")
                .WithCronSchedule(configuration["Quartz:IdleAlertCron"] ?? "0 30 23 * * ?", cron => cron.InTimeZone(TimeZoneInfo.Utc))); // 08:30 in Japan

            q.AddJob<Features.TeamRoom.PresenceSweepJob>(job => job.WithIdentity(Features.TeamRoom.PresenceSweepJob.Key).StoreDurably()
                .WithDescription("Deletes presence rows no page refreshed for 10 minutes"));
            q.AddTrigger(trigger => trigger
                .ForJob(Features.TeamRoom.PresenceSweepJob.Key)
                .WithIdentity("presence-sweep-every-10-minutes", "team-room")
                .WithCronSchedule(configuration["Quartz:PresenceSweepCron"] ?? "0 3/10 * * * ?", cron => cron.InTimeZone(TimeZoneInfo.Utc)));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}
