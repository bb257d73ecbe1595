using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;

namespace Market.Api.Tests.Offers;

public sealed class AcceptOfferTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _client = null!;
    private HttpClient _ownerA = null!;
    private HttpClient _ownerB = null!;
    private HttpClient _op = null!;
    private Agent _agentA = null!;
    private string _jobId = null!;
    private string _offerA = null!;
    private string _offerB = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var firm = await TestData.ClientAsync(Factory, "高知県 統計課");
        _client = await AgentLayerData.SignedInAsync(Factory, "client@pref.jp", Roles.ClientMember, firm.Id);
        _agentA = await AgentLayerData.AgentAsync(Factory, "エージェントA");
        var agentB = await AgentLayerData.AgentAsync(Factory, "エージェントB");
        _ownerA = await AgentLayerData.SignedInAsync(Factory, "owner@a.jp", Roles.AgentOwner, _agentA.Id);
        _ownerB = await AgentLayerData.SignedInAsync(Factory, "owner@b.jp", Roles.AgentOwner, agentB.Id);
        _op = await AgentLayerData.SignedInAsync(Factory, "op@platform.jp", Roles.PlatformAdmin, null);
        _jobId = await _client.PostJobAsync();
        _offerA = await _ownerA.OfferAsync(_jobId, 50_000);
        _offerB = await _ownerB.OfferAsync(_jobId, 46_000);
    }

    private async Task<Dictionary<string, string>> OfferStatusesAsync() =>
        (await (await _client.GetAsync($"/api/v1/jobs/{_jobId}/offers")).JsonAsync()).EnumerateArray()
            .ToDictionary(o => o.GetProperty("id").GetString()!, o => o.GetProperty("status").GetString()!);

    [Fact]
    public async Task Accept_ContractsTheJobToTheAgent_AndDeclinesTheOtherOffers()
    {
        var accepted = await _client.AcceptAsync(_offerA);

        Assert.Equal("Contracted", accepted.GetProperty("jobStatus").GetString());
        Assert.Equal(_agentA.Id, accepted.GetProperty("contractedAgentId").GetGuid());
        Assert.Equal(50_000, accepted.GetProperty("agreedPrice").GetInt64());
        Assert.Equal(1, accepted.GetProperty("declinedOffers").GetInt32());
        var job = await (await _client.GetAsync($"/api/v1/jobs/{_jobId}")).JsonAsync();
        Assert.Equal("Contracted", job.GetProperty("status").GetString());
        Assert.Equal(_agentA.Id, job.GetProperty("contractedAgentId").GetGuid());
        Assert.Equal(50_000, job.GetProperty("agreedPrice").GetInt64());
        var statuses = await OfferStatusesAsync();
        Assert.Equal("Accepted", statuses[_offerA]);
        Assert.Equal("Declined", statuses[_offerB]);
    }

    [Fact]
    public async Task Accept_ThenTheAgentSeesTheJobAndItsUnits_TheLosingAgentSeesNeither()
    {
        await _client.AcceptAsync(_offerA);

        var jobs = await (await _ownerA.GetAsync("/api/v1/jobs")).JsonAsync();
        Assert.Equal([_jobId], jobs.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        Assert.Equal(4, (await _ownerA.UnitsAsync(_jobId)).Count);

        await (await _ownerB.GetAsync($"/api/v1/jobs/{_jobId}")).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        await (await _ownerB.GetAsync($"/api/v1/jobs/{_jobId}/units")).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        Assert.Equal(0, (await (await _ownerB.GetAsync("/api/v1/jobs")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Accept_Twice_Returns409_AndAcceptingTheDeclinedOffer_Returns409()
    {
        await _client.AcceptAsync(_offerA);

        await (await _client.PostAsync($"/api/v1/offers/{_offerA}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict, "offer_not_submitted");
        await (await _client.PostAsync($"/api/v1/offers/{_offerB}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict, "offer_not_submitted");
        var job = await (await _client.GetAsync($"/api/v1/jobs/{_jobId}")).JsonAsync();
        Assert.Equal(_agentA.Id, job.GetProperty("contractedAgentId").GetGuid());
    }

    [Fact]
    public async Task Accept_WhenTheJobIsNoLongerOpen_Returns409JobNotOpen()
    {
        (await _client.PostAsJsonAsync($"/api/v1/jobs/{_jobId}/cancel", new { reason = "予算の都合" })).EnsureSuccessStatusCode();

        await (await _client.PostAsync($"/api/v1/offers/{_offerA}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict, "job_not_open");
        Assert.Equal("Submitted", (await OfferStatusesAsync())[_offerA]);
    }

    [Fact]
    public async Task Accept_AnOfferOfASuspendedAgent_Returns409AgentNotApproved()
    {
        (await _op.PostAsJsonAsync($"/api/v1/agents/{_agentA.Id}/suspend", new { reason = "納期遅延の調査中" })).EnsureSuccessStatusCode();

        await (await _client.PostAsync($"/api/v1/offers/{_offerA}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict, "agent_not_approved");
    }

    [Fact]
    public async Task Accept_ByAnotherClientOrByTheAgent_IsRefused()
    {
        var otherFirm = await TestData.ClientAsync(Factory, "別の会社");
        var otherClient = await AgentLayerData.SignedInAsync(Factory, "client@other.jp", Roles.ClientMember, otherFirm.Id);

        await (await otherClient.PostAsync($"/api/v1/offers/{_offerA}/accept", null)).AssertProblemAsync(HttpStatusCode.NotFound, "offer_not_found");
        await (await _ownerA.PostAsync($"/api/v1/offers/{_offerA}/accept", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("Submitted", (await OfferStatusesAsync())[_offerA]);
    }

    [Fact]
    public async Task Accept_WithAnIdempotencyKeyRetried_ReplaysTheContract()
    {
        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/offers/{_offerA}/accept");
            request.Headers.Add("Idempotency-Key", "accept-offer-a");
            return await _client.SendAsync(request);
        }

        var first = await (await Send()).JsonAsync();
        var retry = await Send();

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("jobStatus").GetString(), (await retry.JsonAsync()).GetProperty("jobStatus").GetString());
    }

    [Fact]
    public async Task Accept_AddsToTheAgentsActiveJobs()
    {
        await _client.AcceptAsync(_offerA);

        var profile = await (await _ownerA.GetAsync($"/api/v1/agents/{_agentA.Id}")).JsonAsync();
        Assert.Equal(1, profile.GetProperty("activeJobs").GetInt32());
    }

    [Fact]
    public async Task StartWork_ByTheContractedAgent_MakesEveryUnitAvailable_Once()
    {
        await _client.AcceptAsync(_offerA);
        Assert.All(await _ownerA.UnitsAsync(_jobId), u => Assert.Equal("Pending", u.GetProperty("status").GetString()));

        var started = await (await _ownerA.PostAsync($"/api/v1/jobs/{_jobId}/start-work", null)).JsonAsync();

        Assert.Equal("InProgress", started.GetProperty("status").GetString());
        Assert.Equal(4, started.GetProperty("unitsMadeAvailable").GetInt32());
        Assert.All(await _client.UnitsAsync(_jobId), u => Assert.Equal("Available", u.GetProperty("status").GetString()));
        await (await _ownerA.PostAsync($"/api/v1/jobs/{_jobId}/start-work", null)).AssertProblemAsync(HttpStatusCode.Conflict, "job_not_contracted");
    }

    [Fact]
    public async Task StartWork_ByAnotherAgentOrTheClient_IsRefused_AndNothingIsReleased()
    {
        await _client.AcceptAsync(_offerA);

        await (await _ownerB.PostAsync($"/api/v1/jobs/{_jobId}/start-work", null)).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        await (await _client.PostAsync($"/api/v1/jobs/{_jobId}/start-work", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.All(await _client.UnitsAsync(_jobId), u => Assert.Equal("Pending", u.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task StartWork_BeforeTheJobIsContracted_Returns404ForTheBiddingAgent()
    {
        await (await _ownerA.PostAsync($"/api/v1/jobs/{_jobId}/start-work", null)).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
    }

    [Fact]
    public async Task Accept_TwoOffersAtOnce_ExactlyOneContractsTheJob()
    {
        var responses = await Task.WhenAll(
            _client.PostAsync($"/api/v1/offers/{_offerA}/accept", null),
            _client.PostAsync($"/api/v1/offers/{_offerB}/accept", null));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        var contracted = (await winner.JsonAsync()).GetProperty("contractedAgentId").GetGuid();
        var job = await (await _client.GetAsync($"/api/v1/jobs/{_jobId}")).JsonAsync();
        Assert.Equal(contracted, job.GetProperty("contractedAgentId").GetGuid());
        Assert.Single((await OfferStatusesAsync()).Values, s => s == "Accepted");
    }
}
