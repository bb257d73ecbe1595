using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Features.TeamRoom;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Workers;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.TeamRoom;

public sealed class IdleAndEngagementTests(ApiFixture fixture) : ApiTest(fixture)
{
    private TeamRoomWorld _room = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // A Wednesday at 10:00 in Japan, a week or two ahead (the clock must not run behind stored times).
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).DateTime);
        _wednesday = today.AddDays(7 + (((int)DayOfWeek.Wednesday - (int)today.DayOfWeek + 7) % 7));
        Factory.Clock.Set(Jst(_wednesday, 10));
        _room = await TeamRoomWorld.CreateAsync(Factory);
    }

    private DateOnly _wednesday;

    private static DateTimeOffset Jst(DateOnly day, int hour, int minute = 0) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(9)).ToUniversalTime();

    private async Task MoveClockAsync(DateTimeOffset to)
    {
        Factory.Clock.Set(to.ToUniversalTime());
        await _room.SignInAgainAsync();
    }

    private async Task<int> RunIdleJobAsync()
    {
        using var scope = NewScope();
        var before = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().IdleAlerts.CountAsync();
        await new IdleAlertJob(scope.ServiceProvider.GetRequiredService<IMediator>()).Execute(null!, CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().IdleAlerts.CountAsync() - before;
    }

    [Fact]
    public async Task IdleAlertJob_RunTwice_AlertsOncePerWorkerPerIdleSpell_AndAgainAfterANewSilence()
    {
        (await _room.Coordinator.PutAsJsonAsync($"/api/v1/agents/{_room.AgentId}/team-room/settings", new { idleAlertDays = 3 })).EnsureSuccessStatusCode();
        var registered = Factory.Clock.GetUtcNow();
        await MoveClockAsync(registered.AddHours(1));
        await (await _room.W1.PostAsJsonAsync(_room.TeamPath + "/messages", new { body = "おはようございます" })).JsonAsync();
        var lastWord = Factory.Clock.GetUtcNow();

        await MoveClockAsync(registered.AddDays(3).AddMinutes(-1));
        Assert.Equal(0, await RunIdleJobAsync());

        // Workers 2 and 3 never did anything since joining; worker 1 is not yet silent for 3 days.
        await MoveClockAsync(registered.AddDays(3));
        Assert.Equal(2, await RunIdleJobAsync());
        Assert.Equal(0, await RunIdleJobAsync());

        await MoveClockAsync(lastWord.AddDays(3));
        Assert.Equal(1, await RunIdleJobAsync());
        Assert.Equal(0, await RunIdleJobAsync());

        var alerts = (await (await _room.Coordinator.GetAsync($"/api/v1/agents/{_room.AgentId}/idle-alerts")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(3, alerts.Count);
        var w1 = alerts.Single(a => a.GetProperty("workerUserId").GetGuid() == _room.WorkerId(1));
        Assert.Equal(lastWord, w1.GetProperty("idleSince").GetDateTimeOffset());
        Assert.Equal(["四万十チーム"], w1.GetProperty("teams").EnumerateArray().Select(t => t.GetString()));
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var coordinatorId = (await db.Users.SingleAsync(u => u.Email == "coord@hub.jp")).Id;
            Assert.Equal([coordinatorId], (await db.IdleAlerts.SingleAsync(a => a.WorkerUserId == _room.WorkerId(1))).RecipientUserIds);
        }

        // Worker 1 checks in again, then falls silent again: a new spell, a new alert.
        await MoveClockAsync(Factory.Clock.GetUtcNow().AddHours(2));
        await (await _room.W1.PostAsJsonAsync("/api/v1/me/check-ins", new { note = "再開します" })).JsonAsync();
        await (await _room.W1.PostAsJsonAsync("/api/v1/me/check-ins/end", new { note = (string?)null })).JsonAsync();
        await MoveClockAsync(Factory.Clock.GetUtcNow().AddDays(3));
        Assert.Equal(1, await RunIdleJobAsync());
        Assert.Equal(0, await RunIdleJobAsync());

        var acknowledged = await (await _room.Coordinator.PostAsync($"/api/v1/agents/{_room.AgentId}/idle-alerts/{w1.GetProperty("id").GetGuid()}/acknowledge", null)).JsonAsync();
        Assert.NotEqual(JsonValueKind.Null, acknowledged.GetProperty("acknowledgedAt").ValueKind);
        Assert.Equal(3, (await (await _room.Coordinator.GetAsync($"/api/v1/agents/{_room.AgentId}/idle-alerts")).JsonAsync()).GetArrayLength());
        await (await _room.Coordinator.PutAsJsonAsync($"/api/v1/agents/{_room.AgentId}/team-room/settings", new { idleAlertDays = 0 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.Forbidden, (await _room.W1.GetAsync($"/api/v1/agents/{_room.AgentId}/idle-alerts")).StatusCode);
    }

    [Fact]
    public async Task Engagement_PerWeekInJapanTime_MatchesHandCountedFigures()
    {
        using (var scope = NewScope())
        {
            // An S-tier worker's work is not sampled, so it is accepted (done) at once.
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var profile = await db.WorkerProfiles.SingleAsync(p => p.UserId == _room.WorkerId(1));
            profile.ChangeTier(WorkerTier.S, Factory.Clock.GetUtcNow());
            db.AgentQualitySettings.Add(new AgentQualitySettings
            {
                AgentId = _room.AgentId, TrialShare = 10_000, BShare = 5_000, AShare = 2_000, SShare = 0, Seed = "engagement", CreatedAt = Factory.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        // The week of that Wednesday: worker 1 checks in, posts and finishes a unit on Wednesday; worker 2 posts on Thursday.
        await (await _room.W1.PostAsJsonAsync("/api/v1/me/check-ins", new { note = (string?)null })).JsonAsync();
        await (await _room.W1.PostAsJsonAsync(_room.TeamPath + "/messages", new { body = "始めます" })).JsonAsync();
        var claim = await (await _room.W1.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString();
        var content = await (await _room.W1.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        var submitted = await (await _room.W1.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId = claim.GetProperty("assignmentId").GetString(), content = rows })).JsonAsync();
        Assert.Equal("Accepted", submitted.GetProperty("unitStatus").GetString());
        await MoveClockAsync(Jst(_wednesday.AddDays(1), 10));
        await (await _room.W2.PostAsJsonAsync(_room.TeamPath + "/messages", new { body = "了解です" })).JsonAsync();

        // Sunday 23:59 and Monday 00:00 in Japan fall in different weeks.
        await MoveClockAsync(Jst(_wednesday.AddDays(4), 23, 59));
        await (await _room.W2.PostAsJsonAsync(_room.TeamPath + "/messages", new { body = "日曜の夜に一言" })).JsonAsync();
        await MoveClockAsync(Jst(_wednesday.AddDays(5), 0));
        await (await _room.W2.PostAsJsonAsync("/api/v1/me/check-ins", new { note = (string?)null })).JsonAsync();
        // Worker 3 is not in the team: nothing of theirs counts.
        await (await _room.W3.PostAsJsonAsync("/api/v1/me/check-ins", new { note = (string?)null })).JsonAsync();

        var monday = _wednesday.AddDays(5);
        var view = await (await _room.Coordinator.GetAsync(_room.TeamPath + $"/engagement?weeks=2&until={monday:yyyy-MM-dd}")).JsonAsync();

        var weeks = view.GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal([$"{monday.AddDays(-7):yyyy-MM-dd}", $"{monday:yyyy-MM-dd}"], weeks.Select(w => w.GetProperty("weekStart").GetString()));
        static string Figures(JsonElement w) =>
            $"members {w.GetProperty("members")} active {w.GetProperty("activeMembers")} messages {w.GetProperty("messages")} check-ins {w.GetProperty("checkIns")} days {w.GetProperty("activeDays")} units {w.GetProperty("unitsDone")}";
        // Week 1: messages w1 Wed + w2 Thu + w2 Sun = 3; check-ins w1 = 1; member-days w1 Wed, w2 Thu, w2 Sun = 3; units 1.
        Assert.Equal("members 2 active 2 messages 3 check-ins 1 days 3 units 1", Figures(weeks[0]));
        Assert.Equal("members 2 active 1 messages 0 check-ins 1 days 1 units 0", Figures(weeks[1]));
        var w1 = weeks[0].GetProperty("byMember").EnumerateArray().Single(m => m.GetProperty("userId").GetGuid() == _room.WorkerId(1));
        Assert.Equal((1, 1, 1, 1), (w1.GetProperty("messages").GetInt32(), w1.GetProperty("checkIns").GetInt32(), w1.GetProperty("activeDays").GetInt32(), w1.GetProperty("unitsDone").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, (await _room.W1.GetAsync(_room.TeamPath + "/engagement")).StatusCode);
    }
}
