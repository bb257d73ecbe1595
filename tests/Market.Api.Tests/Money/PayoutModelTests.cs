using System.Net;
using System.Net.Http.Json;
using Market.Api.Features.Money.Data;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Market.Api.Tests.Money;

/// <summary>
/// Model-based: random earnings, clock jumps, payout runs (sometimes twice), failed transfers, tier changes (a
/// downgrade moves the worker's schedule) and schedule requests against the real API and database, checked after every run against a model that applies the payout rules by itself — which cut-offs are
/// handled, who is paid how much at each, what everyone is owed — and against the domain ledger replaying every
/// stored transaction.
/// </summary>
public sealed class PayoutModelTests(ApiFixture fixture, ITestOutputHelper output) : ApiTest(fixture)
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    private sealed class ModelWorker(Guid id, string email, WorkerTier tier, PayoutSchedule schedule, bool hasAccount)
    {
        public Guid Id { get; } = id;

        public string Email { get; } = email;

        public bool HasAccount { get; } = hasAccount;

        public WorkerTier Tier { get; set; } = tier;

        public PayoutSchedule Schedule { get; set; } = schedule;

        /// <summary>The model's own reading of the rule: Trial and B monthly, A also twice a month, S also daily.</summary>
        public static PayoutSchedule[] Allowed(WorkerTier tier) => tier switch
        {
            WorkerTier.S => [PayoutSchedule.Monthly, PayoutSchedule.SemiMonthly, PayoutSchedule.Daily],
            WorkerTier.A => [PayoutSchedule.Monthly, PayoutSchedule.SemiMonthly],
            _ => [PayoutSchedule.Monthly],
        };
    }

    private sealed class Model(PayoutCalendar calendar)
    {
        public List<(Guid Worker, long Amount, DateTimeOffset At)> Earnings { get; } = [];

        public Dictionary<Guid, long> Paid { get; } = [];

        public Dictionary<Guid, long> Failed { get; } = [];

        public Dictionary<(PayoutSchedule Schedule, DateOnly Date), Dictionary<Guid, long>> Batches { get; } = [];

        private DateOnly? _lastDone;

        public long Owed(Guid worker) =>
            Earnings.Where(e => e.Worker == worker).Sum(e => e.Amount) - Paid.GetValueOrDefault(worker) + Failed.GetValueOrDefault(worker);

        /// <summary>The run at <paramref name="now"/>: the cut-offs closed since the last handled one (at most 10 days back).</summary>
        public void Run(DateTimeOffset now, IReadOnlyList<ModelWorker> workers, bool anyoneEverOwed)
        {
            if (!anyoneEverOwed)
            {
                return;
            }

            var today = DateOnly.FromDateTime(now.ToOffset(Japan).DateTime);
            var earliest = today.AddDays(-10);
            var from = _lastDone is { } last && last >= earliest ? last : earliest;
            var cutoffs = Enum.GetValues<PayoutSchedule>()
                .SelectMany(s => calendar.CutoffsBetween(s, from, today.AddDays(-1)))
                .OrderBy(c => c.Date).ThenBy(c => c.Schedule);
            foreach (var cutoff in cutoffs.Where(c => !Batches.ContainsKey((c.Schedule, c.Date))))
            {
                var paid = new Dictionary<Guid, long>();
                foreach (var worker in workers.Where(w => w.Schedule == cutoff.Schedule))
                {
                    var due = Earnings.Where(e => e.Worker == worker.Id && e.At < cutoff.ClosesAt).Sum(e => e.Amount)
                        - Paid.GetValueOrDefault(worker.Id) + Failed.GetValueOrDefault(worker.Id);
                    if (due > 0 && worker.HasAccount && (due >= 1_000 || calendar.IsMonthEnd(cutoff)))
                    {
                        paid[worker.Id] = due;
                        Paid[worker.Id] = Paid.GetValueOrDefault(worker.Id) + due;
                    }
                }

                Batches[(cutoff.Schedule, cutoff.Date)] = paid;
                _lastDone = cutoff.Date;
            }
        }
    }

    [Theory]
    [InlineData(20261121)]
    [InlineData(7)]
    public async Task RandomEarningsRunsAndFailures_AlwaysMatchTheModel(int seed)
    {
        var random = new Random(seed);
        Factory.Clock.Set(new DateTimeOffset(2026, 11, 2, 9, 0, 0, Japan).ToUniversalTime());
        var world = await PayoutWorld.CreateAsync(Factory);
        await TestData.UserAsync(Factory, "owner@model.jp", Roles.AgentOwner, world.Agent.Id);
        ModelWorker[] workers =
        [
            new(await world.WorkerAsync("monthly@model.jp"), "monthly@model.jp", WorkerTier.Trial, PayoutSchedule.Monthly, true),
            new(await world.WorkerAsync("semi@model.jp", WorkerTier.A, accountNumber: "0000222", schedule: PayoutSchedule.SemiMonthly), "semi@model.jp", WorkerTier.A, PayoutSchedule.SemiMonthly, true),
            new(await world.WorkerAsync("daily@model.jp", WorkerTier.S, accountNumber: "0000333", schedule: PayoutSchedule.Daily), "daily@model.jp", WorkerTier.S, PayoutSchedule.Daily, true),
            new(await world.WorkerAsync("noaccount@model.jp", accountNumber: null), "noaccount@model.jp", WorkerTier.Trial, PayoutSchedule.Monthly, false),
        ];
        using var setup = NewScope();
        var model = new Model(setup.ServiceProvider.GetRequiredService<PayoutCalendar>());

        for (var step = 0; step < 40; step++)
        {
            var now = Factory.Clock.GetUtcNow();
            switch (random.Next(12))
            {
                case < 5:
                    var worker = workers[random.Next(workers.Length)];
                    var amount = random.Next(100, 2_500);
                    await world.EarnAsync(worker.Id, amount, now);
                    model.Earnings.Add((worker.Id, amount, now));
                    output.WriteLine($"{now:u} earn {amount} → {worker.Schedule}{(worker.HasAccount ? string.Empty : " (no account)")}");
                    Factory.Clock.Advance(TimeSpan.FromHours(random.Next(1, 30)));
                    break;
                case < 8:
                    Factory.Clock.Advance(TimeSpan.FromHours(random.Next(12, 96)));
                    now = Factory.Clock.GetUtcNow();
                    var runs = random.Next(1, 3);
                    for (var i = 0; i < runs; i++)
                    {
                        _ = random.Next(3); // the posting chunk size runs once took (ADR 0048 removed it): keeps each seed's walk
                        await PayoutWorld.RunAsync(Factory);
                    }

                    model.Run(now, workers, model.Earnings.Count > 0);
                    output.WriteLine($"{now:u} run ×{runs}");
                    await AssertMatchesAsync(world, workers, model);
                    break;
                case < 10:
                    await FailATransferAsync(world, model, random, now);
                    break;
                default:
                    await ChangeTierAsync(workers, random, now);
                    break;
            }
        }

        // Finally past the next month end, where every schedule closes and nothing is carried for being small.
        var last = Factory.Clock.GetUtcNow().ToOffset(Japan).AddDays(3);
        Factory.Clock.Set(new DateTimeOffset(last.Year, last.Month, 1, 0, 30, 0, Japan).AddMonths(1).ToUniversalTime());
        await PayoutWorld.RunAsync(Factory);
        model.Run(Factory.Clock.GetUtcNow(), workers, model.Earnings.Count > 0);
        await AssertMatchesAsync(world, workers, model);
        Assert.True(model.Batches.Values.Count(b => b.Count > 0) >= 3, "the random walk should have paid several batches");
    }

    /// <summary>
    /// A worker's tier changes (the tier job, as a domain event): a downgrade moves them to the most frequent schedule
    /// the new tier allows, an upgrade keeps theirs. Then they ask for a random schedule: stored if allowed, else 409.
    /// </summary>
    private async Task ChangeTierAsync(IReadOnlyList<ModelWorker> workers, Random random, DateTimeOffset now)
    {
        var worker = workers[random.Next(workers.Count)];
        var tier = (WorkerTier)random.Next(4);
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var profile = await db.WorkerProfiles.IgnoreQueryFilters().SingleAsync(p => p.UserId == worker.Id);
            profile.ChangeTier(tier, now);
            await db.SaveChangesAsync();
        }

        var from = worker.Schedule;
        worker.Tier = tier;
        if (!ModelWorker.Allowed(tier).Contains(worker.Schedule))
        {
            worker.Schedule = ModelWorker.Allowed(tier)[^1];
        }

        var client = await Factory.ClientForAsync(worker.Email, TestData.Password);
        var shown = await (await client.GetAsync("/api/v1/me/payout-schedule")).JsonAsync();
        Assert.Equal(worker.Schedule.ToString(), shown.GetProperty("schedule").GetString());
        var requested = (PayoutSchedule)random.Next(3);
        var response = await client.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = requested.ToString() });
        if (ModelWorker.Allowed(tier).Contains(requested))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            worker.Schedule = requested;
        }
        else
        {
            await response.AssertProblemAsync(HttpStatusCode.Conflict, "payout_schedule_not_allowed");
        }

        output.WriteLine($"{now:u} tier {worker.Email} → {tier}: {from} → {worker.Schedule} (asked {requested})");
    }

    private async Task FailATransferAsync(PayoutWorld world, Model model, Random random, DateTimeOffset now)
    {
        using var scope = NewScope();
        var candidates = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().Payouts.IgnoreQueryFilters().AsNoTracking()
            .Join(scope.ServiceProvider.GetRequiredService<MarketDbContext>().PayoutBatches.IgnoreQueryFilters(), p => p.BatchId, b => b.Id, (p, b) => new { p, b })
            .Where(x => x.p.Status != PayoutStatus.Failed && (x.b.Status == PayoutBatchStatus.FileIssued || x.b.Status == PayoutBatchStatus.Confirmed))
            .OrderBy(x => x.b.CutoffDate).ThenBy(x => x.p.WorkerId)
            .ToListAsync();
        if (candidates.Count == 0)
        {
            return;
        }

        var chosen = candidates[random.Next(candidates.Count)];
        var owner = await Factory.ClientForAsync("owner@model.jp", TestData.Password); // tokens expire as the clock moves
        var response = await owner.PostAsJsonAsync(
            $"/api/v1/agents/{world.Agent.Id}/payout-batches/{chosen.b.Id}/confirm",
            new { failures = new[] { new { workerId = chosen.p.WorkerId, reason = "口座なし" } } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        model.Failed[chosen.p.WorkerId] = model.Failed.GetValueOrDefault(chosen.p.WorkerId) + chosen.p.Amount;
        output.WriteLine($"{now:u} fail {chosen.p.Amount} of {chosen.b.Schedule} {chosen.b.CutoffDate}");
    }

    private async Task AssertMatchesAsync(PayoutWorld world, IReadOnlyList<ModelWorker> workers, Model model)
    {
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var batches = await db.PayoutBatches.IgnoreQueryFilters().AsNoTracking().Include(b => b.Payouts).ToListAsync();
        Assert.Equal(
            model.Batches.Keys.OrderBy(k => k.Date).ThenBy(k => k.Schedule),
            batches.Select(b => (b.Schedule, b.CutoffDate)).OrderBy(k => k.CutoffDate).ThenBy(k => k.Schedule));
        foreach (var batch in batches)
        {
            Assert.Equal(
                model.Batches[(batch.Schedule, batch.CutoffDate)].OrderBy(p => p.Key).Select(p => (p.Key, p.Value)),
                batch.Payouts.OrderBy(p => p.WorkerId).Select(p => (p.WorkerId, p.Amount)));
            Assert.True(batch.Status is PayoutBatchStatus.FileIssued or PayoutBatchStatus.Confirmed or PayoutBatchStatus.NothingDue, $"{batch.Schedule} {batch.CutoffDate} is {batch.Status}");
        }

        foreach (var worker in workers)
        {
            Assert.Equal(new Yen(model.Owed(worker.Id)), await world.OwedAsync(worker.Id));
        }

        // The domain ledger accepts the whole stored history: balanced, each key once, each mirror once, nobody owed < 0.
        var history = await db.LedgerTransactions.IgnoreQueryFilters().AsNoTracking().Include(t => t.Entries)
            .OrderBy(t => t.RecordedAt).ThenBy(t => t.ReversesTransactionId != null).ToListAsync(); // a mirror is recorded with or after its original
        var ledger = new Ledger(history.Select(t => t.ToDomain()));
        Assert.Equal(
            -(model.Paid.Values.Sum() - model.Failed.Values.Sum()),
            ledger.BalanceOf(LedgerAccount.AgentBank(world.Agent.Id)).Amount);
    }
}
