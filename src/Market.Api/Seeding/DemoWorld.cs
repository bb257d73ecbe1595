using System.Diagnostics;
using Market.Api.Features.Assignments;
using Market.Api.Features.Jobs.Lifecycle;
using Market.Api.Features.Certifications;
using Market.Api.Features.Money.Payouts;
using Market.Api.Features.TeamRoom;
using Market.Api.Features.Quality;
using Market.Api.Persistence;
using Market.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Seeding;

/// <summary>
/// The regional demo of <c>./market seed</c> (ADR 0037): the organisations and people of seed-data/, and three months
/// of their work, built through the application's own requests at the instants the story gives, so the result obeys
/// every rule the application enforces. Loaded once: the audit log records that the demo world was loaded, and a
/// second load only makes sure the demo logins exist (<see cref="DemoAccounts"/>), changing nothing.
/// </summary>
public sealed class DemoWorld(IServiceProvider services, TimeProvider clock, IConfiguration configuration, IHostEnvironment environment, ILogger<DemoWorld> logger)
{
    public const string LoadingAction = "demo.world.loading";
    public const string LoadedAction = "demo.world.loaded";

    /// <summary>How far back the scheduled jobs are replayed (the story's oldest work is three months old).</summary>
    public const int SweepDays = 95;

    /// <summary>Agents confirm a payout batch this many days after its payment date, once the bank statement shows it.</summary>
    public const int ConfirmAfterDays = 2;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var pinnable = clock as PinnableClock
            ?? throw new InvalidOperationException("The demo world is built on a PinnableClock; the seed command registers one (ADR 0037).");
        var anchor = pinnable.RealNow;
        var stopwatch = Stopwatch.StartNew();
        var state = await StateAsync(cancellationToken);
        if (state is not null)
        {
            if (state == LoadingAction)
            {
                logger.LogWarning("An earlier load of the demo world did not finish; its data is incomplete. Run ./market db reset to load it afresh.");
            }

            await DemoLoginsAsync(cancellationToken);
            logger.LogInformation("Demo world already loaded; nothing changed.");
            return;
        }

        var files = SeedFiles.Locate(configuration["Market:SeedDataPath"], environment.ContentRootPath);
        var world = files.World();
        var workers = files.Workers();
        var jobs = files.Jobs();
        var times = new SeedTimes(anchor);
        var session = new SeedSession(services, pinnable);
        try
        {
            await MarkAsync(LoadingAction, anchor, new { files = files.Root, jobs = jobs.Count }, cancellationToken);
            var recordings = await new SpeechRecorder(logger).RecordAllAsync(files.Speech(), cancellationToken);
            logger.LogInformation("Demo recordings ready ({Count}) after {Elapsed} ms.", recordings.Count, stopwatch.ElapsedMilliseconds);

            await new WorldBuilder(session, times, files, world, workers, logger).BuildAsync(cancellationToken);
            logger.LogInformation("Demo organisations and people ready after {Elapsed} ms.", stopwatch.ElapsedMilliseconds);

            var timeline = new Timeline(logger);
            var context = new StoryContext(session, times, files, world, recordings, timeline, logger);
            foreach (var job in jobs)
            {
                new JobStory(job, context).Schedule();
            }

            ScheduleTeamRoom(files.TeamRoom(), context);
            ScheduleSweeps(session, times, timeline, context);
            await timeline.RunAsync(anchor, cancellationToken);
            logger.LogInformation("Demo story played: {Events} events of {Jobs} jobs after {Elapsed} ms.", timeline.Count, jobs.Count, stopwatch.ElapsedMilliseconds);
            logger.LogInformation("Demo story costs: {Costs}", string.Join("; ", timeline.Costs.Take(8)));

            pinnable.Pin(anchor);
            await DemoLoginsAsync(cancellationToken);
            await MarkAsync(LoadedAction, anchor, new { events = timeline.Count, elapsedMs = stopwatch.ElapsedMilliseconds }, cancellationToken);
        }
        finally
        {
            pinnable.Release();
        }

