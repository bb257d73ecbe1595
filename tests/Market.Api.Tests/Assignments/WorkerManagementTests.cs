using System.Net;
using System.Net.Http.Json;
using Market.Api.Identity;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Units;

namespace Market.Api.Tests.Assignments;

public sealed class WorkerManagementTests(ApiFixture fixture) : ApiTest(fixture)
{
    private WorkWorld _world = null!;
    private HttpClient _owner = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory);
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, _world.Agent.Id);
        _owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
    }

    [Fact]
    public async Task MyProfile_CanBeReadAndUpdated_AndBadValuesAreRefused()
    {
        var worker = await _world.WorkerClientAsync(1);
        var profile = await (await worker.GetAsync("/api/v1/me/profile")).JsonAsync();
        Assert.Equal("Trial", profile.GetProperty("tier").GetString());
        Assert.True(profile.GetProperty("certifications")[0].GetProperty("valid").GetBoolean());

        var updated = await (await worker.PutAsJsonAsync("/api/v1/me/profile", new
        {
            hoursPerWeek = 12, maxConcurrentUnits = 2, skills = new[] { "Transcription" }, prefecture = "高知県", municipality = "梼原町",
        })).JsonAsync();
        Assert.Equal(12, updated.GetProperty("hoursPerWeek").GetInt32());
        Assert.Equal(["Transcription"], updated.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));

        var tooMany = await worker.PutAsJsonAsync("/api/v1/me/profile", new
        {
            hoursPerWeek = 80, maxConcurrentUnits = 2, skills = Array.Empty<string>(), prefecture = "高知県", municipality = "梼原町",
        });
        await tooMany.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "worker_hours_per_week_out_of_range");
    }

    [Fact]
    public async Task Suspend_ReturnsUnitsInHandToThePool_AndStopsSignInAndRefresh()
    {
        var workerClient = await _world.WorkerClientAsync(1);
        var claim = await (await workerClient.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var login = await (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "w1@hub.jp", password = TestData.Password }))
            .Content.ReadFromJsonAsync<TokenResponse>();

        var suspended = await (await _owner.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/workers/{_world.WorkerIds[0]}/suspend", new { reason = "情報の持ち出しの疑い" })).JsonAsync();
        Assert.Equal("Suspended", suspended.GetProperty("status").GetString());

        var unit = (await _world.UnitsAsync()).Single(u => u.Id.Value.ToString() == claim.GetProperty("unitId").GetString());
        Assert.Equal(WorkUnitStatus.Available, unit.Status);
        await (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "w1@hub.jp", password = TestData.Password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "account_suspended");
        await (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login!.RefreshToken }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");

        var reinstated = await (await _owner.PostAsync($"/api/v1/agents/{_world.Agent.Id}/workers/{_world.WorkerIds[0]}/reinstate", null)).JsonAsync();
        Assert.Equal("Active", reinstated.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "w1@hub.jp", password = TestData.Password })).StatusCode);
    }

    [Fact]
    public async Task Suspend_ByACoordinatorOrAnotherAgentsOwner_IsRefused()
    {
        await (await _world.Coordinator.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/workers/{_world.WorkerIds[0]}/suspend", new { reason = "x" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var other = await TestData.AgentAsync(Factory, "Other", "OTH-9");
        await TestData.UserAsync(Factory, "owner@other.jp", Roles.AgentOwner, other.Id);
        var otherOwner = await Factory.ClientForAsync("owner@other.jp", TestData.Password);
        await (await otherOwner.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/workers/{_world.WorkerIds[0]}/suspend", new { reason = "x" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _owner.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/workers/{_world.WorkerIds[0]}/suspend", new { reason = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Teams_AreCreatedAndFilledWithTheAgentsWorkers_Only()
    {
        var team = await (await _world.Coordinator.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/teams", new { name = "梼原チーム" })).JsonAsync();
        var teamId = team.GetProperty("id").GetString();
        var filled = await (await _world.Coordinator.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/teams/{teamId}/members", new { userId = _world.WorkerIds[0] })).JsonAsync();
        Assert.Equal([_world.WorkerIds[0]], filled.GetProperty("memberUserIds").EnumerateArray().Select(m => m.GetGuid()));

        var other = await TestData.AgentAsync(Factory, "Other", "OTH-8");
        var stranger = await TestData.UserAsync(Factory, "s@other.jp", Roles.Worker, other.Id);
        await (await _world.Coordinator.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/teams/{teamId}/members", new { userId = stranger.Id }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "worker_not_found");
        var teams = await (await _world.Coordinator.GetAsync($"/api/v1/agents/{_world.Agent.Id}/teams")).JsonAsync();
        Assert.Equal("梼原チーム", Assert.Single(teams.EnumerateArray()).GetProperty("name").GetString());
    }
}
