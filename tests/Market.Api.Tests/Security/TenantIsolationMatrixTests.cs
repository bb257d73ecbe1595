using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;

namespace Market.Api.Tests.Security;

/// <summary>
/// Every GET endpoint in the OpenAPI document, called by users of other tenants with tenant A's ids: the answer is
/// 403 or 404 and nothing of tenant A is in the body. New endpoints are covered the day they are mapped.
/// </summary>
public sealed class TenantIsolationMatrixTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string SecretTitle = "極秘 A社 顧客名簿 SECRET-A";

    [Fact]
    public async Task EveryGetEndpoint_CalledByAnotherTenantWithTenantAsIds_Answers403Or404_AndLeaksNothing()
    {
        var a = await WorkWorld.CreateAsync(Factory, workers: 1, postJob: async client =>
        {
            var fileId = await client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(4)), "a.csv");
            var job = JsonSerializer.SerializeToNode(JobApi.DataEntry(fileId))!;
            job["title"] = SecretTitle;
            return (await client.PostJobAsync(job)).GetProperty("id").GetString()!;
        });
        var workerA = await a.WorkerClientAsync(1);
        var claim = await (await workerA.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitA = claim.GetProperty("unitId").GetString()!;
        var fileA = (await (await a.Client.GetAsync($"/api/v1/jobs/{a.JobId}")).JsonAsync()).GetProperty("inputFiles")[0].GetString()!;

        var agentB = await TestData.AgentAsync(Factory, "Agent B", "B-MATRIX");
        var clientB = await TestData.ClientAsync(Factory, "Client B");
        await TestData.UserAsync(Factory, "owner@b.jp", Roles.AgentOwner, agentB.Id);
        await TestData.UserAsync(Factory, "worker@b.jp", Roles.Worker, agentB.Id);
        await TestData.UserAsync(Factory, "client@b.jp", Roles.ClientMember, clientB.Id);
        var outsiders = new Dictionary<string, HttpClient>
        {
            ["agent B owner"] = await Factory.ClientForAsync("owner@b.jp", TestData.Password),
            ["agent B worker"] = await Factory.ClientForAsync("worker@b.jp", TestData.Password),
            ["client B"] = await Factory.ClientForAsync("client@b.jp", TestData.Password),
        };

        var ids = new Dictionary<string, string>
        {
            ["/jobs/{id}"] = a.JobId,
            ["{unitId}"] = unitA,
            ["{agentId}"] = a.Agent.Id.ToString(),
            ["/files/{id}"] = fileA,
        };
        // The ids really are tenant A's: its own people see the secrets through the same URLs.
        Assert.Contains(SecretTitle, await (await a.Client.GetAsync(Fill("/api/v1/jobs/{id}", ids))).Content.ReadAsStringAsync());
        Assert.Contains(SecretTitle, await (await workerA.GetAsync(Fill("/api/v1/units/{unitId}/content", ids))).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await a.Coordinator.GetAsync(Fill("/api/v1/agents/{agentId}/units", ids))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync(Fill("/api/v1/files/{id}", ids))).StatusCode);

        var document = JsonDocument.Parse(await (await Factory.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync());
        var secrets = new[] { SecretTitle, "在宅 w1", "w1@hub.jp", "山田 太郎" };
        var failures = new List<string>();
        var checkedCalls = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out _) || !path.Name.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                continue;
            }

            var url = Fill(path.Name, ids);
            var hasTenantAIds = url != path.Name;
            foreach (var (who, client) in outsiders)
            {
                var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                checkedCalls++;
                if (hasTenantAIds && response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                {
                    failures.Add($"{who} GET {url} → {(int)response.StatusCode}");
                }

                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{who} GET {url} → {(int)response.StatusCode}");
                }

                failures.AddRange(secrets.Where(s => body.Contains(s, StringComparison.Ordinal)).Select(s => $"{who} GET {url} leaked '{s}'"));
            }
        }

        Assert.True(checkedCalls > 30, $"only {checkedCalls} calls were made; is the OpenAPI document complete?");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>Tenant A's id for each route parameter we know; any other parameter gets a random id (must be 404 anyway).</summary>
    private static string Fill(string path, IReadOnlyDictionary<string, string> ids)
    {
        var url = path.Replace("/api/v1", string.Empty, StringComparison.Ordinal);
        foreach (var (pattern, id) in ids)
        {
            if (pattern.StartsWith('/') && url.StartsWith(pattern, StringComparison.Ordinal))
            {
                url = id is null ? url : pattern.Replace("{id}", id, StringComparison.Ordinal) + url[pattern.Length..];
            }
            else if (!pattern.StartsWith('/'))
            {
                url = url.Replace(pattern, id, StringComparison.Ordinal);
            }
        }

        url = System.Text.RegularExpressions.Regex.Replace(url, "\\{[^}]+\\}", Guid.NewGuid().ToString());
        return "/api/v1" + url;
    }
}
