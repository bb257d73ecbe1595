using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Identity;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Assignments;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Market.Domain.Workers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Security;

/// <summary>
/// Suspending a worker or taking a role away ends their sessions within 60 s on every API instance, although an
/// access token would otherwise stay valid for 15 minutes; their leases are released and accepted work stays theirs.
/// </summary>
public sealed class SessionRevocationTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SuspendWorker_EndsTheirBearerSessionOnEveryInstanceWithin60s_ReleasesTheirLease_AndKeepsTheirAcceptedWork()
    {
        var world = await WorkWorld.CreateAsync(Factory, records: 6, batchSize: 2, workers: 0);
        var veteranId = await world.WorkerAsync("veteran@hub.jp", WorkerTier.S);
        await NeverSampleSTierAsync(world.Agent.Id);
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, world.Agent.Id);
        var owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
        var tokens = await LoginAsync(Factory, "veteran@hub.jp");
        var onThisInstance = Bearer(Factory, tokens.AccessToken);
        await using var secondInstance = new MarketApiFactory(Factory.ConnectionString);
        secondInstance.Clock.Set(Factory.Clock.GetUtcNow());
        var onSecondInstance = Bearer(secondInstance, tokens.AccessToken);

        var accepted = await ClaimAndSubmitAsync(onThisInstance);
        var held = (await (await onThisInstance.PostAsync("/api/v1/me/units/claim", null)).JsonAsync()).GetProperty("unitId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await onThisInstance.GetAsync("/api/v1/me/units")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onSecondInstance.GetAsync("/api/v1/me/units")).StatusCode);

        (await owner.PostAsJsonAsync($"/api/v1/agents/{world.Agent.Id}/workers/{veteranId}/suspend", new { reason = "情報の持ち出しの疑い" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await onThisInstance.GetAsync("/api/v1/me/units")).StatusCode);
        secondInstance.Clock.Advance(Promise);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onSecondInstance.GetAsync("/api/v1/me/units")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onSecondInstance.GetAsync($"/api/v1/units/{held}/content")).StatusCode);
        await (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");

        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        Assert.Equal(WorkUnitStatus.Available, (await db.WorkUnits.SingleAsync(u => u.Id == new WorkUnitId(held))).Status);
        Assert.False(await db.Assignments.AnyAsync(a => a.WorkerId == veteranId && a.Status == AssignmentStatus.Active), "the suspended worker still holds a lease");
        var acceptedUnit = await db.WorkUnits.SingleAsync(u => u.Id == new WorkUnitId(accepted));
        Assert.Equal(WorkUnitStatus.Accepted, acceptedUnit.Status);
        Assert.True(await db.Assignments.AnyAsync(a => a.UnitId == acceptedUnit.Id && a.WorkerId == veteranId), "the accepted work is no longer the worker's");
    }

    [Fact]
    public async Task RemovingARole_EndsTheSessionWithin60s_OnAnInstanceThatHadJustCheckedIt()
    {
        var agent = await TestData.AgentAsync(Factory, "Agent", "ROLE-1");
        var coordinator = await TestData.UserAsync(Factory, "coord@hub.jp", Roles.AgentCoordinator, agent.Id);
        var tokens = await LoginAsync(Factory, "coord@hub.jp");
        var client = Bearer(Factory, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/agents/{agent.Id}/units")).StatusCode);

        using (var scope = NewScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByIdAsync(coordinator.Id.ToString());
            IdentityResults.ThrowIfFailed(await users.RemoveFromRoleAsync(user!, Roles.AgentCoordinator));
        }

        Factory.Clock.Advance(Promise);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/v1/agents/{agent.Id}/units")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task AnUnchangedStamp_KeepsTheSessionWorkingPastTheCheckInterval()
    {
        var agent = await TestData.AgentAsync(Factory, "Agent", "ROLE-2");
        await TestData.UserAsync(Factory, "coord@hub.jp", Roles.AgentCoordinator, agent.Id);
        var client = Bearer(Factory, (await LoginAsync(Factory, "coord@hub.jp")).AccessToken);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
            Factory.Clock.Advance(Promise);
        }
    }

    private static async Task<TokenResponse> LoginAsync(MarketApiFactory api, string email) =>
        (await (await api.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = TestData.Password }))
            .Content.ReadFromJsonAsync<TokenResponse>())!;

    private static HttpClient Bearer(MarketApiFactory api, string accessToken)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private static async Task<Guid> ClaimAndSubmitAsync(HttpClient worker)
    {
        var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString()!;
        var content = await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        var submitted = await (await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit",
            new { assignmentId = claim.GetProperty("assignmentId").GetString(), content = rows })).JsonAsync();
        Assert.Equal("Accepted", submitted.GetProperty("unitStatus").GetString());
        return Guid.Parse(unitId);
    }

    private async Task NeverSampleSTierAsync(Guid agentId)
    {
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        db.AgentQualitySettings.Add(new AgentQualitySettings
        {
            AgentId = agentId, TrialShare = 10_000, BShare = 5_000, AShare = 2_000, SShare = 0, Seed = "s", CreatedAt = Factory.Clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
    }
}
