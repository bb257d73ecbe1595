using System.Net;
using System.Net.Http.Json;
using System.Text;
using Market.Api.Persistence;
using Market.Api.Storage;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Jobs;

public sealed class JobLifecycleTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _client = null!;
    private string _jobId = null!;
    private Guid _agentId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var firm = await TestData.ClientAsync(Factory, "Firm");
        _agentId = (await TestData.AgentAsync(Factory, "Agent", "LC-1")).Id;
        await TestData.UserAsync(Factory, "client@firm.jp", Roles.ClientMember, firm.Id);
        _client = await Factory.ClientForAsync("client@firm.jp", TestData.Password);
        var fileId = await _client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(10)), "s.csv");
        _jobId = (await _client.PostJobAsync(JobApi.DataEntry(fileId))).GetProperty("id").GetString()!;
    }

    /// <summary>Moves the job through contract and work to delivery, as the agent-layer and QC flows will.</summary>
    private async Task DeliverAsync(string content)
    {
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var blobs = scope.ServiceProvider.GetRequiredService<IBlobStore>();
        var blob = await blobs.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(content)), long.MaxValue, CancellationToken.None);
        var job = await db.Jobs.SingleAsync(j => j.Id == new JobId(Guid.Parse(_jobId)));
        var now = Factory.Clock.GetUtcNow();
        job.Contract(_agentId, new Yen(12_000), now);
        job.StartWork(now);
        job.Deliver(blob.Id, now);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task AcceptOrRevision_BeforeDelivery_Return409JobNotDelivered()
    {
        await (await _client.PostAsync($"/api/v1/jobs/{_jobId}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict, "job_not_delivered");
        await (await _client.PostAsJsonAsync($"/api/v1/jobs/{_jobId}/revision", new { reason = "誤字があります" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "job_not_delivered");
        await (await _client.GetAsync($"/api/v1/jobs/{_jobId}/deliverable")).AssertProblemAsync(HttpStatusCode.Conflict, "job_not_delivered");
    }

    [Fact]
    public async Task Delivered_ClientDownloadsTheDeliverable_ThenAccepts()
    {
        await DeliverAsync("氏名,住所\n山田,高知\n");

        var download = await _client.GetAsync($"/api/v1/jobs/{_jobId}/deliverable");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("氏名,住所\n山田,高知\n", await download.Content.ReadAsStringAsync());

        var accepted = await (await _client.PostAsync($"/api/v1/jobs/{_jobId}/accept", null)).JsonAsync();
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Delivered_RevisionWithAReason_SendsItBack_ButNotWithoutOne()
    {
        await DeliverAsync("x");

        await (await _client.PostAsJsonAsync($"/api/v1/jobs/{_jobId}/revision", new { reason = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var revised = await (await _client.PostAsJsonAsync($"/api/v1/jobs/{_jobId}/revision", new { reason = "3行目の住所が違います" })).JsonAsync();
        Assert.Equal("RevisionRequested", revised.GetProperty("status").GetString());
        Assert.Equal(1, revised.GetProperty("revisionRounds").GetInt32());
    }

    [Fact]
    public async Task Cancel_BeforeWork_WithdrawsEveryUnit_AndCannotBeRepeated()
    {
        var cancelled = await (await _client.PostAsJsonAsync($"/api/v1/jobs/{_jobId}/cancel", new { reason = "予算の都合" })).JsonAsync();
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(0, cancelled.GetProperty("progress").GetProperty("total").GetInt32());
        Assert.All(await _client.UnitsAsync(_jobId), u => Assert.Equal("Withdrawn", u.GetProperty("status").GetString()));

        await (await _client.PostAsJsonAsync($"/api/v1/jobs/{_jobId}/cancel", new { reason = "again" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "job_not_cancellable");
    }

    [Fact]
    public async Task Cancel_AfterWorkStarted_Returns409()
    {
        await DeliverAsync("x");
        await (await _client.PostAsJsonAsync($"/api/v1/jobs/{_jobId}/cancel", new { reason = "late" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "job_not_cancellable");
    }

    [Fact]
    public async Task ClientSilentForFourteenDaysAfterDelivery_TheJobIsAcceptedAutomatically_ButNotADayBefore()
    {
        await DeliverAsync("x");
        using (var scope = NewScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
            Factory.Clock.Advance(TimeSpan.FromDays(13));
            Assert.Equal(0, await mediator.Send(new Market.Api.Features.Jobs.Lifecycle.AutoAcceptDeliveredJobs()));
            Factory.Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(1, await mediator.Send(new Market.Api.Features.Jobs.Lifecycle.AutoAcceptDeliveredJobs()));
            Assert.Equal(0, await mediator.Send(new Market.Api.Features.Jobs.Lifecycle.AutoAcceptDeliveredJobs()));
        }

        var client = await Factory.ClientForAsync("client@firm.jp", TestData.Password);
        var job = await (await client.GetAsync($"/api/v1/jobs/{_jobId}")).JsonAsync();
        Assert.Equal("Accepted", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Draft_CanBePublishedOnce()
    {
        var fileId = await _client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(3)), "d.csv");
        var draft = JobApi.DataEntry(fileId);
        var node = System.Text.Json.JsonSerializer.SerializeToNode(draft)!;
        node["publish"] = false;
        var job = await _client.PostJobAsync(node);
        Assert.Equal("Draft", job.GetProperty("status").GetString());

        var published = await (await _client.PostAsync($"/api/v1/jobs/{job.GetProperty("id").GetString()}/publish", null)).JsonAsync();
        Assert.Equal("Open", published.GetProperty("status").GetString());
        await (await _client.PostAsync($"/api/v1/jobs/{job.GetProperty("id").GetString()}/publish", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, "job_not_draft");
    }
}
