using System.Net;
using System.Net.Http.Json;
using System.Text;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Jobs;

public sealed class IdempotencyTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _client = null!;
    private string _fileId = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var firm = await TestData.ClientAsync(Factory, "Firm");
        await TestData.UserAsync(Factory, "client@firm.jp", Roles.ClientMember, firm.Id);
        _client = await Factory.ClientForAsync("client@firm.jp", TestData.Password);
        _fileId = await _client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(10)), "s.csv");
    }

    private async Task<HttpResponseMessage> PostAsync(object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await _client.SendAsync(request);
    }

    private async Task<int> JobCountAsync()
    {
        using var scope = NewScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().Jobs.IgnoreQueryFilters().CountAsync();
    }

    [Fact]
    public async Task SameKeySameBody_ReplaysTheFirstResponse_AndCreatesOneJob()
    {
        var body = JobApi.DataEntry(_fileId);
        var json = System.Text.Json.JsonSerializer.Serialize(body);

        var first = await PostAsync(System.Text.Json.JsonDocument.Parse(json).RootElement, "order-2026-001");
        var second = await PostAsync(System.Text.Json.JsonDocument.Parse(json).RootElement, "order-2026-001");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var a = await first.JsonAsync();
        var b = await second.JsonAsync();
        Assert.Equal(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await JobCountAsync());
    }

    [Fact]
    public async Task SameKeyDifferentBody_Returns422_AndCreatesNothingMore()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(JobApi.DataEntry(_fileId));
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(System.Text.Json.JsonDocument.Parse(json).RootElement, "k-1")).StatusCode);

        var changed = System.Text.Json.JsonSerializer.Serialize(JobApi.DataEntry(_fileId, batchSize: 5));
        var response = await PostAsync(System.Text.Json.JsonDocument.Parse(changed).RootElement, "k-1");

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(1, await JobCountAsync());
    }

    [Fact]
    public async Task FailedRequest_DoesNotBurnTheKey_SoAFixedRetrySucceeds()
    {
        var bad = JobApi.DataEntry(new string('c', 64));
        await (await PostAsync(bad, "k-2")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "input_file_not_found");

        var good = await PostAsync(JobApi.DataEntry(_fileId), "k-2");
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
    }

    [Fact]
    public async Task ConcurrentRequestsWithTheSameKey_CreateOneJob_AndEveryAnswerIsTheJobOrInProgress()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(JobApi.DataEntry(_fileId));
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(System.Text.Json.JsonDocument.Parse(json).RootElement, "k-3")));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await conflict.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_request_in_progress");
        }

        Assert.Equal(1, await JobCountAsync());
    }
}
