using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;

namespace Market.Api.Tests.Offers;

public sealed class SubcontractTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _client = null!;
    private HttpClient _lead = null!;
    private HttpClient _sub = null!;
    private HttpClient _third = null!;
    private Agent _leadAgent = null!;
    private Agent _subAgent = null!;
    private Agent _thirdAgent = null!;
    private string _jobId = null!;
    private List<string> _units = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var firm = await TestData.ClientAsync(Factory, "県 観光振興課");
        _client = await AgentLayerData.SignedInAsync(Factory, "client@pref.jp", Roles.ClientMember, firm.Id);
        _leadAgent = await AgentLayerData.AgentAsync(Factory, "幹事エージェント");
        _subAgent = await AgentLayerData.AgentAsync(Factory, "連携エージェント");
        _thirdAgent = await AgentLayerData.AgentAsync(Factory, "無関係エージェント");
        _lead = await AgentLayerData.SignedInAsync(Factory, "owner@lead.jp", Roles.AgentOwner, _leadAgent.Id);
        _sub = await AgentLayerData.SignedInAsync(Factory, "coord@sub.jp", Roles.AgentCoordinator, _subAgent.Id);
        _third = await AgentLayerData.SignedInAsync(Factory, "owner@third.jp", Roles.AgentOwner, _thirdAgent.Id);
        _jobId = await _client.PostJobAsync();
        await AgentLayerData.ContractAsync(_client, _lead, _jobId);
        _units = (await _lead.UnitsAsync(_jobId)).OrderBy(u => u.GetProperty("sequence").GetInt32()).Select(u => u.GetProperty("id").GetString()!).ToList();
    }

    private Task<HttpResponseMessage> ProposeAsync(HttpClient by, Guid subAgentId, IEnumerable<string> unitIds, long price = 3_000, string basis = "PerUnit", string? jobId = null) =>
        by.PostAsJsonAsync($"/api/v1/jobs/{jobId ?? _jobId}/subcontracts", new { subAgentId, unitIds, price, basis });

    private async Task<string> ProposedAsync(Guid subAgentId, params string[] unitIds) =>
        (await (await ProposeAsync(_lead, subAgentId, unitIds)).JsonAsync()).GetProperty("id").GetString()!;

    private async Task<string> AcceptedAsync(params string[] unitIds)
    {
        var id = await ProposedAsync(_subAgent.Id, unitIds);
        (await _sub.PostAsync($"/api/v1/subcontracts/{id}/accept", null)).EnsureSuccessStatusCode();
        return id;
    }

    [Fact]
    public async Task Propose_ByTheLead_Returns201WithTheUnitsAndTheTotalPrice()
    {
        var response = await ProposeAsync(_lead, _subAgent.Id, [_units[1], _units[0]], price: 3_000);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var subcontract = await response.JsonAsync();
        Assert.Equal($"/api/v1/subcontracts/{subcontract.GetProperty("id").GetString()}", response.Headers.Location?.ToString());
        Assert.Equal("Proposed", subcontract.GetProperty("status").GetString());
        Assert.Equal([_units[0], _units[1]], subcontract.GetProperty("unitIds").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(6_000, subcontract.GetProperty("totalPrice").GetInt64());
        Assert.Equal("連携エージェント", subcontract.GetProperty("subAgentName").GetString());
        Assert.Equal("幹事エージェント", subcontract.GetProperty("leadAgentName").GetString());
    }

    [Fact]
    public async Task Accepted_TheSubAgentSeesTheJobAndOnlyItsUnits_TheLeadSeesAll_AThirdAgentNothing()
    {
        var subcontractId = await AcceptedAsync(_units[0], _units[1]);

        (await _sub.GetAsync($"/api/v1/jobs/{_jobId}")).EnsureSuccessStatusCode();
        Assert.Equal(new[] { _units[0], _units[1] }.Order(), (await _sub.UnitsAsync(_jobId)).Select(u => u.GetProperty("id").GetString()).Order());
        Assert.Equal([subcontractId], (await (await _sub.GetAsync($"/api/v1/jobs/{_jobId}/subcontracts")).JsonAsync())
            .EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        Assert.Equal(4, (await _lead.UnitsAsync(_jobId)).Count);
        Assert.Single((await (await _lead.GetAsync($"/api/v1/jobs/{_jobId}/subcontracts")).JsonAsync()).EnumerateArray());

        await (await _third.GetAsync($"/api/v1/jobs/{_jobId}")).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        await (await _third.GetAsync($"/api/v1/jobs/{_jobId}/units")).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        await (await _third.GetAsync($"/api/v1/jobs/{_jobId}/subcontracts")).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        await (await _third.GetAsync($"/api/v1/subcontracts/{subcontractId}")).AssertProblemAsync(HttpStatusCode.NotFound, "subcontract_not_found");
    }

    [Fact]
    public async Task Propose_ToItself_Returns409SubcontractToSelf()
    {
        await (await ProposeAsync(_lead, _leadAgent.Id, [_units[0]])).AssertProblemAsync(HttpStatusCode.Conflict, "subcontract_to_self");
    }

    [Fact]
    public async Task Propose_AUnitAlreadyInALiveSubcontract_Returns409_UntilTheFirstIsDeclined()
    {
        var first = await ProposedAsync(_subAgent.Id, _units[0], _units[1]);

        await (await ProposeAsync(_lead, _thirdAgent.Id, [_units[1], _units[2]]))
            .AssertProblemAsync(HttpStatusCode.Conflict, "subcontract_unit_already_subcontracted");

        var declined = await (await _sub.PostAsJsonAsync($"/api/v1/subcontracts/{first}/decline", new { reason = "繁忙期で人手が足りません" })).JsonAsync();
        Assert.Equal("Declined", declined.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Created, (await ProposeAsync(_lead, _thirdAgent.Id, [_units[1], _units[2]])).StatusCode);
    }

    [Fact]
    public async Task Propose_ToAnUnapprovedAgent_Returns409AgentNotApproved()
    {
        var pending = await AgentLayerData.AgentAsync(Factory, "審査待ち", approved: false);

        await (await ProposeAsync(_lead, pending.Id, [_units[0]])).AssertProblemAsync(HttpStatusCode.Conflict, "agent_not_approved");
    }

    [Fact]
    public async Task Propose_OfAnotherJobsUnitOrToAnUnknownAgent_Returns422()
    {
        var otherJob = await _client.PostJobAsync("別の仕事");
        await AgentLayerData.ContractAsync(_client, _lead, otherJob);
        var foreignUnit = (await _lead.UnitsAsync(otherJob))[0].GetProperty("id").GetString()!;

        await (await ProposeAsync(_lead, _subAgent.Id, [_units[0], foreignUnit]))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "subcontract_unit_not_found");
        await (await ProposeAsync(_lead, Guid.NewGuid(), [_units[0]]))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "subcontract_sub_agent_not_found");
    }

    [Fact]
    public async Task Propose_WithNoUnitsOrAZeroPrice_Returns400()
    {
        await (await ProposeAsync(_lead, _subAgent.Id, [])).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await ProposeAsync(_lead, _subAgent.Id, [_units[0]], price: 0)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Propose_ByTheSubAgent_Returns409NotLead_AndByAnAgentNotOnTheJob_Returns404()
    {
        await AcceptedAsync(_units[0]);

        await (await ProposeAsync(_sub, _thirdAgent.Id, [_units[0]])).AssertProblemAsync(HttpStatusCode.Conflict, "subcontract_not_lead_agent");
        await (await ProposeAsync(_third, _subAgent.Id, [_units[2]])).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
    }

    [Fact]
    public async Task Answer_OnlyTheSubAgentAnswers_AndOnlyOnce()
    {
        var id = await ProposedAsync(_subAgent.Id, _units[0]);

        await (await _lead.PostAsync($"/api/v1/subcontracts/{id}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict, "subcontract_not_sub_agent");
        await (await _third.PostAsync($"/api/v1/subcontracts/{id}/accept", null)).AssertProblemAsync(HttpStatusCode.NotFound, "subcontract_not_found");
        await (await _sub.PostAsJsonAsync($"/api/v1/subcontracts/{id}/decline", new { reason = "" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "subcontract_reason_required");

        var accepted = await (await _sub.PostAsync($"/api/v1/subcontracts/{id}/accept", null)).JsonAsync();
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
        await (await _sub.PostAsync($"/api/v1/subcontracts/{id}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict, "subcontract_not_proposed");
    }

    [Fact]
    public async Task Cancel_ByTheLeadBeforeWorkStarts_TakesTheUnitsBack_AndTheSubAgentLosesSightOfTheJob()
    {
        var id = await AcceptedAsync(_units[0]);

        await (await _sub.PostAsJsonAsync($"/api/v1/subcontracts/{id}/cancel", new { reason = "取り消したい" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "subcontract_not_lead_agent");
        var cancelled = await (await _lead.PostAsJsonAsync($"/api/v1/subcontracts/{id}/cancel", new { reason = "納期が前倒しになったため自社で対応" })).JsonAsync();

        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        await (await _sub.GetAsync($"/api/v1/jobs/{_jobId}")).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        // The sub-agent still finds the subcontract it was part of, but no longer the units.
        Assert.Equal("Cancelled", (await (await _sub.GetAsync($"/api/v1/jobs/{_jobId}/subcontracts")).JsonAsync())[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task StartWork_ReleasesSubcontractedUnitsToo()
    {
        await AcceptedAsync(_units[0], _units[1]);

        (await _lead.PostAsync($"/api/v1/jobs/{_jobId}/start-work", null)).EnsureSuccessStatusCode();

        Assert.All(await _sub.UnitsAsync(_jobId), u => Assert.Equal("Available", u.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task StartWork_ByTheSubAgent_Returns403()
    {
        await AcceptedAsync(_units[0]);

        await (await _sub.PostAsync($"/api/v1/jobs/{_jobId}/start-work", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "job_not_lead_agent");
    }

    [Fact]
    public async Task AcceptedSubcontract_CountsTowardsTheSubAgentsActiveJobs()
    {
        await AcceptedAsync(_units[0]);

        var profile = await (await _sub.GetAsync($"/api/v1/agents/{_subAgent.Id}")).JsonAsync();
        Assert.Equal(1, profile.GetProperty("activeJobs").GetInt32());
    }

    [Fact]
    public async Task Propose_OverlappingSetsAtOnce_OnlyOneGetsTheSharedUnit()
    {
        var responses = await Task.WhenAll(
            ProposeAsync(_lead, _subAgent.Id, [_units[0], _units[1]]),
            ProposeAsync(_lead, _thirdAgent.Id, [_units[1], _units[2]]));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        await responses.Single(r => r.StatusCode != HttpStatusCode.Created)
            .AssertProblemAsync(HttpStatusCode.Conflict, "subcontract_unit_already_subcontracted");
        Assert.Single((await (await _lead.GetAsync($"/api/v1/jobs/{_jobId}/subcontracts")).JsonAsync()).EnumerateArray());
    }
}
