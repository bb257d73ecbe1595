using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Reports;

/// <summary>
/// The regional and agent impact reports against figures counted by hand on a small fixture built through the API:
/// <code>
/// Agent A (高知県 四万十町). Workers: s1 (S tier, 高知県 四万十町), s2 (S, 徳島県 神山町), t1 (Trial, 高知県 梼原町),
/// gone (高知県 四万十町, leaves on day 20 of month M). Agent B: b1 (高知県 四万十町), never works.
/// Job X from a Tokyo client, job Y from a Kochi client; every data-entry unit is 2 records × 4 fields = ¥16.
/// Month M,   day 10:  s1 does X1, X2 · s2 does Y1 · t1 hands in X3 (accepted by the reviewer) and X5 (rejected)
/// Month M,   last day: t1 hands in X4, it is returned for rework, t1 hands it in again
/// Month M+1, day 1:   the reviewer accepts X4
/// Month M+1, day 5:   s1 does Y2
/// Deliveries: X on M day 12 against a deadline of day 11 (late); Y on M+1 day 6, due day 20 (on time).
/// </code>
/// </summary>
public sealed class ImpactReportTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    private WorkWorld _world = null!;
    private readonly Dictionary<string, HttpClient> _clients = [];
    private DateOnly _monthM;

    private HttpClient As(string email) => _clients[email];

    private static DateTimeOffset Jst(DateOnly day, int hour, int minute = 0) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), Japan).ToUniversalTime();

    /// <summary>Moves the fake clock forward and signs everyone in again (tokens live 15 minutes on that clock).</summary>
    private async Task MoveClockAsync(DateTimeOffset to)
    {
        Assert.True(to >= Factory.Clock.GetUtcNow(), "the fixture only moves time forward");
        Factory.Clock.Set(to);
        foreach (var email in _clients.Keys.ToList())
        {
            _clients[email] = await Factory.ClientForAsync(email, TestData.Password);
        }
    }

    private async Task<string> PostJobAsync(HttpClient client, int records)
    {
        var fileId = await client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(records)), "survey.csv");
        var job = JsonSerializer.SerializeToNode(JobApi.DataEntry(fileId, batchSize: 2))!;
        job["deadline"] = Factory.Clock.GetUtcNow().AddDays(120);
        return (await client.PostJobAsync(job)).GetProperty("id").GetString()!;
    }

    private async Task<Guid> ProfileAsync(string email, Guid agentId, WorkerTier tier, string prefecture, string municipality)
    {
        var user = await TestData.UserAsync(Factory, email, Roles.Worker, agentId, "在宅 " + email.Split('@')[0]);
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = Factory.Clock.GetUtcNow();
        var profile = WorkerProfile.Register(user.Id, agentId, prefecture, municipality, 20, 5, Enum.GetValues<JobType>(), now);
        profile.ChangeTier(tier, now);
        db.WorkerProfiles.Add(profile);
        db.WorkerCertifications.AddRange(WorkWorld.WorkCertifications.Select(code =>
            WorkerCertification.Issue(user.Id, agentId, code, new CertificationTerms(24, 30, 14), now)));
        await db.SaveChangesAsync();
        _clients[email] = await Factory.ClientForAsync(email, TestData.Password);
        return user.Id;
    }

    /// <summary>One unit of each twin pair (a record batch is keyed twice): the fixture never finishes both keyings of a batch.</summary>
    private async Task<List<string>> OnePerBatchAsync(string jobId)
    {
        using var scope = NewScope();
        var units = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().WorkUnits.AsNoTracking()
            .Where(u => u.JobId == new JobId(Guid.Parse(jobId))).OrderBy(u => u.Sequence).ToListAsync();
        var taken = new HashSet<WorkUnitId>();
        var picked = new List<string>();
        foreach (var unit in units.Where(u => !taken.Contains(u.Id)))
        {
            picked.Add(unit.Id.Value.ToString());
            taken.Add(unit.Id);
            if (unit.TwinUnitId is { } twin)
            {
                taken.Add(twin);
            }
        }

        return picked;
    }

    private async Task<string> AssignAndSubmitAsync(string unitId, Guid workerId, string workerEmail)
    {
        var assigned = await (await As("coord@hub.jp").PostAsJsonAsync($"/api/v1/units/{unitId}/assign", new { workerId })).JsonAsync();
        var assignmentId = assigned.GetProperty("assignmentId").GetString()!;
        await SubmitAsync(unitId, assignmentId, workerEmail);
        return assignmentId;
    }

    private async Task<string> SubmitAsync(string unitId, string assignmentId, string workerEmail)
    {
        var worker = As(workerEmail);
        var content = await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        var submitted = await (await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = rows })).JsonAsync();
        return submitted.GetProperty("unitStatus").GetString()!;
    }

    private async Task ReviewAsync(string unitId, object decision)
    {
        var queue = await (await As("reviewer@hub.jp").GetAsync($"/api/v1/agents/{_world.Agent.Id}/review-queue")).JsonAsync();
        var taskId = queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("unitId").GetString() == unitId).GetProperty("taskId").GetString();
        await (await As("reviewer@hub.jp").PostAsJsonAsync($"/api/v1/submissions/{taskId}/review", decision)).JsonAsync();
    }

    private async Task BuildFixtureAsync()
    {
        var today = DateOnly.FromDateTime(Factory.Clock.GetUtcNow().ToOffset(Japan).DateTime);
        _monthM = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        var monthN = _monthM.AddMonths(1);
        var lastOfM = monthN.AddDays(-1);

        string jobX = null!;
        _world = await WorkWorld.CreateAsync(Factory, workers: 0, postJob: async client => jobX = await PostJobAsync(client, records: 10));
        _clients["coord@hub.jp"] = _world.Coordinator;
        var s1 = await ProfileAsync("s1@hub.jp", _world.Agent.Id, WorkerTier.S, "高知県", "四万十町");
        var s2 = await ProfileAsync("s2@hub.jp", _world.Agent.Id, WorkerTier.S, "徳島県", "神山町");
        var t1 = await ProfileAsync("t1@hub.jp", _world.Agent.Id, WorkerTier.Trial, "高知県", "梼原町");
        var gone = await ProfileAsync("gone@hub.jp", _world.Agent.Id, WorkerTier.Trial, "高知県", "四万十町");
        var agentB = await TestData.AgentAsync(Factory, "Agent B", "B-IMPACT");
        await ProfileAsync("b1@b.jp", agentB.Id, WorkerTier.B, "高知県", "四万十町");
        var reviewer = await TestData.UserAsync(Factory, "reviewer@hub.jp", Roles.AgentReviewer, _world.Agent.Id, "検品 花子");
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, _world.Agent.Id, "代表 一郎");
        await TestData.UserAsync(Factory, "op@platform.jp", Roles.PlatformAdmin, null, "運営");
        var kochi = new ClientFirm(Guid.NewGuid(), "高知県庁", ClientKind.PublicBody, "高知県", Factory.Clock.GetUtcNow());
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var now = Factory.Clock.GetUtcNow();
            db.ClientFirms.Add(kochi);
            db.WorkerCertifications.Add(WorkerCertification.Issue(reviewer.Id, _world.Agent.Id, CertificationCodes.QcReviewer, new CertificationTerms(24, 30, 14), now));
            db.AgentQualitySettings.Add(new AgentQualitySettings
            {
                AgentId = _world.Agent.Id, TrialShare = 10_000, BShare = 5_000, AShare = 2_000, SShare = 0, Seed = "impact", CreatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        await TestData.UserAsync(Factory, "client@kochi.jp", Roles.ClientMember, kochi.Id);
        foreach (var email in new[] { "reviewer@hub.jp", "owner@hub.jp", "op@platform.jp", "client@kochi.jp" })
        {
            _clients[email] = await Factory.ClientForAsync(email, TestData.Password);
        }

        var jobY = await PostJobAsync(As("client@kochi.jp"), records: 4);
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var now = Factory.Clock.GetUtcNow();
            var job = await db.Jobs.SingleAsync(j => j.Id == new JobId(Guid.Parse(jobY)));
            job.Contract(_world.Agent.Id, new Yen(30_000), now);
            job.StartWork(now);
            foreach (var unit in await db.WorkUnits.Where(u => u.JobId == job.Id).ToListAsync())
            {
                unit.MakeAvailable(now);
            }

            await db.SaveChangesAsync();
        }

        var x = await OnePerBatchAsync(jobX);
        var y = await OnePerBatchAsync(jobY);
        Assert.Equal((5, 2), (x.Count, y.Count));

        await MoveClockAsync(Jst(_monthM.AddDays(9), 10));
        Assert.Equal("Accepted", await SubmitAsync(x[0], await AssignOnlyAsync(x[0], s1), "s1@hub.jp"));
        Assert.Equal("Accepted", await SubmitAsync(x[1], await AssignOnlyAsync(x[1], s1), "s1@hub.jp"));
        Assert.Equal("Accepted", await SubmitAsync(y[0], await AssignOnlyAsync(y[0], s2), "s2@hub.jp"));
        await AssignAndSubmitAsync(x[2], t1, "t1@hub.jp");
        await AssignAndSubmitAsync(x[4], t1, "t1@hub.jp");
        await ReviewAsync(x[2], new { decision = "Accept", accuracy = 5, format = 5 });
        await ReviewAsync(x[4], new { decision = "Reject", reasonCode = "wrong_value", comment = "原票と違います" });

        await MoveClockAsync(Jst(_monthM.AddDays(19), 12));
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            (await db.WorkerProfiles.SingleAsync(p => p.UserId == gone)).Leave(Factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        await MoveClockAsync(Jst(lastOfM, 20));
        var x4 = await AssignAndSubmitAsync(x[3], t1, "t1@hub.jp");
        await ReviewAsync(x[3], new { decision = "Rework", reasonCodes = new[] { "typo" }, comment = "誤字があります", deadline = Factory.Clock.GetUtcNow().AddDays(1) });
        await MoveClockAsync(Jst(lastOfM, 20, 10));
        await SubmitAsync(x[3], x4, "t1@hub.jp");

        await MoveClockAsync(Jst(monthN, 9));
        await ReviewAsync(x[3], new { decision = "Accept", accuracy = 4, format = 5 });

        await MoveClockAsync(Jst(monthN.AddDays(4), 10));
        Assert.Equal("Accepted", await SubmitAsync(y[1], await AssignOnlyAsync(y[1], s1), "s1@hub.jp"));

        await using var connection = new Npgsql.NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        foreach (var (job, delivered, deadline) in new[]
                 {
                     (jobX, Jst(_monthM.AddDays(11), 15), Jst(_monthM.AddDays(10), 17)),
                     (jobY, Jst(monthN.AddDays(5), 15), Jst(monthN.AddDays(19), 17)),
                 })
        {
            await using var update = new Npgsql.NpgsqlCommand("UPDATE jobs SET delivered_at = @delivered, deadline = @deadline WHERE id = @id", connection);
            update.Parameters.AddWithValue("delivered", delivered);
            update.Parameters.AddWithValue("deadline", deadline);
            update.Parameters.AddWithValue("id", Guid.Parse(job));
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
    }

    private async Task<string> AssignOnlyAsync(string unitId, Guid workerId) =>
        (await (await As("coord@hub.jp").PostAsJsonAsync($"/api/v1/units/{unitId}/assign", new { workerId })).JsonAsync()).GetProperty("assignmentId").GetString()!;

    private string M => $"{_monthM:yyyy-MM}";

    private string N => $"{_monthM.AddMonths(1):yyyy-MM}";

    /// <summary>One test for both reports: the fixture takes a minute or two to build on a loaded 2-core machine.</summary>
    [Fact]
    public async Task ImpactReports_MatchTheHandCountedFixture_InJsonAndCsv_ForThePeopleAllowedToSeeThem()
    {
        await BuildFixtureAsync();
        await AssertRegionalImpactAsync();
        await AssertAgentImpactAsync();
    }

    private async Task AssertRegionalImpactAsync()
    {
        var report = await (await As("op@platform.jp").GetAsync($"/api/v1/reports/regional-impact?from={M}&to={N}")).JsonAsync();

        Assert.Equal("worker_pay_of_accepted_units", report.GetProperty("yenBasis").GetString());
        var rows = report.GetProperty("rows").EnumerateArray().Select(r =>
                $"{r.GetProperty("month").GetString()} {r.GetProperty("prefecture").GetString()} {r.GetProperty("municipality").GetString()}"
                + $" reg {r.GetProperty("registeredWorkers")} act {r.GetProperty("activeWorkers")} units {r.GetProperty("unitsDone")}"
                + $" de {r.GetProperty("dataEntryUnits")} yen {r.GetProperty("yenToLocalWorkers")} outside {r.GetProperty("unitsFromOutsideRegion")}"
                + $" share {r.GetProperty("outsideShareBasisPoints")}")
            .ToList();
        Assert.Equal(
            [
                $"{M} 徳島県 神山町 reg 1 act 1 units 1 de 1 yen 16 outside 1 share 10000",
                $"{M} 高知県 四万十町 reg 3 act 1 units 2 de 2 yen 32 outside 2 share 10000",
                $"{M} 高知県 梼原町 reg 1 act 1 units 1 de 1 yen 16 outside 1 share 10000",
                $"{N} 徳島県 神山町 reg 1 act 0 units 0 de 0 yen 0 outside 0 share ",
                $"{N} 高知県 四万十町 reg 2 act 1 units 1 de 1 yen 16 outside 0 share 0",
                $"{N} 高知県 梼原町 reg 1 act 0 units 1 de 1 yen 16 outside 1 share 10000",
            ],
            rows);
        var months = report.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal((5, 3, 4, 64L, 4), (months[0].GetProperty("registeredWorkers").GetInt32(), months[0].GetProperty("activeWorkers").GetInt32(),
            months[0].GetProperty("unitsDone").GetInt32(), months[0].GetProperty("yenToLocalWorkers").GetInt64(), months[0].GetProperty("unitsFromOutsideRegion").GetInt32()));

        var kochiOnly = await (await As("op@platform.jp").GetAsync($"/api/v1/reports/regional-impact?from={M}&to={M}&prefecture=高知県")).JsonAsync();
        Assert.Equal(2, kochiOnly.GetProperty("rows").GetArrayLength());

        var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/regional-impact?from={M}&to={N}");
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csvResponse = await As("op@platform.jp").SendAsync(csvRequest);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("month,prefecture,municipality,registered_workers,active_workers,units_done,transcription_units,data_entry_units,web_edit_units,yen_to_local_workers,units_from_outside_region,outside_share_percent,yen_paid_out", lines[0]);
        Assert.Equal($"{M},高知県,四万十町,3,1,2,0,2,0,32,2,100.0,0", lines[2]);
        Assert.Equal($"{N},徳島県,神山町,1,0,0,0,0,0,0,0,,0", lines[4]);
        Assert.Equal(7, lines.Length);
        Assert.Equal(
            await (await As("op@platform.jp").GetAsync($"/api/v1/reports/regional-impact?from={M}&to={N}&format=csv")).Content.ReadAsByteArrayAsync(),
            bytes);
    }

    private async Task AssertAgentImpactAsync()
    {
        var report = await (await As("coord@hub.jp").GetAsync($"/api/v1/agents/{_world.Agent.Id}/impact?from={M}&to={N}")).JsonAsync();

        static string Figures(JsonElement f) =>
            $"delivered {f.GetProperty("jobsDelivered")} on-time {f.GetProperty("jobsOnTime")} ({f.GetProperty("onTimeBasisPoints")})"
            + $" reviews {f.GetProperty("reviewsClosed")} passed {f.GetProperty("reviewsPassed")} ({f.GetProperty("qcPassBasisPoints")})"
            + $" reworked {f.GetProperty("reviewsReworked")} ({f.GetProperty("reworkBasisPoints")})";
        Assert.Equal("delivered 2 on-time 1 (5000) reviews 3 passed 2 (6667) reworked 1 (3333)", Figures(report.GetProperty("total")));
        var months = report.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal("delivered 1 on-time 0 (0) reviews 2 passed 1 (5000) reworked 0 (0)", Figures(months[0].GetProperty("figures")));
        Assert.Equal("delivered 1 on-time 1 (10000) reviews 1 passed 1 (10000) reworked 1 (10000)", Figures(months[1].GetProperty("figures")));
        Assert.Equal((3, 4, 64L), (months[0].GetProperty("activeWorkers").GetInt32(), months[0].GetProperty("unitsDone").GetInt32(), months[0].GetProperty("yenToWorkers").GetInt64()));
        Assert.Equal((1, 2, 32L), (months[1].GetProperty("activeWorkers").GetInt32(), months[1].GetProperty("unitsDone").GetInt32(), months[1].GetProperty("yenToWorkers").GetInt64()));
        // Agent B's worker lives in 四万十町 too, but this is agent A's report.
        Assert.DoesNotContain(report.GetProperty("regions").EnumerateArray(), r => r.GetProperty("registeredWorkers").GetInt32() == 3);

        var csv = Encoding.UTF8.GetString((await (await As("owner@hub.jp").GetAsync($"/api/v1/agents/{_world.Agent.Id}/impact?from={M}&to={N}&format=csv")).Content.ReadAsByteArrayAsync())[3..])
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{M},1,0,0.0,2,1,50.0,0,0.0,3,4,64,0", csv[1]);
        Assert.Equal("total,2,1,50.0,3,2,66.7,1,33.3,,6,96,0", csv[3]);

        Assert.Equal(HttpStatusCode.OK, (await As("op@platform.jp").GetAsync($"/api/v1/agents/{_world.Agent.Id}/impact?from={M}&to={N}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As("reviewer@hub.jp").GetAsync($"/api/v1/agents/{_world.Agent.Id}/impact")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As("b1@b.jp").GetAsync($"/api/v1/agents/{_world.Agent.Id}/impact")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As("coord@hub.jp").GetAsync($"/api/v1/reports/regional-impact")).StatusCode);
        await (await As("op@platform.jp").GetAsync($"/api/v1/reports/regional-impact?from={N}&to={M}")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "report_range_reversed");
        await (await As("op@platform.jp").GetAsync("/api/v1/reports/regional-impact?from=2026-13")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "report_month_invalid");
        await (await As("op@platform.jp").GetAsync("/api/v1/reports/regional-impact?prefecture=東京")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "report_prefecture_unknown");
    }
}
