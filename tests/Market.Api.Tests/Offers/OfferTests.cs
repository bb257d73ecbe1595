using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Offers;

public sealed class OfferTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _client = null!;
    private HttpClient _ownerA = null!;
    private HttpClient _ownerB = null!;
    private Agent _agentA = null!;
    private string _jobId = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var firm = await TestData.ClientAsync(Factory, "四万十町役場");
        _client = await AgentLayerData.SignedInAsync(Factory, "client@town.jp", Roles.ClientMember, firm.Id);
        _agentA = await AgentLayerData.AgentAsync(Factory, "エージェントA");
        var agentB = await AgentLayerData.AgentAsync(Factory, "エージェントB");
        _ownerA = await AgentLayerData.SignedInAsync(Factory, "owner@a.jp", Roles.AgentOwner, _agentA.Id);
        _ownerB = await AgentLayerData.SignedInAsync(Factory, "coord@b.jp", Roles.AgentCoordinator, agentB.Id);
        _jobId = await _client.PostJobAsync();
    }

    private Task<HttpResponseMessage> SubmitAsync(HttpClient agent, object? offer = null) =>
        agent.PostAsJsonAsync($"/api/v1/jobs/{_jobId}/offers", offer ?? AgentLayerData.Offer());

    private async Task<int> OffersInDatabaseAsync()
    {
        using var scope = NewScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().Offers.CountAsync();
    }

    [Fact]
    public async Task Submit_ByAnEligibleAgent_Returns201WithTheOfferAndItsLocation()
    {
        var response = await SubmitAsync(_ownerA, AgentLayerData.Offer(price: 52_000, note: "5営業日で納品します"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var offer = await response.JsonAsync();
        Assert.Equal($"/api/v1/offers/{offer.GetProperty("id").GetString()}", response.Headers.Location?.ToString());
        Assert.Equal("Submitted", offer.GetProperty("status").GetString());
        Assert.Equal(52_000, offer.GetProperty("price").GetInt64());
        Assert.Equal(_agentA.Id, offer.GetProperty("agentId").GetGuid());
        Assert.Equal("エージェントA", offer.GetProperty("agentName").GetString());
        Assert.Equal("5営業日で納品します", offer.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Submit_ASecondLiveOfferBySameAgent_Returns409OfferAlreadySubmitted()
    {
        (await SubmitAsync(_ownerA)).EnsureSuccessStatusCode();

        await (await SubmitAsync(_ownerA, AgentLayerData.Offer(price: 40_000))).AssertProblemAsync(HttpStatusCode.Conflict, "offer_already_submitted");
        Assert.Equal(1, await OffersInDatabaseAsync());
    }

    [Fact]
    public async Task Withdraw_ThenOfferAgain_IsAllowed_ButNotWithdrawingTwice()
    {
        var offerId = await _ownerA.OfferAsync(_jobId);

        var withdrawn = await (await _ownerA.PostAsync($"/api/v1/offers/{offerId}/withdraw", null)).JsonAsync();
        Assert.Equal("Withdrawn", withdrawn.GetProperty("status").GetString());
        await (await _ownerA.PostAsync($"/api/v1/offers/{offerId}/withdraw", null)).AssertProblemAsync(HttpStatusCode.Conflict, "offer_not_submitted");

        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_ownerA)).StatusCode);
    }

    [Fact]
    public async Task Withdraw_AnotherAgentsOffer_Returns404AndLeavesItSubmitted()
    {
        var offerId = await _ownerA.OfferAsync(_jobId);

        await (await _ownerB.PostAsync($"/api/v1/offers/{offerId}/withdraw", null)).AssertProblemAsync(HttpStatusCode.NotFound, "offer_not_found");
        var offer = await (await _ownerA.GetAsync($"/api/v1/offers/{offerId}")).JsonAsync();
        Assert.Equal("Submitted", offer.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Submit_ByAPendingAgent_Returns409AgentNotApproved()
    {
        var pending = await AgentLayerData.AgentAsync(Factory, "審査待ち", approved: false);
        var owner = await AgentLayerData.SignedInAsync(Factory, "owner@pending.jp", Roles.AgentOwner, pending.Id);

        await (await SubmitAsync(owner)).AssertProblemAsync(HttpStatusCode.Conflict, "agent_not_approved");
        Assert.Equal(0, await OffersInDatabaseAsync());
    }

    [Fact]
    public async Task Submit_OutsideTheClientsPreferredRegion_Returns409AgentRegionMismatch()
    {
        var hokkaidoJob = await _client.PostJobAsync("北海道の仕事", regions: ["北海道"]);

        await (await _ownerA.PostAsJsonAsync($"/api/v1/jobs/{hokkaidoJob}/offers", AgentLayerData.Offer()))
            .AssertProblemAsync(HttpStatusCode.Conflict, "agent_region_mismatch");
    }

    [Fact]
    public async Task Submit_ForAPersonalDataJobWithoutPrivacyMark_Returns409AgentLacksPrivacyMark()
    {
        var personal = await _client.PostJobAsync("個人情報", confidentiality: "PersonalData");

        await (await _ownerA.PostAsJsonAsync($"/api/v1/jobs/{personal}/offers", AgentLayerData.Offer()))
            .AssertProblemAsync(HttpStatusCode.Conflict, "agent_lacks_privacy_mark");
    }

    [Fact]
    public async Task Submit_WithAZeroPriceOrADeliveryAfterTheDeadline_IsRefused()
    {
        var zero = await (await SubmitAsync(_ownerA, AgentLayerData.Offer(price: 0))).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(zero.GetProperty("errors").TryGetProperty("price", out _));
        await (await SubmitAsync(_ownerA, AgentLayerData.Offer(deliverInDays: 30)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "offer_delivery_after_deadline");
    }

    [Fact]
    public async Task Submit_ForAJobThatIsNotOpenOrDoesNotExist_Returns404()
    {
        await (await _ownerA.PostAsJsonAsync($"/api/v1/jobs/{Guid.NewGuid()}/offers", AgentLayerData.Offer()))
            .AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        (await _client.PostAsJsonAsync($"/api/v1/jobs/{_jobId}/cancel", new { reason = "予算の都合" })).EnsureSuccessStatusCode();
        await (await SubmitAsync(_ownerA)).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
    }

    [Fact]
    public async Task Submit_ByTheClient_Returns403()
    {
        await (await SubmitAsync(_client)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Submit_WithTheSameIdempotencyKeyTwice_CreatesOneOffer_AndReplaysTheFirstAnswer()
    {
        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/jobs/{_jobId}/offers")
            {
                Content = JsonContent.Create(new { price = 45_000, deliverBy = Factory.Clock.GetUtcNow().AddDays(7).ToString("O"), note = (string?)null }),
            };
            request.Headers.Add("Idempotency-Key", "offer-2026-11-a");
            return await _ownerA.SendAsync(request);
        }

        var first = await Send();
        var second = await Send();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.JsonAsync()).GetProperty("id").GetString(), (await second.JsonAsync()).GetProperty("id").GetString());
        Assert.Equal(1, await OffersInDatabaseAsync());
    }

    [Fact]
    public async Task ListOffers_TheClientSeesAll_EachAgentOnlyItsOwn_AnotherClientGets404()
    {
        var offerA = await _ownerA.OfferAsync(_jobId, 50_000);
        var offerB = await _ownerB.OfferAsync(_jobId, 47_000);
        var otherFirm = await TestData.ClientAsync(Factory, "別の会社");
        var otherClient = await AgentLayerData.SignedInAsync(Factory, "client@other.jp", Roles.ClientMember, otherFirm.Id);

        static async Task<string[]> Ids(HttpResponseMessage response) =>
            (await response.JsonAsync()).EnumerateArray().Select(o => o.GetProperty("id").GetString()!).Order().ToArray();

        Assert.Equal(new[] { offerA, offerB }.Order(), await Ids(await _client.GetAsync($"/api/v1/jobs/{_jobId}/offers")));
        Assert.Equal([offerA], await Ids(await _ownerA.GetAsync($"/api/v1/jobs/{_jobId}/offers")));
        Assert.Equal([offerB], await Ids(await _ownerB.GetAsync($"/api/v1/jobs/{_jobId}/offers")));

        var response = await otherClient.GetAsync($"/api/v1/jobs/{_jobId}/offers");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        Assert.DoesNotContain("エージェント", await response.Content.ReadAsStringAsync());
        await (await otherClient.GetAsync($"/api/v1/offers/{offerA}")).AssertProblemAsync(HttpStatusCode.NotFound, "offer_not_found");
        await (await _ownerB.GetAsync($"/api/v1/offers/{offerA}")).AssertProblemAsync(HttpStatusCode.NotFound, "offer_not_found");
    }

    [Fact]
    public async Task ListOffers_ByAnAgentThatHasNotOffered_Returns404()
    {
        await (await _ownerB.GetAsync($"/api/v1/jobs/{_jobId}/offers")).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
    }

    [Fact]
    public async Task Submit_TwiceAtOnceBySameAgent_CreatesOneOffer_AndTheOtherGets409OfferAlreadySubmitted()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SubmitAsync(_ownerA)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "offer_already_submitted");
        }

        Assert.Equal(1, await OffersInDatabaseAsync());
    }
}
