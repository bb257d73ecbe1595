using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;

namespace Market.Api.Tests.Agents;

public sealed class OpenJobsTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _client = null!;
    private Agent _kochi = null!;
    private HttpClient _kochiOwner = null!;
    private string _anywhere = null!;
    private string _hokkaidoOnly = null!;
    private string _personalData = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var firm = await TestData.ClientAsync(Factory, "県庁 情報政策課");
        _client = await AgentLayerData.SignedInAsync(Factory, "client@pref.jp", Roles.ClientMember, firm.Id);
        _kochi = await AgentLayerData.AgentAsync(Factory, "四万十テレワーク", prefecture: "高知県");
        _kochiOwner = await AgentLayerData.SignedInAsync(Factory, "owner@shimanto.jp", Roles.AgentOwner, _kochi.Id);
        _anywhere = await _client.PostJobAsync("どこでも 入力");
        _hokkaidoOnly = await _client.PostJobAsync("北海道 限定", regions: ["北海道"]);
        _personalData = await _client.PostJobAsync("個人情報 入力", confidentiality: "PersonalData");
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient agent, Guid agentId, bool includeIneligible = false) =>
        (await (await agent.GetAsync($"/api/v1/agents/{agentId}/open-jobs?includeIneligible={includeIneligible}")).JsonAsync())
            .GetProperty("items").EnumerateArray().ToList();

    private static string Id(JsonElement job) => job.GetProperty("id").GetString()!;

    [Fact]
    public async Task OpenJobs_ForAKochiAgentWithoutPrivacyMark_ListsOnlyTheJobItMayOfferFor()
    {
        var items = await ItemsAsync(_kochiOwner, _kochi.Id);

        Assert.Equal([_anywhere], items.Select(Id));
        var job = items.Single();
        Assert.True(job.GetProperty("eligible").GetBoolean());
        Assert.Equal("DataEntry", job.GetProperty("type").GetString());
        Assert.Equal("Standard", job.GetProperty("confidentiality").GetString());
        Assert.Equal(4, job.GetProperty("quote").GetProperty("unitCount").GetInt32());
        Assert.True(job.GetProperty("quote").GetProperty("clientPriceBeforeTax").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("liveOfferId").ValueKind);
    }

    [Fact]
    public async Task OpenJobs_IncludingIneligible_ExplainsEachRefusalWithItsCode()
    {
        var items = (await ItemsAsync(_kochiOwner, _kochi.Id, includeIneligible: true)).ToDictionary(Id);

        Assert.Equal(3, items.Count);
        string[] Codes(string jobId) => items[jobId].GetProperty("refusals").EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToArray();
        Assert.Empty(Codes(_anywhere));
        Assert.Equal(["agent_region_mismatch"], Codes(_hokkaidoOnly));
        Assert.Equal(["agent_lacks_privacy_mark"], Codes(_personalData));
        Assert.False(items[_personalData].GetProperty("eligible").GetBoolean());
        Assert.Equal(["北海道"], items[_hokkaidoOnly].GetProperty("regionPreference").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task OpenJobs_ForAHokkaidoAgentWithPrivacyMark_ListsTheRegionalAndPersonalDataJobs()
    {
        var hokkaido = await AgentLayerData.AgentAsync(Factory, "道北在宅ワーク", prefecture: "北海道", privacyMark: true);
        var coordinator = await AgentLayerData.SignedInAsync(Factory, "coord@dohoku.jp", Roles.AgentCoordinator, hokkaido.Id);

        var items = await ItemsAsync(coordinator, hokkaido.Id);

        Assert.Equal([_anywhere, _hokkaidoOnly, _personalData], items.Select(Id).Order());
    }

    [Fact]
    public async Task OpenJobs_ForAPendingAgent_ListsNothing_AndSaysItIsNotApproved()
    {
        var pending = await AgentLayerData.AgentAsync(Factory, "未審査の団体", approved: false);
        var owner = await AgentLayerData.SignedInAsync(Factory, "owner@pending.jp", Roles.AgentOwner, pending.Id);

        Assert.Empty(await ItemsAsync(owner, pending.Id));
        var anywhere = (await ItemsAsync(owner, pending.Id, includeIneligible: true)).Single(j => Id(j) == _anywhere);
        Assert.Equal(["agent_not_approved"], anywhere.GetProperty("refusals").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task OpenJobs_WhenTheAgentIsAtCapacity_ListsNothing_AndSaysCapacityIsFull()
    {
        var op = await AgentLayerData.SignedInAsync(Factory, "op@platform.jp", Roles.PlatformAdmin, null);
        (await op.PutAsJsonAsync($"/api/v1/agents/{_kochi.Id}/capacity", new { maxConcurrentJobs = 1 })).EnsureSuccessStatusCode();
        await AgentLayerData.ContractAsync(_client, _kochiOwner, _anywhere);
        var another = await _client.PostJobAsync("もう一件");

        Assert.Empty(await ItemsAsync(_kochiOwner, _kochi.Id));
        var page = await (await _kochiOwner.GetAsync($"/api/v1/agents/{_kochi.Id}/open-jobs?includeIneligible=true")).JsonAsync();
        Assert.Equal(1, page.GetProperty("activeJobs").GetInt32());
        var refused = page.GetProperty("items").EnumerateArray().Single(j => Id(j) == another);
        Assert.Equal(["agent_capacity_full"], refused.GetProperty("refusals").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), j => Id(j) == _anywhere); // contracted: no longer open
    }

    [Fact]
    public async Task OpenJobs_AfterOffering_MarksTheAgentsLiveOffer()
    {
        var offerId = await _kochiOwner.OfferAsync(_anywhere);

        var job = (await ItemsAsync(_kochiOwner, _kochi.Id)).Single();
        Assert.Equal(offerId, job.GetProperty("liveOfferId").GetString());
    }

    [Fact]
    public async Task OpenJobs_OfAnotherAgent_Returns404_AndForAWorkerOrReviewer_Returns403()
    {
        var other = await AgentLayerData.AgentAsync(Factory, "別のエージェント");
        var otherOwner = await AgentLayerData.SignedInAsync(Factory, "owner@other.jp", Roles.AgentOwner, other.Id);
        var worker = await AgentLayerData.SignedInAsync(Factory, "worker@shimanto.jp", Roles.Worker, _kochi.Id);

        await (await otherOwner.GetAsync($"/api/v1/agents/{_kochi.Id}/open-jobs")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await worker.GetAsync($"/api/v1/agents/{_kochi.Id}/open-jobs")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task OpenJob_IsStillHiddenFromAgents_InTheJobsList()
    {
        var jobs = await (await _kochiOwner.GetAsync("/api/v1/jobs")).JsonAsync();
        Assert.Equal(0, jobs.GetProperty("total").GetInt32());
        await (await _kochiOwner.GetAsync($"/api/v1/jobs/{_anywhere}")).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
    }
}
