using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Tenancy;

public sealed class TenantIsolationTests(ApiFixture fixture) : ApiTest(fixture)
{
    private Agent _agentA = null!;
    private Agent _agentB = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _agentA = await TestData.AgentAsync(Factory, "Agent A", "A-CODE");
        _agentB = await TestData.AgentAsync(Factory, "Agent B", "B-CODE");
        await TestData.UserAsync(Factory, "coord.a@example.jp", Roles.AgentCoordinator, _agentA.Id);
        await TestData.UserAsync(Factory, "coord.b@example.jp", Roles.AgentCoordinator, _agentB.Id);
        await TestData.UserAsync(Factory, "worker.a@example.jp", Roles.Worker, _agentA.Id, "在宅 A");
        await TestData.UserAsync(Factory, "worker.b@example.jp", Roles.Worker, _agentB.Id, "在宅 B");
        await TestData.UserAsync(Factory, "op@example.jp", Roles.PlatformAdmin, null);
    }

    [Fact]
    public async Task ListWorkers_ForOwnAgent_ReturnsOnlyThatAgentsWorkers()
    {
        var client = await Factory.ClientForAsync("coord.a@example.jp", TestData.Password);
        var workers = await client.GetFromJsonAsync<JsonElement>($"/api/v1/agents/{_agentA.Id}/workers");
        Assert.Equal(["在宅 A"], workers.EnumerateArray().Select(w => w.GetProperty("displayName").GetString()));
    }

    [Fact]
    public async Task ListWorkers_ForAnotherAgent_Returns404AndLeaksNoData()
    {
        var client = await Factory.ClientForAsync("coord.b@example.jp", TestData.Password);
        var response = await client.GetAsync($"/api/v1/agents/{_agentA.Id}/workers");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain("在宅 A", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ListWorkers_AsAWorkerOfThatAgent_Returns403()
    {
        var client = await Factory.ClientForAsync("worker.a@example.jp", TestData.Password);
        var response = await client.GetAsync($"/api/v1/agents/{_agentA.Id}/workers");
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ListWorkers_AsOperator_SeesAnyAgent()
    {
        var client = await Factory.ClientForAsync("op@example.jp", TestData.Password);
        var response = await client.GetAsync($"/api/v1/agents/{_agentB.Id}/workers");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var workers = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["在宅 B"], workers.EnumerateArray().Select(w => w.GetProperty("displayName").GetString()));
    }

    [Fact]
    public async Task TenantFilter_ScopesEveryQueryToTheCallersTenant_WithoutTheHandlerAsking()
    {
        using var scope = NewScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()),
                new Claim(MarketClaimTypes.TenantKind, nameof(TenantKind.Agent)),
                new Claim(MarketClaimTypes.TenantId, _agentB.Id.ToString()),
            ], "test")),
        };
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var tenants = await db.Memberships.Select(m => m.TenantId).Distinct().ToListAsync();
            Assert.Equal([_agentB.Id], tenants);
            Assert.True(await db.Memberships.IgnoreQueryFilters().CountAsync() > 2, "the unfiltered table holds other tenants' rows");
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }
}
