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
                    // A node that has not checked in for the threshold (plus Quartz's own 7.5 s) is taken for dead: another
                    // node releases its triggers and re-runs its in-flight jobs that ask for recovery. Tests shorten both.
                    cluster.CheckinInterval = TimeSpan.FromSeconds(configuration.GetValue("Quartz:CheckinIntervalSeconds", 10));
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(configuration.GetValue("Quartz:CheckinMisfireThresholdSeconds", 30));
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
            // Certifications and tiers (ADR 0015, 0016). Daily fires are at fixed UTC times; every job is idempotent (dedupe
            // keys, expiry marks, monthly run markers), so a second fire or a second node changes nothing.
            AddCron<Features.Certifications.CertificationRemindersJob>(Features.Certifications.CertificationRemindersJob.Key,
                "certification-reminders-daily", "CertificationRemindersCron", "0 0 0 * * ?", "Renewal reminders 30/7/1 days before expiry and at grace (09:00 JST)");
            AddCron<Features.Certifications.CertificationExpiryJob>(Features.Certifications.CertificationExpiryJob.Key,
                "certification-expiry-daily", "CertificationExpiryCron", "0 5 15 * * ?", "Records certifications whose grace ended as expired (00:05 JST)");
            AddCron<Features.Certifications.CertificationLapseReportJob>(Features.Certifications.CertificationLapseReportJob.Key,
                "certification-lapse-report-weekly", "CertificationLapseReportCron", "0 0 0 ? * MON", "Tells coordinators who in their team is lapsing (Mondays 09:00 JST)");
            AddCron<Features.Certifications.ExamTimeoutJob>(Features.Certifications.ExamTimeoutJob.Key,
                "exam-timeouts-every-5-minutes", "ExamTimeoutCron", "0 0/5 * * * ?", "Scores exam attempts left open past their deadline");
            AddCron<Features.Tiers.TierRecomputeJob>(Features.Tiers.TierRecomputeJob.Key,
                "tier-recompute-daily", "TierRecomputeCron", "0 30 15 * * ?", "Monthly tier recomputation; the first fire of each Japan-time month does the work (00:30 JST)");

            void AddCron<TJob>(JobKey key, string triggerName, string cronSetting, string defaultCron, string description)
                where TJob : IJob
            {
                q.AddJob<TJob>(job => job.WithIdentity(key).StoreDurably().WithDescription(description));
                q.AddTrigger(trigger => trigger
                    .ForJob(key)
                    .WithIdentity(triggerName, key.Group)
                    .WithCronSchedule(configuration[$"Quartz:{cronSetting}"] ?? defaultCron, cron => cron.InTimeZone(TimeZoneInfo.Utc)));
            }
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
