using System.Net;
using System.Net.Http.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Assignments;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Assignments;

public sealed class AssignUnitTests(ApiFixture fixture) : ApiTest(fixture)
{
    private WorkWorld _world = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory);
    }

    private async Task<string> FirstUnitAsync() => (await _world.UnitsAsync())[0].Id.Value.ToString();

    [Fact]
    public async Task Assign_ByHand_GivesTheUnitToTheWorker_WithALease()
    {
        var unitId = await FirstUnitAsync();
        var response = await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{unitId}/assign", new { workerId = _world.WorkerIds[1] });
        var assignment = await response.JsonAsync();
        Assert.Equal(_world.WorkerIds[1], assignment.GetProperty("workerId").GetGuid());
        Assert.Equal("Coordinator", assignment.GetProperty("assignedBy").GetString());

        var worker = await _world.WorkerClientAsync(2);
        var mine = await (await worker.GetAsync("/api/v1/me/units")).JsonAsync();
        Assert.Equal(unitId, mine[0].GetProperty("unitId").GetString());
    }

    [Fact]
    public async Task AgentWorkers_ShowWorkloadTierAndAvailability()
    {
        await (await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{await FirstUnitAsync()}/assign", new { workerId = _world.WorkerIds[0] })).JsonAsync();

        var workers = (await (await _world.Coordinator.GetAsync($"/api/v1/agents/{_world.Agent.Id}/workers")).JsonAsync()).EnumerateArray().ToList();

        var busy = workers.Single(w => w.GetProperty("userId").GetGuid() == _world.WorkerIds[0]);
        Assert.Equal(1, busy.GetProperty("activeUnits").GetInt32());
        Assert.Equal("Trial", busy.GetProperty("tier").GetString());
        Assert.Equal(3, busy.GetProperty("maxConcurrentUnits").GetInt32());
        Assert.All(workers.Where(w => w.GetProperty("userId").GetGuid() != _world.WorkerIds[0]), w => Assert.Equal(0, w.GetProperty("activeUnits").GetInt32()));
    }

    [Fact]
    public async Task Assign_ToASuspendedWorker_Returns409WithTheRule()
    {
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var profile = await db.WorkerProfiles.IgnoreQueryFilters().SingleAsync(p => p.UserId == _world.WorkerIds[0]);
            profile.Suspend("規約違反の調査中", Factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var response = await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{await FirstUnitAsync()}/assign", new { workerId = _world.WorkerIds[0] });
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "worker_not_active");
        Assert.Equal("worker_not_active", problem.GetProperty("refusals")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Assign_ToAWorkerWithoutTheConfidentialityCertification_Returns409()
    {
        var uncertified = await _world.WorkerAsync("new@hub.jp", certified: false);
        var response = await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{await FirstUnitAsync()}/assign", new { workerId = uncertified });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "worker_certification_missing");
    }

    [Fact]
    public async Task Assign_BothKeyingsOfARecordToOneWorker_IsRefused()
    {
        var units = await _world.UnitsAsync();
        var first = units[0];
        var twin = units.Single(u => u.Id == first.TwinUnitId);
        await (await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{first.Id.Value}/assign", new { workerId = _world.WorkerIds[0] })).JsonAsync();

        var response = await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{twin.Id.Value}/assign", new { workerId = _world.WorkerIds[0] });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "worker_already_keyed_twin");
    }

    [Fact]
    public async Task Assign_AWorkerOfAnotherAgent_Returns409()
    {
        var otherAgent = await TestData.AgentAsync(Factory, "Other", "OTHER-1");
        var stranger = await TestData.UserAsync(Factory, "stranger@other.jp", Roles.Worker, otherAgent.Id);
        var response = await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{await FirstUnitAsync()}/assign", new { workerId = stranger.Id });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "worker_not_in_agent");
    }

    [Fact]
    public async Task AutoAssign_PicksAnEligibleWorker_AndExplainsEveryDecision()
    {
        var suspended = _world.WorkerIds[0];
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            (await db.WorkerProfiles.IgnoreQueryFilters().SingleAsync(p => p.UserId == suspended)).Suspend("休止中", Factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var assignment = await (await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{await FirstUnitAsync()}/assign", new { auto = true })).JsonAsync();

        Assert.Equal("AutoAssign", assignment.GetProperty("assignedBy").GetString());
        Assert.NotEqual(suspended, assignment.GetProperty("workerId").GetGuid());
        var ranking = assignment.GetProperty("ranking").EnumerateArray().ToList();
        Assert.Equal(_world.WorkerIds.Count, ranking.Count);
        var refused = ranking.Single(r => r.GetProperty("workerId").GetGuid() == suspended);
        Assert.False(refused.GetProperty("eligible").GetBoolean());
        Assert.Equal("worker_not_active", refused.GetProperty("refusals")[0].GetProperty("code").GetString());
        Assert.All(ranking, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("explanation").GetString())));
    }

    [Fact]
    public async Task Reassign_RevokesTheFirstLease_AndTheFirstWorkerLosesTheUnit()
    {
        var unitId = await FirstUnitAsync();
        var first = await (await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{unitId}/assign", new { workerId = _world.WorkerIds[0] })).JsonAsync();
        await (await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{unitId}/assign", new { workerId = _world.WorkerIds[1] })).JsonAsync();

        var firstWorker = await _world.WorkerClientAsync(1);
        await (await firstWorker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId = first.GetProperty("assignmentId").GetString(), content = "x" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "assignment_not_active");
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        Assert.Equal(1, await db.Assignments.IgnoreQueryFilters().CountAsync(a => a.Status == AssignmentStatus.Active));
    }

    [Fact]
    public async Task TwoCoordinatorsAssigningTheSameUnitAtOnce_ExactlyOneWins()
    {
        await TestData.UserAsync(Factory, "coord2@hub.jp", Roles.AgentCoordinator, _world.Agent.Id);
        var second = await Factory.ClientForAsync("coord2@hub.jp", TestData.Password);
        var unitId = await FirstUnitAsync();

        var results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? _world.Coordinator : second)
                .PostAsJsonAsync($"/api/v1/units/{unitId}/assign", new { workerId = _world.WorkerIds[i % 3] })));

        Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        Assert.Equal(1, await db.Assignments.IgnoreQueryFilters().CountAsync(a => a.Status == AssignmentStatus.Active));
    }

    [Fact]
    public async Task Assign_AsAWorker_Returns403()
    {
        var worker = await _world.WorkerClientAsync(1);
        var response = await worker.PostAsJsonAsync($"/api/v1/units/{await FirstUnitAsync()}/assign", new { workerId = _world.WorkerIds[0] });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task TierTooLowForPersonalData_IsRefused()
    {
        await ResetAndBuildPersonalDataWorldAsync();
        var response = await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{await FirstUnitAsync()}/assign", new { workerId = _world.WorkerIds[0] });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "worker_tier_too_low_for_confidentiality");
        var sTier = await _world.WorkerAsync("s@hub.jp", WorkerTier.S);
        Assert.Equal(HttpStatusCode.OK, (await _world.Coordinator.PostAsJsonAsync($"/api/v1/units/{await FirstUnitAsync()}/assign", new { workerId = sTier })).StatusCode);
    }

    private async Task ResetAndBuildPersonalDataWorldAsync()
    {
        await TestDatabase.ResetAsync(Factory.ConnectionString);
        _world = await WorkWorld.CreateAsync(Factory, confidentiality: "PersonalData");
    }
}