        logger.LogInformation("Demo world loaded in {Elapsed} ms.", stopwatch.ElapsedMilliseconds);
    }

    /// <summary>
    /// What the scheduler would have done every day, at the Japan times of its cron triggers: 00:05 record lapsed
    /// certifications; 00:30 build, post and issue the payout batches of the cut-offs that closed; 03:00 (the frequent
    /// jobs, once a day here) return lapsed leases and accept sampled work left unreviewed for 72 hours and deliveries
    /// the client left for 14 days; 08:30 raise idle alerts; 09:00 renewal reminders and, on Mondays, the coordinators'
    /// lapse reports. Owners confirm a payout batch a couple of days after its payment date (the bank statement shows
    /// the transfers), so older batches are paid and the latest ones still wait. The monthly tier recomputation is not
    /// replayed: the workers' tiers are the data's (ADR 0037).
    /// </summary>
    private static void ScheduleSweeps(SeedSession session, SeedTimes times, Timeline timeline, StoryContext context)
    {
        void Daily(int day, int hour, int minute, string what, Func<DateTimeOffset, CancellationToken, Task> run)
        {
            var at = times.At(day, hour, minute);
            if (at < times.Anchor)
            {
                timeline.Add(at, $"{what} of day {day}", run);
            }
        }

        for (var day = -SweepDays; day <= 0; day++)
        {
            Daily(day, 0, 5, "certification expiry", (now, ct) => session.SendAsync(null, now, new ProcessCertificationExpiry(), ct));
            Daily(day, 0, 30, "payout run", async (now, ct) =>
            {
                await session.SendAsync(null, now, new RunPayouts(), ct);
                var today = DateOnly.FromDateTime(now.ToOffset(SeedTimes.JapanOffset).DateTime);
                var due = await session.WithDbAsync(now, (_, db) => db.PayoutBatches.AsNoTracking()
                    .Where(b => b.Status == PayoutBatchStatus.FileIssued && b.PaymentDate.AddDays(ConfirmAfterDays) < today)
                    .Select(b => new { b.Id, b.AgentId })
                    .ToListAsync(ct));
                var confirmAt = now.AddHours(9);
                foreach (var batch in due.Where(_ => confirmAt < times.Anchor))
                {
                    var owner = context.OwnerOf(context.AgentById(batch.AgentId));
                    timeline.Add(confirmAt, $"payout batch {batch.Id} confirmed", (at, c) =>
                        session.SendAsync(owner, at, new ConfirmPayoutBatch(batch.AgentId, batch.Id, []), c));
                }
            });
            Daily(day, 3, 0, "scheduled jobs", async (now, ct) =>
            {
                await session.SendAsync(null, now, new ReapExpiredLeases(), ct);
                await session.SendAsync(null, now, new AutoAcceptOverdueReviews(), ct);
                await session.SendAsync(null, now, new AutoAcceptDeliveredJobs(), ct);
            });
            Daily(day, 8, 30, "idle alerts", (now, ct) => session.SendAsync(null, now, new RaiseIdleAlerts(), ct));
            Daily(day, 9, 0, "certification reminders", async (now, ct) =>
            {
                await session.SendAsync(null, now, new SendCertificationReminders(), ct);
                if (now.ToOffset(SeedTimes.JapanOffset).DayOfWeek == DayOfWeek.Monday)
                {
                    await session.SendAsync(null, now, new SendLapseReports(), ct);
                }
            });
        }
    }

    /// <summary>Announcements and conversation in the team rooms, each posted by its author at its time.</summary>
    private static void ScheduleTeamRoom(TeamRoomFile teamRoom, StoryContext context)
    {
        foreach (var message in teamRoom.Messages)
        {
            var agent = context.World.Agents.SingleOrDefault(a => a.Teams.Any(t => t.Key == message.Team))
                ?? throw new InvalidOperationException($"team-room.json: no team '{message.Team}' in world.json.");
            var team = agent.Teams.Single(t => t.Key == message.Team);
            context.Timeline.Add(context.Times.Past(message.At), $"team room {team.Key} message", async (at, ct) =>
            {
                var mentioned = (message.Mentions ?? []).Select(m => SeedSession.Email(m).ToUpperInvariant()).ToList();
                var mentionIds = await context.Session.WithDbAsync(at, (_, db) =>
                    db.Users.Where(u => mentioned.Contains(u.NormalizedEmail!)).Select(u => u.Id).ToListAsync(ct));
                await context.Session.SendAsync(message.By, at, new PostMessage(agent.Id, new Market.Domain.Workers.TeamId(team.Id), message.Body, message.Kind, mentionIds), ct);
            });
        }
    }

    private async Task DemoLoginsAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoAccounts>().SeedAsync(cancellationToken);
    }

    private async Task<string?> StateAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var actions = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().AuditLog.AsNoTracking()
            .Where(e => e.SubjectType == "demo" && (e.Action == LoadedAction || e.Action == LoadingAction))
            .Select(e => e.Action)
            .ToListAsync(cancellationToken);
        return actions.Contains(LoadedAction) ? LoadedAction : actions.Contains(LoadingAction) ? LoadingAction : null;
    }

    private async Task MarkAsync(string action, DateTimeOffset at, object detail, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        db.AuditLog.Add(new AuditEntry
        {
            OccurredAt = at,
            Action = action,
            SubjectType = "demo",
            SubjectId = "world",
            Detail = System.Text.Json.JsonSerializer.Serialize(detail),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
