using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;

namespace Market.Api.Tests.Agents;

public sealed class AgentUnitBoardTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _client = null!;
    private HttpClient _lead = null!;
    private HttpClient _sub = null!;
    private Agent _leadAgent = null!;
    private Agent _subAgent = null!;
    private Agent _otherAgent = null!;
    private string _jobId = null!;
    private List<string> _units = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var firm = await TestData.ClientAsync(Factory, "県 子育て支援課");
        _client = await AgentLayerData.SignedInAsync(Factory, "client@pref.jp", Roles.ClientMember, firm.Id);
        _leadAgent = await AgentLayerData.AgentAsync(Factory, "幹事エージェント");
        _subAgent = await AgentLayerData.AgentAsync(Factory, "連携エージェント");
        _otherAgent = await AgentLayerData.AgentAsync(Factory, "第三のエージェント");
        _lead = await AgentLayerData.SignedInAsync(Factory, "coord@lead.jp", Roles.AgentCoordinator, _leadAgent.Id);
        _sub = await AgentLayerData.SignedInAsync(Factory, "owner@sub.jp", Roles.AgentOwner, _subAgent.Id);
        _jobId = await _client.PostJobAsync(records: 20, batchSize: 5);
        await AgentLayerData.ContractAsync(_client, _lead, _jobId);
        _units = (await _lead.UnitsAsync(_jobId)).OrderBy(u => u.GetProperty("sequence").GetInt32()).Select(u => u.GetProperty("id").GetString()!).ToList();
    }

    private async Task<string> SubcontractAsync(Guid to, bool accept, params string[] unitIds)
    {
        var id = (await (await _lead.PostAsJsonAsync($"/api/v1/jobs/{_jobId}/subcontracts", new { subAgentId = to, unitIds, price = 2_500, basis = "PerUnit" }))
            .JsonAsync()).GetProperty("id").GetString()!;
        if (accept)
        {
            (await _sub.PostAsync($"/api/v1/subcontracts/{id}/accept", null)).EnsureSuccessStatusCode();
        }

        return id;
    }

    private static async Task<JsonElement> BoardAsync(HttpClient staff, Guid agentId, string query = "") =>
        await (await staff.GetAsync($"/api/v1/agents/{agentId}/units?pageSize=100{query}")).JsonAsync();

    private static List<string> Ids(JsonElement board) =>
        board.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task Board_ShowsTheLeadItsUnitsMinusThoseHandedOver_AndTheSubAgentOnlyItsOwn()
    {
        Assert.Equal(8, _units.Count);
        await SubcontractAsync(_subAgent.Id, accept: true, _units[0], _units[1]);
        await SubcontractAsync(_otherAgent.Id, accept: false, _units[2]);
        (await _lead.PostAsync($"/api/v1/jobs/{_jobId}/start-work", null)).EnsureSuccessStatusCode();

        var lead = await BoardAsync(_lead, _leadAgent.Id);
        Assert.Equal(_units.Skip(2), Ids(lead));
        Assert.Equal(6, lead.GetProperty("total").GetInt32());
        var proposed = lead.GetProperty("items")[0];
        Assert.Equal(_otherAgent.Id, proposed.GetProperty("proposedTo").GetGuid()); // still the lead's until the other agent answers
        Assert.All(lead.GetProperty("items").EnumerateArray(), u =>
        {
            Assert.Equal("Lead", u.GetProperty("pool").GetString());
            Assert.Equal("Available", u.GetProperty("status").GetString());
        });

        var sub = await BoardAsync(_sub, _subAgent.Id);
        Assert.Equal(_units.Take(2), Ids(sub));
        Assert.All(sub.GetProperty("items").EnumerateArray(), u => Assert.Equal("Subcontract", u.GetProperty("pool").GetString()));

        var otherOwner = await AgentLayerData.SignedInAsync(Factory, "owner@other.jp", Roles.AgentOwner, _otherAgent.Id);
        Assert.Empty(Ids(await BoardAsync(otherOwner, _otherAgent.Id))); // a proposal hands nothing over yet
    }

    [Fact]
    public async Task Board_ListsHeldUnitsFirst_TheLeaseClosestToExpiryOnTop_WithTheirHolders()
    {
        var hanako = await TestData.UserAsync(Factory, "hanako@lead.jp", Roles.Worker, _leadAgent.Id, "山本 花子");
        var jiro = await TestData.UserAsync(Factory, "jiro@lead.jp", Roles.Worker, _leadAgent.Id, "田中 次郎");
        (await _lead.PostAsync($"/api/v1/jobs/{_jobId}/start-work", null)).EnsureSuccessStatusCode();
        await AgentLayerData.AssignAsync(Factory, _leadAgent.Id, Guid.Parse(_units[4]), hanako.Id);
        Factory.Clock.Advance(TimeSpan.FromMinutes(10));
        await AgentLayerData.AssignAsync(Factory, _leadAgent.Id, Guid.Parse(_units[2]), jiro.Id);

        var board = await BoardAsync(_lead, _leadAgent.Id);

        Assert.Equal([_units[4], _units[2], _units[0], _units[1], _units[3], _units[5], _units[6], _units[7]], Ids(board));
        var first = board.GetProperty("items")[0];
        Assert.Equal("Assigned", first.GetProperty("status").GetString());
        Assert.Equal(hanako.Id, first.GetProperty("holder").GetProperty("workerId").GetGuid());
        Assert.Equal("山本 花子", first.GetProperty("holder").GetProperty("displayName").GetString());
        Assert.True(first.GetProperty("leaseExpiresAt").GetDateTimeOffset() < board.GetProperty("items")[1].GetProperty("leaseExpiresAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, board.GetProperty("items")[2].GetProperty("holder").ValueKind);

        var assigned = await BoardAsync(_lead, _leadAgent.Id, "&status=Assigned");
        Assert.Equal([_units[4], _units[2]], Ids(assigned));
    }

    [Fact]
    public async Task Board_ShowsTheSubAgentsOwnWorkerHoldingASubcontractedUnit()
    {
        var kenta = await TestData.UserAsync(Factory, "kenta@sub.jp", Roles.Worker, _subAgent.Id, "佐藤 健太");
        await SubcontractAsync(_subAgent.Id, accept: true, _units[0], _units[2]);
        (await _lead.PostAsync($"/api/v1/jobs/{_jobId}/start-work", null)).EnsureSuccessStatusCode();
        await AgentLayerData.AssignAsync(Factory, _subAgent.Id, Guid.Parse(_units[2]), kenta.Id);

        var sub = await BoardAsync(_sub, _subAgent.Id);

        Assert.Equal([_units[2], _units[0]], Ids(sub));
        Assert.Equal("佐藤 健太", sub.GetProperty("items")[0].GetProperty("holder").GetProperty("displayName").GetString());
        Assert.DoesNotContain(_units[2], Ids(await BoardAsync(_lead, _leadAgent.Id)));
    }

    [Fact]
    public async Task Board_FiltersByJob()
    {
        var otherJob = await _client.PostJobAsync("別の調査票", records: 5);
        await AgentLayerData.ContractAsync(_client, _lead, otherJob);

        Assert.Equal(10, (await BoardAsync(_lead, _leadAgent.Id)).GetProperty("total").GetInt32());
        var filtered = await BoardAsync(_lead, _leadAgent.Id, $"&jobId={otherJob}");
        Assert.Equal(2, filtered.GetProperty("total").GetInt32());
        Assert.All(filtered.GetProperty("items").EnumerateArray(), u => Assert.Equal(otherJob, u.GetProperty("jobId").GetString()));
    }

    [Fact]
    public async Task Board_OfAnotherAgent_Returns404_AndForAWorker_Returns403()
    {
        await (await _sub.GetAsync($"/api/v1/agents/{_leadAgent.Id}/units")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var worker = await AgentLayerData.SignedInAsync(Factory, "worker@lead.jp", Roles.Worker, _leadAgent.Id);
        await (await worker.GetAsync($"/api/v1/agents/{_leadAgent.Id}/units")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
