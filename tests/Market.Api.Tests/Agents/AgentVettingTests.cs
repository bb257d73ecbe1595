using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;

namespace Market.Api.Tests.Agents;

public sealed class AgentVettingTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _operator = null!;
    private Agent _pending = null!;
    private Agent _approved = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _pending = await AgentLayerData.AgentAsync(Factory, "しまんと在宅ワーク協同組合", approved: false);
        _approved = await AgentLayerData.AgentAsync(Factory, "土佐テレワークNPO", prefecture: "高知県", privacyMark: true);
        _operator = await AgentLayerData.SignedInAsync(Factory, "op@platform.jp", Roles.PlatformAdmin, null);
    }

    [Fact]
    public async Task ListAgents_AsOperatorWithStatus_ReturnsOnlyThoseWithRegionCertificationsAndCapacity()
    {
        var pending = await (await _operator.GetAsync("/api/v1/agents?status=Pending")).JsonAsync();
        Assert.Equal([_pending.Id], pending.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));

        var all = await (await _operator.GetAsync("/api/v1/agents")).JsonAsync();
        Assert.Equal(2, all.GetProperty("total").GetInt32());
        var approved = all.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == _approved.Id);
        Assert.Equal("Approved", approved.GetProperty("vettingStatus").GetString());
        Assert.Equal("高知県", approved.GetProperty("prefecture").GetString());
        Assert.Equal(["PrivacyMark"], approved.GetProperty("certifications").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(Agent.DefaultMaxConcurrentJobs, approved.GetProperty("maxConcurrentJobs").GetInt32());
    }

    [Fact]
    public async Task Approve_WhenPending_ApprovesAndStampsTheTime_ButNotTwice()
    {
        Factory.Clock.Set(new DateTimeOffset(2026, 11, 21, 10, 30, 0, TimeSpan.Zero)); // whole seconds: timestamptz keeps microseconds only
        var profile = await (await _operator.PostAsync($"/api/v1/agents/{_pending.Id}/approve", null)).JsonAsync();
        Assert.Equal("Approved", profile.GetProperty("vettingStatus").GetString());
        Assert.Equal(Factory.Clock.GetUtcNow(), profile.GetProperty("vettedAt").GetDateTimeOffset());

        await (await _operator.PostAsync($"/api/v1/agents/{_pending.Id}/approve", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, "agent_already_approved");
    }

    [Fact]
    public async Task SuspendThenReinstate_WithReasons_MoveTheAgentBackAndForth()
    {
        var suspended = await (await _operator.PostAsJsonAsync($"/api/v1/agents/{_approved.Id}/suspend", new { reason = "検品記録の不備" })).JsonAsync();
        Assert.Equal("Suspended", suspended.GetProperty("vettingStatus").GetString());
        Assert.Equal("検品記録の不備", suspended.GetProperty("vettingReason").GetString());

        var reinstated = await (await _operator.PostAsJsonAsync($"/api/v1/agents/{_approved.Id}/reinstate", new { reason = "改善を確認" })).JsonAsync();
        Assert.Equal("Approved", reinstated.GetProperty("vettingStatus").GetString());
    }

    [Fact]
    public async Task Suspend_WithoutAReason_Returns422WithTheDomainCode()
    {
        await (await _operator.PostAsJsonAsync($"/api/v1/agents/{_approved.Id}/suspend", new { reason = "  " }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "agent_suspension_reason_required");
    }

    [Fact]
    public async Task Reinstate_WhenNotSuspended_Returns409()
    {
        await (await _operator.PostAsJsonAsync($"/api/v1/agents/{_approved.Id}/reinstate", new { reason = "念のため" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "agent_not_suspended");
    }

    [Fact]
    public async Task Certifications_GrantAndRevoke_AreRecordedOnTheAgent()
    {
        var granted = await (await _operator.PostAsJsonAsync($"/api/v1/agents/{_pending.Id}/certifications", new { certification = "Isms", granted = true })).JsonAsync();
        Assert.Equal(["Isms"], granted.GetProperty("certifications").EnumerateArray().Select(c => c.GetString()));

        var revoked = await (await _operator.PostAsJsonAsync($"/api/v1/agents/{_approved.Id}/certifications", new { certification = "PrivacyMark", granted = false })).JsonAsync();
        Assert.Empty(revoked.GetProperty("certifications").EnumerateArray());
    }

    [Fact]
    public async Task Certifications_WithAnUnknownName_Returns400()
    {
        var response = await _operator.PostAsJsonAsync($"/api/v1/agents/{_pending.Id}/certifications", new { certification = "Iso9001", granted = true });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Capacity_InRange_IsSet_OutOfRange_Returns422()
    {
        var set = await (await _operator.PutAsJsonAsync($"/api/v1/agents/{_approved.Id}/capacity", new { maxConcurrentJobs = 7 })).JsonAsync();
        Assert.Equal(7, set.GetProperty("maxConcurrentJobs").GetInt32());

        await (await _operator.PutAsJsonAsync($"/api/v1/agents/{_approved.Id}/capacity", new { maxConcurrentJobs = 0 }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "agent_capacity_out_of_range");
    }

    [Fact]
    public async Task Vetting_OfAnUnknownAgent_Returns404()
    {
        await (await _operator.PostAsync($"/api/v1/agents/{Guid.NewGuid()}/approve", null))
            .AssertProblemAsync(HttpStatusCode.NotFound, "agent_not_found");
    }

    [Fact]
    public async Task Vetting_ByTheAgentsOwnOwnerOrAClient_Returns403AndChangesNothing()
    {
        var owner = await AgentLayerData.SignedInAsync(Factory, "owner@pending.jp", Roles.AgentOwner, _pending.Id);
        var firm = await TestData.ClientAsync(Factory, "県庁");
        var client = await AgentLayerData.SignedInAsync(Factory, "client@pref.jp", Roles.ClientMember, firm.Id);

        await (await owner.PostAsync($"/api/v1/agents/{_pending.Id}/approve", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await owner.PutAsJsonAsync($"/api/v1/agents/{_pending.Id}/capacity", new { maxConcurrentJobs = 50 }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync("/api/v1/agents")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var profile = await (await _operator.GetAsync($"/api/v1/agents/{_pending.Id}")).JsonAsync();
        Assert.Equal("Pending", profile.GetProperty("vettingStatus").GetString());
        Assert.Equal(Agent.DefaultMaxConcurrentJobs, profile.GetProperty("maxConcurrentJobs").GetInt32());
    }

    [Fact]
    public async Task GetAgent_ForItsOwnStaffAndTheOperator_ReturnsTheProfile_OthersGet404()
    {
        var reviewer = await AgentLayerData.SignedInAsync(Factory, "qc@tosa.jp", Roles.AgentReviewer, _approved.Id);
        var stranger = await AgentLayerData.SignedInAsync(Factory, "owner@pending.jp", Roles.AgentOwner, _pending.Id);

        var own = await (await reviewer.GetAsync($"/api/v1/agents/{_approved.Id}")).JsonAsync();
        Assert.Equal("土佐テレワークNPO", own.GetProperty("name").GetString());
        Assert.Equal(0, own.GetProperty("activeJobs").GetInt32());
        await (await _operator.GetAsync($"/api/v1/agents/{_approved.Id}")).JsonAsync();

        var response = await stranger.GetAsync($"/api/v1/agents/{_approved.Id}");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain("土佐", await response.Content.ReadAsStringAsync());
    }
}
