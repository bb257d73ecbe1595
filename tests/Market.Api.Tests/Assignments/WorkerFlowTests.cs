using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Features.Assignments;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Assignments;

public sealed class WorkerFlowTests(ApiFixture fixture) : ApiTest(fixture)
{
    private WorkWorld _world = null!;
    private HttpClient _worker = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory);
        _worker = await _world.WorkerClientAsync(1);
    }

    private async Task<JsonElement> ClaimAsync(HttpClient worker)
    {
        var response = await worker.PostAsync("/api/v1/me/units/claim", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Claim_ThenContent_Draft_Reload_Submit_IsTheWholeWorkerFlow_AndContentAccessIsAudited()
    {
        var claim = await ClaimAsync(_worker);
        var unitId = claim.GetProperty("unitId").GetString();
        var assignmentId = claim.GetProperty("assignmentId").GetString();

        var mine = await (await _worker.GetAsync("/api/v1/me/units")).JsonAsync();
        Assert.Equal(unitId, Assert.Single(mine.EnumerateArray()).GetProperty("unitId").GetString());

        var content = await (await _worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        Assert.Equal("DataEntry", content.GetProperty("kind").GetString());
        var cells = content.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(2 * 4, cells.Count); // 2 records × 4 fields
        Assert.StartsWith("山田 太郎", cells.First(c => c.GetProperty("field").GetString() == "氏名").GetProperty("source").GetString());

        var saved = await _worker.PutAsJsonAsync($"/api/v1/units/{unitId}/draft", new { assignmentId, content = "{\"0\":{\"氏名\":\"山田\"}}" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var draft = await (await _worker.GetAsync($"/api/v1/units/{unitId}/draft")).JsonAsync();
        Assert.Equal("{\"0\":{\"氏名\":\"山田\"}}", draft.GetProperty("content").GetString());

        await (await _worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = "{\"rows\":[[\"山田\"]]}" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "submission_shape_mismatch");
        var rows = JsonSerializer.Serialize(new { rows = RowsFrom(cells) });
        var submitted = await (await _worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = rows })).JsonAsync();
        Assert.Equal("Submitted", submitted.GetProperty("unitStatus").GetString());

        await (await _worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = "again" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "assignment_not_active");
        await (await _worker.GetAsync($"/api/v1/units/{unitId}/content")).AssertProblemAsync(HttpStatusCode.Forbidden, "unit_not_held");

        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var audit = await db.AuditLog.IgnoreQueryFilters().Where(a => a.SubjectId == unitId).Select(a => a.Action).ToListAsync();
        Assert.Contains("assignment.claimed", audit);
        Assert.Contains("unit.content.read", audit);
        Assert.Contains("unit.submitted", audit);
        Assert.Equal(1, await db.UnitSubmissions.CountAsync(s => s.UnitId == new WorkUnitId(Guid.Parse(unitId!))));
    }

    /// <summary>What a careful worker keys: the source values, record by record, in the unit's field order.</summary>
    internal static List<List<string>> RowsFrom(IEnumerable<JsonElement> cells) =>
        cells.GroupBy(c => c.GetProperty("row").GetInt32())
            .OrderBy(g => g.Key)
            .Select(g => g.Select(c => c.GetProperty("source").GetString()!).ToList())
            .ToList();

    [Fact]
    public async Task Content_OfAUnitHeldBySomeoneElse_Returns403_AndIsNotAudited()
    {
        var claim = await ClaimAsync(_worker);
        var other = await _world.WorkerClientAsync(2);
        var response = await other.GetAsync($"/api/v1/units/{claim.GetProperty("unitId").GetString()}/content");
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "unit_not_held");

        using var scope = NewScope();
        var reads = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().AuditLog.IgnoreQueryFilters().CountAsync(a => a.Action == "unit.content.read");
        Assert.Equal(0, reads);
    }

    [Fact]
    public async Task Claim_WhenThePoolIsEmpty_Returns404NoUnitAvailable()
    {
        var unitCount = (await _world.UnitsAsync()).Count;
        var workers = new[] { _worker, await _world.WorkerClientAsync(2), await _world.WorkerClientAsync(3) };
        for (var i = 0; i < unitCount; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await workers[i % 3].PostAsync("/api/v1/me/units/claim", null)).StatusCode);
        }

        var response = await workers[0].PostAsync("/api/v1/me/units/claim", null);
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "no_unit_available");
    }

    [Fact]
    public async Task Claim_NeverGivesOneWorkerBothKeyingsOfARecord()
    {
        // 4 records in batches of 2 → 2 batches × 2 keyings = 4 units; worker 1 may take at most one keying per batch.
        var claimed = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            claimed.Add((await ClaimAsync(_worker)).GetProperty("unitId").GetString()!);
        }

        await (await _worker.PostAsync("/api/v1/me/units/claim", null)).AssertProblemAsync(HttpStatusCode.NotFound, "no_unit_available");
        var units = (await _world.UnitsAsync()).Where(u => claimed.Contains(u.Id.Value.ToString())).ToList();
        Assert.Equal(2, units.Select(u => u.Slice!.BatchIndex).Distinct().Count());
    }

    [Fact]
    public async Task Submit_AfterTheLeaseExpired_Returns409_AndTheReaperReturnsTheUnitForSomeoneElse()
    {
        var claim = await ClaimAsync(_worker);
        var unitId = claim.GetProperty("unitId").GetString();
        var assignmentId = claim.GetProperty("assignmentId").GetString();
        var expiresAt = claim.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.True(expiresAt > Factory.Clock.GetUtcNow().AddMinutes(29), "the lease is at least 30 minutes");

        Factory.Clock.Set(expiresAt.AddSeconds(1));
        _worker = await _world.WorkerClientAsync(1); // the 15-minute access token lapsed with the clock; sign in again
        await (await _worker.PutAsJsonAsync($"/api/v1/units/{unitId}/draft", new { assignmentId, content = "late" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "assignment_lease_expired");
        await (await _worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = "late" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "assignment_lease_expired");

        using (var scope = NewScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReapExpiredLeases()));
        }

        var unit = (await _world.UnitsAsync()).Single(u => u.Id.Value.ToString() == unitId);
        Assert.Equal(WorkUnitStatus.Available, unit.Status);
        await (await _worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = "late" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "assignment_lease_expired");

        var next = await ClaimAsync(await _world.WorkerClientAsync(2));
        Assert.Equal(unitId, next.GetProperty("unitId").GetString());
    }

    [Fact]
    public async Task DraftAutosave_RenewsTheLease()
    {
        var claim = await ClaimAsync(_worker);
        var unitId = claim.GetProperty("unitId").GetString();
        var assignmentId = claim.GetProperty("assignmentId").GetString();
        var firstExpiry = claim.GetProperty("expiresAt").GetDateTimeOffset();

        Factory.Clock.Advance(TimeSpan.FromMinutes(20));
        _worker = await _world.WorkerClientAsync(1);
        var saved = await (await _worker.PutAsJsonAsync($"/api/v1/units/{unitId}/draft", new { assignmentId, content = "x" })).JsonAsync();

        Assert.True(saved.GetProperty("leaseExpiresAt").GetDateTimeOffset() > firstExpiry.AddMinutes(19));
    }

    [Fact]
    public async Task Release_WithAReason_ReturnsTheUnitToThePool_ButNotWithoutOne()
    {
        var claim = await ClaimAsync(_worker);
        var unitId = claim.GetProperty("unitId").GetString();
        var assignmentId = claim.GetProperty("assignmentId").GetString();

        await (await _worker.PostAsJsonAsync($"/api/v1/units/{unitId}/release", new { assignmentId, reason = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.NoContent, (await _worker.PostAsJsonAsync($"/api/v1/units/{unitId}/release", new { assignmentId, reason = "子どもが熱を出しました" })).StatusCode);

        Assert.Equal(WorkUnitStatus.Available, (await _world.UnitsAsync()).Single(u => u.Id.Value.ToString() == unitId).Status);
        Assert.Empty((await (await _worker.GetAsync("/api/v1/me/units")).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task Submit_WithSomeoneElsesAssignmentId_Returns409()
    {
        var mine = await ClaimAsync(_worker);
        var other = await _world.WorkerClientAsync(2);
        var theirs = await ClaimAsync(other);
        var response = await _worker.PostAsJsonAsync($"/api/v1/units/{mine.GetProperty("unitId").GetString()}/submit",
            new { assignmentId = theirs.GetProperty("assignmentId").GetString(), content = "x" });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "assignment_mismatch");
    }

    [Fact]
    public async Task AuditLog_RefusesUpdateAndDelete_InTheDatabase()
    {
        await ClaimAsync(_worker);
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var update = await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_log SET action = 'x'"));
        Assert.Contains("append-only", update.MessageText);
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_log"));
    }
}
