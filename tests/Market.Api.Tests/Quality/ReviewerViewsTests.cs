using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Certifications;
using Market.Domain.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Quality;

/// <summary>What the agent's screens read: the page a web edit changed (with its diff) in the review queue, and the owner's appeal queue.</summary>
public sealed class ReviewerViewsTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Original = "<h1>役場のご案内</h1>\n<p>営業時間 9:00-17:00</p>\n<p>土日祝は休み</p>";
    private const string Edited = "<h1>役場のご案内</h1>\n<p>営業時間 9:00-18:00</p>\n<p>土日祝は休み</p>";

    private WorkWorld _world = null!;
    private HttpClient _reviewer = null!;
    private HttpClient _owner = null!;

    private async Task CreateWorldAsync(Func<HttpClient, Task<string>>? postJob = null)
    {
        _world = await WorkWorld.CreateAsync(Factory, postJob: postJob);
        var reviewer = await TestData.UserAsync(Factory, "reviewer@hub.jp", Roles.AgentReviewer, _world.Agent.Id, "検品 花子");
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, _world.Agent.Id, "代表 一郎");
        await QualitySetup.CertifyReviewerAsync(Factory, reviewer.Id);

        _reviewer = await Factory.ClientForAsync("reviewer@hub.jp", TestData.Password);
        _owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
    }

    private static async Task<string> PostWebEditAsync(HttpClient client)
    {
        var requests = JsonSerializer.Serialize(new[] { new { url = "https://town.example.jp/info", currentContent = Original, requestedChange = "17:00 を 18:00 に" } });
        var fileId = await client.UploadAsync(Encoding.UTF8.GetBytes(requests), "pages.json");
        return (await client.PostJobAsync(JobApi.WebEdit(fileId))).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> OnlyQueueItemAsync() =>
        Assert.Single((await (await _reviewer.GetAsync($"/api/v1/agents/{_world.Agent.Id}/review-queue")).JsonAsync()).GetProperty("items").EnumerateArray());

    [Fact]
    public async Task ReviewQueue_WhenAWebEditIsSubmitted_CarriesThePageTheWorkerWasGivenAndTheLineDiff()
    {
        await CreateWorldAsync(PostWebEditAsync);
        var worker = await _world.WorkerClientAsync(1);
        var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        await (await worker.PostAsJsonAsync($"/api/v1/units/{claim.GetProperty("unitId").GetString()}/submit",
            new { assignmentId = claim.GetProperty("assignmentId").GetString(), content = Edited })).JsonAsync();

        var item = await OnlyQueueItemAsync();

        var page = item.GetProperty("page");
        Assert.Equal("https://town.example.jp/info", page.GetProperty("url").GetString());
        Assert.Equal("17:00 を 18:00 に", page.GetProperty("requestedChange").GetString());
        Assert.Equal(Original, page.GetProperty("currentContent").GetString());
        var diff = page.GetProperty("diff").EnumerateArray().Select(l => (l.GetProperty("operation").GetString(), l.GetProperty("text").GetString())).ToList();
        Assert.Equal(
            [("Equal", "<h1>役場のご案内</h1>"), ("Delete", "<p>営業時間 9:00-17:00</p>"), ("Insert", "<p>営業時間 9:00-18:00</p>"), ("Equal", "<p>土日祝は休み</p>")],
            diff);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("fields").ValueKind);
    }

    [Fact]
    public async Task ReviewQueue_WhenDataEntryIsSubmitted_NamesTheFieldsInTheOrderOfTheKeyedValues()
    {
        await CreateWorldAsync();
        var worker = await _world.WorkerClientAsync(1);
        await SubmitDataEntryAsync(worker);

        var item = await OnlyQueueItemAsync();

        Assert.Equal(["氏名", "住所", "電話番号", "備考"], item.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(JsonValueKind.Null, item.GetProperty("page").ValueKind);
    }

    [Fact]
    public async Task AppealQueue_ListsPendingAppealsWithTheRejectionForTheOwnerOnly_AndDropsThemOnceDecided()
    {
        await CreateWorldAsync();
        var worker = await _world.WorkerClientAsync(1);
        await SubmitDataEntryAsync(worker);
        var taskId = (await OnlyQueueItemAsync()).GetProperty("taskId").GetString()!;
        await (await _reviewer.PostAsJsonAsync($"/api/v1/submissions/{taskId}/review",
            new { decision = "Reject", reasonCode = "wrong_value", comment = "氏名が原票と違います" })).JsonAsync();
        await (await worker.PostAsJsonAsync($"/api/v1/submissions/{taskId}/appeal", new { statement = "原票の表記どおりです" })).JsonAsync();

        var appeals = (await (await _owner.GetAsync($"/api/v1/agents/{_world.Agent.Id}/appeals")).JsonAsync()).EnumerateArray().ToList();

        var appeal = Assert.Single(appeals);
        Assert.Equal(taskId, appeal.GetProperty("taskId").GetString());
        Assert.Equal("原票の表記どおりです", appeal.GetProperty("statement").GetString());
        Assert.Equal(["wrong_value"], appeal.GetProperty("rejectionReasonCodes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("氏名が原票と違います", appeal.GetProperty("rejectionComment").GetString());
        Assert.Equal("在宅 w1", appeal.GetProperty("workerName").GetString());
        Assert.StartsWith("{\"rows\"", appeal.GetProperty("content").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _reviewer.GetAsync($"/api/v1/agents/{_world.Agent.Id}/appeals")).StatusCode);

        await (await _owner.PostAsJsonAsync($"/api/v1/submissions/{taskId}/appeal/decision", new { outcome = "Upheld", note = "原票と照合しました" })).JsonAsync();

        Assert.Empty((await (await _owner.GetAsync($"/api/v1/agents/{_world.Agent.Id}/appeals")).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task AppealQueue_OfAnotherAgent_Returns404()
    {
        await CreateWorldAsync();
        var other = await AgentLayerData.AgentAsync(Factory, "他のエージェント");

        var response = await _owner.GetAsync($"/api/v1/agents/{other.Id}/appeals");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task SubmitDataEntryAsync(HttpClient worker)
    {
        var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString()!;
        var content = await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        await (await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId = claim.GetProperty("assignmentId").GetString(), content = rows })).JsonAsync();
    }
}
