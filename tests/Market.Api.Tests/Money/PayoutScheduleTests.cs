using System.Net;
using System.Net.Http.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Money;

/// <summary>Workers choose how often they are paid within what their tier allows; a downgrade moves them to an allowed schedule.</summary>
public sealed class PayoutScheduleTests(ApiFixture fixture) : ApiTest(fixture)
{
    private WorkWorld _world = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory, workers: 1);
    }

    private async Task<HttpClient> WorkerAsync(string email, WorkerTier tier)
    {
        await _world.WorkerAsync(email, tier);
        return await Factory.ClientForAsync(email, TestData.Password);
    }

    [Fact]
    public async Task Get_ForANewWorker_IsMonthly_AndTrialMayChooseNothingElse()
    {
        var trial = await _world.WorkerClientAsync(1);

        var schedule = await (await trial.GetAsync("/api/v1/me/payout-schedule")).JsonAsync();

        Assert.Equal("Monthly", schedule.GetProperty("schedule").GetString());
        Assert.Equal(["Monthly"], schedule.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        await (await trial.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = "SemiMonthly" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "payout_schedule_not_allowed");
    }

    [Fact]
    public async Task Put_WithinTheTier_IsStored_AndBeyondIt_Returns409()
    {
        var a = await WorkerAsync("a@hub.jp", WorkerTier.A);

        var chosen = await (await a.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = "SemiMonthly" })).JsonAsync();
        await (await a.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = "Daily" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "payout_schedule_not_allowed");

        Assert.Equal("SemiMonthly", chosen.GetProperty("schedule").GetString());
        Assert.Equal("SemiMonthly", (await (await a.GetAsync("/api/v1/me/payout-schedule")).JsonAsync()).GetProperty("schedule").GetString());
    }

    [Fact]
    public async Task TierDowngrade_MovesADailyWorkerToTheMostFrequentScheduleStillAllowed()
    {
        var s = await WorkerAsync("s@hub.jp", WorkerTier.S);
        Assert.Equal(HttpStatusCode.OK, (await s.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = "Daily" })).StatusCode);

        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var profile = await db.WorkerProfiles.IgnoreQueryFilters().SingleAsync(p => p.UserId != _world.WorkerIds[0]);
            profile.ChangeTier(WorkerTier.A, Factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var schedule = await (await s.GetAsync("/api/v1/me/payout-schedule")).JsonAsync();
        Assert.Equal("SemiMonthly", schedule.GetProperty("schedule").GetString());
        Assert.Equal("A", schedule.GetProperty("tier").GetString());
        using var check = NewScope();
        var stored = await check.ServiceProvider.GetRequiredService<MarketDbContext>().WorkerPayoutSettings.IgnoreQueryFilters().SingleAsync();
        Assert.Equal(Domain.Money.PayoutSchedule.SemiMonthly, stored.Schedule);
        Assert.True(await check.ServiceProvider.GetRequiredService<MarketDbContext>().AuditLog.IgnoreQueryFilters().AnyAsync(a => a.Action == "payout_schedule.moved_by_tier"));
    }

    [Fact]
    public async Task Put_AnUnknownSchedule_Returns400()
    {
        var trial = await _world.WorkerClientAsync(1);

        var response = await trial.PutAsJsonAsync("/api/v1/me/payout-schedule", new { schedule = "Weekly" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
