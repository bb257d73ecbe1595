using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Features.Certifications;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Certifications;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Market.Api.Tests.Certifications.CertificationTestKit;

namespace Market.Api.Tests.Certifications;

/// <summary>
/// A certification from issue to expiry and back, with the scheduled jobs run by hand on the fake clock (twice, to
/// show they send nothing twice), and what each state means for claiming, assigning and finishing work.
/// </summary>
public sealed class CertificationLifecycleTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Walker = "walker@hub.jp";
    private WorkWorld _world = null!;
    private Guid _walkerId;
    private Guid _steadyId;
    private HttpClient _walker = null!;
    private HttpClient _coordinator = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory, records: 8, batchSize: 2, workers: 0);
        // The walker holds every other certification for five years: only data entry, taken by exam, moves here.
        _walkerId = await _world.WorkerAsync(Walker, certified: false);
        await CertifyAsync(Factory, _walkerId, _world.Agent.Id, 60, [.. WorkWorld.WorkCertifications.Where(c => c != CertificationCodes.DataEntry)]);
        _steadyId = await _world.WorkerAsync("steady@hub.jp", certified: false);
        await CertifyAsync(Factory, _steadyId, _world.Agent.Id, 60, [.. WorkWorld.WorkCertifications]);
        using (var scope = NewScope())
        {
            // The walker keys data only, so without that certification there is no work at all for them.
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            (await db.WorkerProfiles.IgnoreQueryFilters().SingleAsync(p => p.UserId == _walkerId)).SetSkills([JobType.DataEntry]);
            await db.SaveChangesAsync();
        }

        _walker = await Factory.ClientForAsync(Walker, TestData.Password);
        _coordinator = _world.Coordinator;
    }

    private async Task At(DateTimeOffset instant)
    {
        Factory.Clock.Set(instant);
        _walker = await Factory.ClientForAsync(Walker, TestData.Password); // access tokens last 15 minutes on the fake clock too
        _coordinator = await Factory.ClientForAsync("coord@hub.jp", TestData.Password);
    }

    private async Task RunDailyJobsTwiceAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            await SendAsync(Factory, new SendCertificationReminders());
            await SendAsync(Factory, new ProcessCertificationExpiry());
        }
    }

    private async Task<string> StateAsync() =>
        (await MineAsync(_walker, CertificationCodes.DataEntry)).GetProperty("certification").GetProperty("state").GetString()!;

    private async Task<List<string>> ReminderTitlesAsync() =>
        (await NotificationsAsync(Factory, _walkerId))
            .Where(n => n.Kind is "certification.renewal_reminder" or "certification.in_grace" or "certification.expired")
            .Select(n => n.Kind + ": " + n.Title)
            .ToList();

    [Fact]
    public async Task Walk_Issue_Reminders_RenewalDue_Grace_Expiry_Reissue_EachReminderOnce()
    {
        var issued = await TakeAsync(Factory, _walker, CertificationCodes.DataEntry, rightAnswers: 8);
        Assert.Equal("Issued", issued.GetProperty("result").GetProperty("outcome").GetString());
        var c = (await MineAsync(_walker, CertificationCodes.DataEntry)).GetProperty("certification");
        var validUntil = c.GetProperty("validUntil").GetDateTimeOffset();
        var graceEnds = c.GetProperty("graceEndsAt").GetDateTimeOffset();
        await RunDailyJobsTwiceAsync();
        Assert.Empty(await ReminderTitlesAsync());
        Assert.Equal("Active", await StateAsync());

        await At(validUntil.AddDays(-30));
        await RunDailyJobsTwiceAsync();
        Assert.Equal("RenewalDue", await StateAsync());
        await At(validUntil.AddDays(-20));
        await RunDailyJobsTwiceAsync(); // still the 30-day threshold: nothing new
        await At(validUntil.AddDays(-7));
        await RunDailyJobsTwiceAsync();
        await At(validUntil.AddDays(-1));
        await RunDailyJobsTwiceAsync();
        Assert.Equal(
            [
                "certification.renewal_reminder: 「データ入力」の有効期限まであと30日です",
                "certification.renewal_reminder: 「データ入力」の有効期限まであと7日です",
                "certification.renewal_reminder: 「データ入力」の有効期限まであと1日です",
            ],
            await ReminderTitlesAsync());

        await At(validUntil.AddHours(1));
        await RunDailyJobsTwiceAsync();
        Assert.Equal("InGrace", await StateAsync());
        Assert.Equal("certification.in_grace: 「データ入力」の有効期限が過ぎました（猶予期間中）", (await ReminderTitlesAsync())[^1]);
        Assert.Equal(HttpStatusCode.Created, (await _walker.PostAsync("/api/v1/me/units/claim", null)).StatusCode); // grace still allows new work

        await At(graceEnds);
        await RunDailyJobsTwiceAsync();
        Assert.Equal("Expired", await StateAsync());
        var titles = await ReminderTitlesAsync();
        Assert.Equal(5, titles.Count);
        Assert.Equal("certification.expired: 「データ入力」が失効しました", titles[^1]);
        Assert.Equal(5, await EmailsAsync(Factory, _walkerId)); // every reminder also by email, once
        await (await _walker.PostAsync("/api/v1/me/units/claim", null)).AssertProblemAsync(HttpStatusCode.Conflict, "worker_certification_missing");

        // Renewal has closed: the exam is a first issue again, and passing it certifies anew.
        var exam = (await (await _walker.GetAsync("/api/v1/exams")).JsonAsync()).EnumerateArray().Single(e => e.GetProperty("code").GetString() == CertificationCodes.DataEntry);
        Assert.Equal("Initial", exam.GetProperty("nextAttemptKind").GetString());
        await TakeAsync(Factory, _walker, CertificationCodes.DataEntry, rightAnswers: 8);
        Assert.Equal("Active", await StateAsync());
        Assert.Equal(graceEnds.AddMonths(12), (await MineAsync(_walker, CertificationCodes.DataEntry)).GetProperty("certification").GetProperty("validUntil").GetDateTimeOffset());
    }

    [Fact]
    public async Task Renewal_InTheWindow_ExtendsByAPeriodFromTheOldEnd_AndRemindersStartOverForTheNewPeriod()
    {
        await TakeAsync(Factory, _walker, CertificationCodes.DataEntry, rightAnswers: 8);
        var validUntil = (await MineAsync(_walker, CertificationCodes.DataEntry)).GetProperty("certification").GetProperty("validUntil").GetDateTimeOffset();

        await At(validUntil.AddDays(-10));
        await RunDailyJobsTwiceAsync();
        var renewed = await TakeAsync(Factory, _walker, CertificationCodes.DataEntry, rightAnswers: 8);

        Assert.Equal("Renewal", renewed.GetProperty("kind").GetString());
        Assert.Equal("Renewed", renewed.GetProperty("result").GetProperty("outcome").GetString());
        var reread = await (await _walker.GetAsync($"/api/v1/exams/attempts/{renewed.GetProperty("attemptId").GetString()}")).JsonAsync();
        Assert.Equal("Renewed", reread.GetProperty("result").GetProperty("outcome").GetString()); // the result page reloaded says the same
        var c = (await MineAsync(_walker, CertificationCodes.DataEntry)).GetProperty("certification");
        Assert.Equal(validUntil.AddMonths(12), c.GetProperty("validUntil").GetDateTimeOffset());
        Assert.Equal(1, c.GetProperty("renewalCount").GetInt32());
        Assert.Equal("Active", c.GetProperty("state").GetString());

        await RunDailyJobsTwiceAsync();
        Assert.Single(await ReminderTitlesAsync()); // the 7-day reminder of the old period is not sent after renewal
        await At(validUntil.AddMonths(12).AddDays(-7));
        await RunDailyJobsTwiceAsync();
        Assert.Equal(2, (await ReminderTitlesAsync()).Count);
    }

    [Fact]
    public async Task Walk_Issue_Reminders_RenewalDue_Grace_RenewedInGrace_FromTheOldEndDate_AndNeverExpires()
    {
        await TakeAsync(Factory, _walker, CertificationCodes.DataEntry, rightAnswers: 8);
        var validUntil = (await MineAsync(_walker, CertificationCodes.DataEntry)).GetProperty("certification").GetProperty("validUntil").GetDateTimeOffset();
        foreach (var daysBefore in new[] { 30, 7, 1 })
        {
            await At(validUntil.AddDays(-daysBefore));
            await RunDailyJobsTwiceAsync();
        }

        Assert.Equal("RenewalDue", await StateAsync());
        await At(validUntil.AddDays(3));
        await RunDailyJobsTwiceAsync();
        Assert.Equal("InGrace", await StateAsync());
        Assert.Equal(4, (await ReminderTitlesAsync()).Count); // 30, 7, 1 days and grace: each once

        var exam = (await (await _walker.GetAsync("/api/v1/exams")).JsonAsync()).EnumerateArray().Single(e => e.GetProperty("code").GetString() == CertificationCodes.DataEntry);
        Assert.Equal("Renewal", exam.GetProperty("nextAttemptKind").GetString());
        var renewed = await TakeAsync(Factory, _walker, CertificationCodes.DataEntry, rightAnswers: 8);
        Assert.Equal(("Renewal", "Renewed"), (renewed.GetProperty("kind").GetString(), renewed.GetProperty("result").GetProperty("outcome").GetString()));
        var c = (await MineAsync(_walker, CertificationCodes.DataEntry)).GetProperty("certification");
        Assert.Equal("Active", c.GetProperty("state").GetString());
        Assert.Equal(validUntil.AddMonths(12), c.GetProperty("validUntil").GetDateTimeOffset()); // late renewal gains nothing

        // The old grace end passes: nothing expires, nothing more is sent.
        await At(validUntil.AddDays(20));
        await RunDailyJobsTwiceAsync();
        Assert.Equal("Active", await StateAsync());
        Assert.Equal(4, (await ReminderTitlesAsync()).Count);
        Assert.Empty(await NotificationsAsync(Factory, _walkerId, "certification.expired"));
        Assert.Equal(HttpStatusCode.Created, (await _walker.PostAsync("/api/v1/me/units/claim", null)).StatusCode);
    }

    [Fact]
    public async Task Expired_WorkerCannotClaimOrBeAssignedANewUnit_ButFinishesTheUnitInHand()
    {
        await TakeAsync(Factory, _walker, CertificationCodes.DataEntry, rightAnswers: 8);
        var graceEnds = (await MineAsync(_walker, CertificationCodes.DataEntry)).GetProperty("certification").GetProperty("graceEndsAt").GetDateTimeOffset();

        await At(graceEnds.AddMinutes(-5));
        var claim = await (await _walker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString()!;
        var assignmentId = claim.GetProperty("assignmentId").GetString()!;
        var content = await (await _walker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();

        await At(graceEnds.AddMinutes(5));
        Assert.Equal(1, await SendAsync(Factory, new ProcessCertificationExpiry()));
        Assert.Equal("Expired", await StateAsync());

        // Submitting work already in hand does not re-check the certification.
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        var submitted = await (await _walker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = rows })).JsonAsync();
        Assert.Equal("Submitted", submitted.GetProperty("unitStatus").GetString());

        await (await _walker.PostAsync("/api/v1/me/units/claim", null)).AssertProblemAsync(HttpStatusCode.Conflict, "worker_certification_missing");
        var free = (await _world.UnitsAsync()).First(u => u.Status == Market.Domain.Units.WorkUnitStatus.Available && u.TwinUnitId != new Market.Domain.Units.WorkUnitId(Guid.Parse(unitId)));
        var assign = await _coordinator.PostAsJsonAsync($"/api/v1/units/{free.Id.Value}/assign", new { workerId = _walkerId });
        var problem = await assign.AssertProblemAsync(HttpStatusCode.Conflict, "worker_certification_missing");
        Assert.Contains("data_entry", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var auto = await (await _coordinator.PostAsJsonAsync($"/api/v1/units/{free.Id.Value}/assign", new { auto = true })).JsonAsync();
        Assert.Equal(_steadyId, auto.GetProperty("workerId").GetGuid());
        var walkerRanking = auto.GetProperty("ranking").EnumerateArray().Single(r => r.GetProperty("workerId").GetGuid() == _walkerId);
        Assert.False(walkerRanking.GetProperty("eligible").GetBoolean());
        Assert.Equal("worker_certification_missing", walkerRanking.GetProperty("refusals")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Revoke_ByTheOwnerForCause_StopsNewWork_AndIsShownWithItsReason()
    {
        await TakeAsync(Factory, _walker, CertificationCodes.DataEntry, rightAnswers: 8);
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, _world.Agent.Id);
        var owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
        var url = $"/api/v1/agents/{_world.Agent.Id}/workers/{_walkerId}/certifications/data_entry/revoke";

        await (await owner.PostAsJsonAsync(url, new { reason = "" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _coordinator.PostAsJsonAsync(url, new { reason = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var revoked = await (await owner.PostAsJsonAsync(url, new { reason = "原票の写真をSNSに投稿" })).JsonAsync();
        Assert.Equal("Revoked", revoked.GetProperty("certification").GetProperty("state").GetString());
        await (await owner.PostAsJsonAsync(url, new { reason = "again" })).AssertProblemAsync(HttpStatusCode.Conflict, WorkerCertification.RevokedCode);

        var mine = (await MineAsync(_walker, CertificationCodes.DataEntry)).GetProperty("certification");
        Assert.Equal("原票の写真をSNSに投稿", mine.GetProperty("revocationReason").GetString());
        Assert.False(mine.GetProperty("allowsNewWork").GetBoolean());
        await (await _walker.PostAsync("/api/v1/me/units/claim", null)).AssertProblemAsync(HttpStatusCode.Conflict, "worker_certification_missing");
        await (await _walker.PostAsync("/api/v1/exams/data_entry/attempts", null)).AssertProblemAsync(HttpStatusCode.Conflict, WorkerCertification.RevokedCode);
        Assert.Single(await NotificationsAsync(Factory, _walkerId, "certification.revoked"));

        var otherAgent = await TestData.AgentAsync(Factory, "別のNPO", "OTHER-1");
        await TestData.UserAsync(Factory, "owner@other.jp", Roles.AgentOwner, otherAgent.Id);
        var otherOwner = await Factory.ClientForAsync("owner@other.jp", TestData.Password);
        await (await otherOwner.PostAsJsonAsync($"/api/v1/agents/{otherAgent.Id}/workers/{_steadyId}/certifications/data_entry/revoke", new { reason = "x" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "certification_not_found");
    }

    [Fact]
    public async Task AgentView_ListsLapsingCertificationsFirst_AndTheWeeklyReportReachesTheTeamCoordinatorOnce()
    {
        await TakeAsync(Factory, _walker, CertificationCodes.DataEntry, rightAnswers: 8);
        var validUntil = (await MineAsync(_walker, CertificationCodes.DataEntry)).GetProperty("certification").GetProperty("validUntil").GetDateTimeOffset();
        var team = await (await _coordinator.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/teams", new { name = "大正チーム" })).JsonAsync();
        var teamId = team.GetProperty("id").GetGuid();
        await (await _coordinator.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/teams/{teamId}/members", new { userId = _walkerId })).JsonAsync();
        Guid coordinatorId;
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var coordinator = await db.Memberships.IgnoreQueryFilters().SingleAsync(m => m.TenantId == _world.Agent.Id && m.Role == Roles.AgentCoordinator);
            coordinatorId = coordinator.UserId;
            (await db.Teams.IgnoreQueryFilters().SingleAsync(t => t.Id == new TeamId(teamId))).AppointCoordinator(coordinator);
            await db.SaveChangesAsync();
        }

        await At(validUntil.AddDays(-10));
        var view = await (await _coordinator.GetAsync($"/api/v1/agents/{_world.Agent.Id}/certifications?lapsingOnly=true")).JsonAsync();
        var lapsing = Assert.Single(view.GetProperty("items").EnumerateArray());
        Assert.Equal((_walkerId, "data_entry", true), (lapsing.GetProperty("userId").GetGuid(), lapsing.GetProperty("code").GetString(), lapsing.GetProperty("lapsingSoon").GetBoolean()));
        Assert.Equal("RenewalDue", lapsing.GetProperty("certification").GetProperty("state").GetString());
        var all = await (await _coordinator.GetAsync($"/api/v1/agents/{_world.Agent.Id}/certifications")).JsonAsync();
        Assert.Equal(1, all.GetProperty("lapsingSoon").GetInt32());
        Assert.True(all.GetProperty("total").GetInt32() > 1);
        Assert.Equal("data_entry", all.GetProperty("items")[0].GetProperty("code").GetString()); // lapsing first

        Assert.Equal(1, await SendAsync(Factory, new SendLapseReports()));
        Assert.Equal(0, await SendAsync(Factory, new SendLapseReports()));
        var report = Assert.Single(await NotificationsAsync(Factory, coordinatorId, "certification.lapse_report"));
        Assert.Contains("在宅 walker", report.Body, StringComparison.Ordinal);
        Assert.Contains("更新期間中", report.Body, StringComparison.Ordinal);

        await At(validUntil.AddDays(-3)); // next week: a new report
        Assert.Equal(1, await SendAsync(Factory, new SendLapseReports()));
    }

    [Fact]
    public async Task TheSqlValidityRule_AgreesWithTheDomainLifecycle_AtEveryBoundary()
    {
        await TakeAsync(Factory, _walker, CertificationCodes.DataEntry, rightAnswers: 8);
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var certification = await db.WorkerCertifications.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.UserId == _walkerId && c.Code == CertificationCodes.DataEntry);
        var tick = TimeSpan.FromMilliseconds(1);
        DateTimeOffset[] instants =
        [
            certification.IssuedAt, certification.RenewalOpensAt, certification.ValidUntil - tick, certification.ValidUntil,
            certification.GraceEndsAt - tick, certification.GraceEndsAt, certification.GraceEndsAt.AddDays(1),
        ];
        foreach (var at in instants)
        {
            var inSql = await db.WorkerCertifications.IgnoreQueryFilters()
                .Where(c => c.UserId == _walkerId && c.Code == CertificationCodes.DataEntry).AllowingNewWorkAt(at).AnyAsync();
            Assert.True(inSql == certification.AllowsNewWorkAt(at), $"{at:o}: SQL {inSql}, domain {certification.AllowsNewWorkAt(at)}");
        }
    }
}
