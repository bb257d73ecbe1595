using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Features.Money.Ledger;
using Market.Api.Features.Money.Payouts;
using Market.Api.Features.Tiers;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Quality;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Market.Api.Tests.Certifications.CertificationTestKit;

namespace Market.Api.Tests.Certifications;

/// <summary>The monthly tier recomputation on a synthetic 90-day history, its record, its effects, and per-agent thresholds.</summary>
public sealed class TierTests(ApiFixture fixture) : ApiTest(fixture)
{
    private WorkWorld _world = null!;
    private TierPeriod _period = null!;
    private Guid _template;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory, records: 8, batchSize: 2, workers: 4);
        // One real review task (w1 claims and submits) gives the synthetic history its unit, assignment and submission.
        var w1 = await _world.WorkerClientAsync(1);
        var claim = await (await w1.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString();
        var content = await (await w1.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        await (await w1.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId = claim.GetProperty("assignmentId").GetString(), content = rows })).JsonAsync();
        using var scope = NewScope();
        _template = (await scope.ServiceProvider.GetRequiredService<MarketDbContext>().ReviewTasks.IgnoreQueryFilters().SingleAsync()).Id.Value;
        _period = TierPeriod.Of(Factory.Clock.GetUtcNow().AddMonths(1).AddDays(2));
    }

    /// <summary>Adds <paramref name="count"/> decided review outcomes for a worker, ten days before the period's as-of instant.</summary>
    private async Task HistoryAsync(Guid workerId, int count, ReviewStatus status, AcceptanceKind? acceptedBy, int? accuracy = null, int? format = null, int reworkRounds = 0)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        var grades = accuracy is null ? null : JsonSerializer.Serialize(new { accuracy, format });
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO review_tasks (id, unit_id, job_id, kind, assignment_id, agent_id, worker_id, worker_tier, submission_id, latest_submission_id,
                                      sampled, sampling_share, sampling_draw, status, accepted_by, grades, rework_rounds, opened_at, awaiting_review_since,
                                      decided_at, rejected_at, decisions)
            SELECT gen_random_uuid(), t.unit_id, t.job_id, t.kind, t.assignment_id, t.agent_id, @worker, 0, t.submission_id, t.latest_submission_id,
                   @sampled, 10000, 0, @status, @accepted_by, @grades::jsonb, @rework, @decided, @decided,
                   @decided + n * interval '1 minute', CASE WHEN @status = 3 THEN @decided END, '[]'
            FROM review_tasks t CROSS JOIN generate_series(1, @count) n
            WHERE t.id = @template
            """,
            connection);
        insert.Parameters.AddWithValue("worker", workerId);
        insert.Parameters.AddWithValue("sampled", acceptedBy != AcceptanceKind.NotSampled);
        insert.Parameters.AddWithValue("status", (int)status);
        insert.Parameters.AddWithValue("accepted_by", acceptedBy is { } kind ? (int)kind : DBNull.Value);
        insert.Parameters.AddWithValue("grades", grades is null ? DBNull.Value : grades);
        insert.Parameters.AddWithValue("rework", reworkRounds);
        insert.Parameters.AddWithValue("decided", _period.AsOf.AddDays(-10));
        insert.Parameters.AddWithValue("count", count);
        insert.Parameters.AddWithValue("template", _template);
        await insert.ExecuteNonQueryAsync();
    }

    private async Task RegisteredAsync(Guid workerId, DateTimeOffset at)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE worker_profiles SET registered_at = @at WHERE user_id = @id", connection);
        update.Parameters.AddWithValue("at", at);
        update.Parameters.AddWithValue("id", workerId);
        await update.ExecuteNonQueryAsync();
    }

    private async Task SyntheticHistoryAsync()
    {
        var (s, a, b, trial) = (_world.WorkerIds[0], _world.WorkerIds[1], _world.WorkerIds[2], _world.WorkerIds[3]);
        foreach (var id in new[] { s, a, b })
        {
            await RegisteredAsync(id, _period.AsOf.AddDays(-200));
        }

        await RegisteredAsync(trial, _period.AsOf.AddDays(-12));

        // S: 130 accepted (110 unsampled + 20 reviewed at 5/5), none rejected or reworked.
        await HistoryAsync(s, 110, ReviewStatus.AutoAccepted, AcceptanceKind.NotSampled);
        await HistoryAsync(s, 20, ReviewStatus.Accepted, AcceptanceKind.Reviewed, 5, 5);
        // A: 50 accepted, 20 of 21 judged (95.2 %), grades 4/4.
        await HistoryAsync(a, 30, ReviewStatus.AutoAccepted, AcceptanceKind.NotSampled);
        await HistoryAsync(a, 20, ReviewStatus.Accepted, AcceptanceKind.Reviewed, 4, 4);
        await HistoryAsync(a, 1, ReviewStatus.Rejected, null);
        // B: 60 accepted but 20 of 25 judged (80 %).
        await HistoryAsync(b, 40, ReviewStatus.AutoAccepted, AcceptanceKind.NotSampled);
        await HistoryAsync(b, 20, ReviewStatus.Accepted, AcceptanceKind.Reviewed, 4, 4);
        await HistoryAsync(b, 5, ReviewStatus.Rejected, null);
        // Trial: an S-grade record, but registered twelve days before the month began.
        await HistoryAsync(trial, 110, ReviewStatus.AutoAccepted, AcceptanceKind.NotSampled);
        await HistoryAsync(trial, 20, ReviewStatus.Accepted, AcceptanceKind.Reviewed, 5, 5);
    }

    private async Task<int> RecomputeAllAsync()
    {
        var rounds = 0;
        while (await SendAsync(Factory, new RecomputeTiers()) > 0)
        {
            rounds++;
        }

        return rounds;
    }

    private async Task<Dictionary<Guid, WorkerTier>> TiersAsync()
    {
        using var scope = NewScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().WorkerProfiles.IgnoreQueryFilters()
            .ToDictionaryAsync(p => p.UserId, p => p.Tier);
    }

    private async Task<int> ChangesAsync()
    {
        using var scope = NewScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().WorkerTierChanges.IgnoreQueryFilters().CountAsync();
    }

    [Fact]
    public async Task Recompute_OnASyntheticHistory_GivesTheExpectedTiers_OncePerMonth()
    {
        await SyntheticHistoryAsync();
        Factory.Clock.Set(_period.AsOf.AddHours(1));

        Assert.Equal(1, await RecomputeAllAsync()); // one agent
        var tiers = await TiersAsync();
        Assert.Equal(
            [WorkerTier.S, WorkerTier.A, WorkerTier.B, WorkerTier.Trial],
            _world.WorkerIds.Select(id => tiers[id]));
        Assert.Equal(3, await ChangesAsync()); // the trial worker did not change

        Factory.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await RecomputeAllAsync()); // the month is done
        Assert.Equal(3, await ChangesAsync());
        Assert.Single(await NotificationsAsync(Factory, _world.WorkerIds[0], "worker.tier_changed"));
    }

    [Fact]
    public async Task MyTier_ShowsTheChangeWithItsInputs_AndTheAgentSeesEveryonesTier()
    {
        await SyntheticHistoryAsync();
        Factory.Clock.Set(_period.AsOf.AddHours(1));
        await RecomputeAllAsync();

        var w1 = await _world.WorkerClientAsync(1);
        var mine = await (await w1.GetAsync("/api/v1/me/tier")).JsonAsync();
        Assert.Equal("S", mine.GetProperty("tier").GetString());
        Assert.Equal(Factory.Clock.GetUtcNow(), mine.GetProperty("tierSince").GetDateTimeOffset());
        var change = Assert.Single(mine.GetProperty("changes").EnumerateArray());
        Assert.Equal((_period.Key, "Trial", "S"), (change.GetProperty("period").GetString(), change.GetProperty("from").GetString(), change.GetProperty("to").GetString()));
        var inputs = change.GetProperty("record").GetProperty("inputs");
        Assert.Equal(130, inputs.GetProperty("acceptedUnits").GetInt32());
        Assert.Equal(10_000, inputs.GetProperty("acceptanceRateBasisPoints").GetInt32());
        Assert.Equal(500, inputs.GetProperty("meanGradeHundredths").GetInt32());
        Assert.Equal(_period.AsOf, inputs.GetProperty("windowEnd").GetDateTimeOffset());
        Assert.Equal(120, change.GetProperty("record").GetProperty("s").GetProperty("minAcceptedUnits").GetInt32());
        Assert.Equal("S", mine.GetProperty("previewTier").GetString());

        var coordinator = await Factory.ClientForAsync("coord@hub.jp", TestData.Password);
        var agent = await (await coordinator.GetAsync($"/api/v1/agents/{_world.Agent.Id}/tiers")).JsonAsync();
        var counts = agent.GetProperty("countByTier");
        Assert.Equal((1, 1, 1, 1), (counts.GetProperty("S").GetInt32(), counts.GetProperty("A").GetInt32(), counts.GetProperty("B").GetInt32(), counts.GetProperty("Trial").GetInt32()));
    }

    [Fact]
    public async Task AfterTheChange_QcSamplingReadsTheNewTier_AtTheNextSubmit()
    {
        await SyntheticHistoryAsync();
        Factory.Clock.Set(_period.AsOf.AddHours(1));
        await RecomputeAllAsync();

        var w1 = await _world.WorkerClientAsync(1);
        var claim = await (await w1.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString();
        var content = await (await w1.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        await (await w1.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId = claim.GetProperty("assignmentId").GetString(), content = rows })).JsonAsync();

        using var scope = NewScope();
        var task = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().ReviewTasks.IgnoreQueryFilters()
            .SingleAsync(t => t.UnitId == new Market.Domain.Units.WorkUnitId(Guid.Parse(unitId!)));
        Assert.Equal(WorkerTier.S, task.WorkerTier);
        Assert.Equal(SamplingPolicy.DefaultSShare, task.SamplingShare);
    }

    private static async Task<List<string?>> AllowedAsync(HttpClient worker) =>
        (await (await worker.GetAsync("/api/v1/me/payout-schedule")).JsonAsync()).GetProperty("allowed").EnumerateArray().Select(a => a.GetString()).ToList();

    [Fact]
    public async Task Recompute_ChangesThePayoutScheduleOptions_AndADowngradeMovesTheWorkerToAnAllowedSchedule()
    {
        await SyntheticHistoryAsync();
        var (s, a, b, trial) = (await _world.WorkerClientAsync(1), await _world.WorkerClientAsync(2), await _world.WorkerClientAsync(3), await _world.WorkerClientAsync(4));
        Assert.Equal(["Monthly"], await AllowedAsync(s)); // everyone starts in Trial
        await (await s.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = "Daily" })).AssertProblemAsync(HttpStatusCode.Conflict, "payout_schedule_not_allowed");

        Factory.Clock.Set(_period.AsOf.AddHours(1));
        await RecomputeAllAsync();
        (s, a, b, trial) = (await _world.WorkerClientAsync(1), await _world.WorkerClientAsync(2), await _world.WorkerClientAsync(3), await _world.WorkerClientAsync(4));
        Assert.Equal(["Monthly", "SemiMonthly", "Daily"], await AllowedAsync(s));
        Assert.Equal(["Monthly", "SemiMonthly"], await AllowedAsync(a));
        Assert.Equal(["Monthly"], await AllowedAsync(b));
        Assert.Equal(["Monthly"], await AllowedAsync(trial));
        Assert.Equal("Daily", (await (await s.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = "Daily" })).JsonAsync()).GetProperty("schedule").GetString());
        Assert.Equal("SemiMonthly", (await (await a.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = "SemiMonthly" })).JsonAsync()).GetProperty("schedule").GetString());
        await (await a.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = "Daily" })).AssertProblemAsync(HttpStatusCode.Conflict, "payout_schedule_not_allowed");
        await (await b.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = "SemiMonthly" })).AssertProblemAsync(HttpStatusCode.Conflict, "payout_schedule_not_allowed");

        // A certification revoked for cause during the month is a violation: next month the S worker drops to B.
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, _world.Agent.Id);
        Factory.Clock.Set(_period.AsOf.AddDays(5));
        var owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
        (await owner.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/workers/{_world.WorkerIds[0]}/certifications/web_editing/revoke", new { reason = "納品データを私用端末に保存" })).EnsureSuccessStatusCode();
        var next = TierPeriod.Of(_period.AsOf.AddMonths(1).AddDays(2));
        Factory.Clock.Set(next.AsOf.AddHours(1));
        Assert.Equal(1, await RecomputeAllAsync());
        Assert.Equal(WorkerTier.B, (await TiersAsync())[_world.WorkerIds[0]]);
        Assert.Equal(WorkerTier.A, (await TiersAsync())[_world.WorkerIds[1]]);

        (s, a) = (await _world.WorkerClientAsync(1), await _world.WorkerClientAsync(2));
        var moved = await (await s.GetAsync("/api/v1/me/payout-schedule")).JsonAsync();
        Assert.Equal(("Monthly", "B"), (moved.GetProperty("schedule").GetString(), moved.GetProperty("tier").GetString()));
        Assert.Equal(["Monthly"], moved.GetProperty("allowed").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("SemiMonthly", (await (await a.GetAsync("/api/v1/me/payout-schedule")).JsonAsync()).GetProperty("schedule").GetString()); // unchanged tier, unchanged choice
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        // Stored, not only shown: the payout run reads this row at the next cut-off.
        Assert.Equal(Domain.Money.PayoutSchedule.Monthly, (await db.WorkerPayoutSettings.IgnoreQueryFilters().SingleAsync(x => x.WorkerId == _world.WorkerIds[0])).Schedule);
        Assert.Equal(next.AsOf.AddHours(1), (await db.WorkerPayoutSettings.IgnoreQueryFilters().SingleAsync(x => x.WorkerId == _world.WorkerIds[0])).ChangedAt);
        Assert.Single(await db.AuditLog.IgnoreQueryFilters().Where(x => x.Action == "payout_schedule.moved_by_tier").ToListAsync());
    }

    /// <summary>The schedules of the batches that hold the worker's dues (paid or carried forward), by cut-off date.</summary>
    private async Task<List<(DateOnly Cutoff, Domain.Money.PayoutSchedule Schedule, long Due)>> DuesInBatchesAsync(Guid workerId)
    {
        using var scope = NewScope();
        var batches = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().PayoutBatches.IgnoreQueryFilters().AsNoTracking()
            .Include(b => b.Payouts).ToListAsync();
        return batches
            .SelectMany(b => b.Payouts.Where(p => p.WorkerId == workerId).Select(p => (b.CutoffDate, b.Schedule, p.Amount))
                .Concat(b.CarriedForward.Where(c => c.WorkerId == workerId).Select(c => (b.CutoffDate, b.Schedule, c.Due))))
            .OrderBy(d => d.CutoffDate).ToList();
    }

    [Fact]
    public async Task ADowngrade_TakesEffectAtTheNextCutoff_TheDailyWorkerIsThenOnlyInTheMonthlyBatch()
    {
        await SyntheticHistoryAsync();
        var s = _world.WorkerIds[0];
        Factory.Clock.Set(_period.AsOf.AddHours(1));
        await RecomputeAllAsync();
        var worker = await _world.WorkerClientAsync(1);
        (await worker.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = "Daily" })).EnsureSuccessStatusCode();
        await Money.MoneyTestKit.PostAsync(Factory,
            LedgerTransaction.Create(LedgerTransactionKind.Earning, $"earning:test:{s}", _period.AsOf.AddHours(2), "test earning",
            [
                LedgerEntry.Debit(LedgerAccount.AgentCost(_world.Agent.Id), new Yen(5_000)),
                LedgerEntry.Credit(LedgerAccount.WorkerPayable(_world.Agent.Id, s), new Yen(5_000)),
            ]));

        Factory.Clock.Set(_period.AsOf.AddDays(6));
        await SendAsync(Factory, new RunPayouts());
        var whileS = await DuesInBatchesAsync(s);
        Assert.NotEmpty(whileS);
        Assert.All(whileS, d => Assert.Equal(Domain.Money.PayoutSchedule.Daily, d.Schedule)); // S and Daily: the daily cut-offs hold the dues

        // A violation this month: at the next recomputation the worker is B, paid monthly from the next cut-off on.
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, _world.Agent.Id);
        var owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
        (await owner.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/workers/{s}/certifications/web_editing/revoke", new { reason = "作業画面を第三者に見せた" })).EnsureSuccessStatusCode();
        var next = TierPeriod.Of(_period.AsOf.AddMonths(1).AddDays(2));
        Factory.Clock.Set(next.AsOf.AddHours(1));
        await RecomputeAllAsync();
        await SendAsync(Factory, new RunPayouts());

        var after = (await DuesInBatchesAsync(s)).Skip(whileS.Count).ToList();
        var monthEnd = DateOnly.FromDateTime(next.AsOf.ToOffset(TimeSpan.FromHours(9)).DateTime).AddDays(-1);
        Assert.Equal([(monthEnd, Domain.Money.PayoutSchedule.Monthly, 5_000L)], after);
    }

    [Fact]
    public async Task Thresholds_ArePerAgent_OwnerOnly_Validated_AndUsedFromTheNextMonth()
    {
        await SyntheticHistoryAsync();
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, _world.Agent.Id);
        var owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
        var url = $"/api/v1/agents/{_world.Agent.Id}/tier-thresholds";
        var defaults = await (await owner.GetAsync(url)).JsonAsync();
        Assert.True(defaults.GetProperty("isDefault").GetBoolean());
        Assert.Equal(40, defaults.GetProperty("a").GetProperty("minAcceptedUnits").GetInt32());

        var strictA = new { minAcceptedUnits = 60, minAcceptanceRateBasisPoints = 9500, minMeanGradeHundredths = 400, maxReworkRateBasisPoints = 1500 };
        var s = new { minAcceptedUnits = 120, minAcceptanceRateBasisPoints = 9800, minMeanGradeHundredths = 450, maxReworkRateBasisPoints = 500 };
        var coordinator = await Factory.ClientForAsync("coord@hub.jp", TestData.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PutAsJsonAsync(url, new { a = strictA, s })).StatusCode);
        await (await owner.PutAsJsonAsync(url, new { a = s, s = strictA })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "tier_thresholds_not_ordered");
        var saved = await (await owner.PutAsJsonAsync(url, new { a = strictA, s })).JsonAsync();
        Assert.False(saved.GetProperty("isDefault").GetBoolean());

        Factory.Clock.Set(_period.AsOf.AddHours(1));
        await RecomputeAllAsync();
        Assert.Equal(WorkerTier.B, (await TiersAsync())[_world.WorkerIds[1]]); // 50 accepted units no longer make A
    }
}
