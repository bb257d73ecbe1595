using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Files;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Security;

/// <summary>
/// Every endpoint in the OpenAPI document (GET, POST, PUT, DELETE), called by users of other tenants with tenant A's
/// ids: the answer is 403 or 404, nothing of tenant A is in the body, and nothing in the database changes. New
/// endpoints are covered the day they are mapped.
/// </summary>
public sealed class TenantIsolationMatrixTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task EveryGetEndpoint_CalledByAnotherTenantWithTenantAsIds_Answers403Or404_AndLeaksNothing()
    {
        var world = await TenantWorld.CreateAsync(Factory);
        await AssertTheIdsAreTenantAsAsync(world);
        var api = await OpenApiOperations.LoadAsync(Factory.CreateClient());

        var failures = new List<string>();
        var checkedCalls = 0;
        foreach (var operation in api.Operations.Where(o => o.Method == HttpMethod.Get))
        {
            var url = world.FillPath(operation.Path);
            foreach (var (who, client) in world.Outsiders)
            {
                var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                checkedCalls++;
                if (url != operation.Path && response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                {
                    failures.Add($"{who} GET {url} → {(int)response.StatusCode}");
                }

                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{who} GET {url} → {(int)response.StatusCode}");
                }

                failures.AddRange(Leaks(body).Select(s => $"{who} GET {url} leaked '{s}'"));
            }
        }

        Assert.True(checkedCalls > 30, $"only {checkedCalls} calls were made; is the OpenAPI document complete?");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task EveryWritingEndpoint_CalledByAnotherTenantWithTenantAsIds_Answers403Or404_LeaksNothing_AndChangesNothing()
    {
        var world = await TenantWorld.CreateAsync(Factory);
        await AssertTheIdsAreTenantAsAsync(world);
        var api = await OpenApiOperations.LoadAsync(Factory.CreateClient());
        var tenantAView = await TenantAViewAsync(world);
        var digest = await DatabaseDigest.TakeAsync(Factory.ConnectionString);

        var failures = new List<string>();
        var checkedCalls = 0;
        foreach (var operation in api.Operations.Where(o => o.Method != HttpMethod.Get && !o.Anonymous))
        {
            var url = world.FillPath(operation.Path);
            foreach (var (who, client) in world.Outsiders)
            {
                var namesTenantA = url != operation.Path;
                var body = api.SampleBody(operation, property =>
                {
                    var id = world.IdFor(property);
                    namesTenantA |= id is not null;
                    return id;
                });
                using var request = new HttpRequestMessage(operation.Method, url)
                {
                    Content = operation.Multipart ? FileUploadTests.Form("氏名\r\n外部\r\n"u8.ToArray(), "b.csv") : OpenApiOperations.Content(body),
                };
                var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var after = await DatabaseDigest.TakeAsync(Factory.ConnectionString);
                checkedCalls++;
                var call = $"{who} {operation.Method} {url} {body?.ToJsonString()}";
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{call} → {(int)response.StatusCode}");
                }

                failures.AddRange(Leaks(text).Select(s => $"{call} leaked '{s}'"));
                if (namesTenantA)
                {
                    // A's id in the route must be unknown to the outsider (403/404); A's id in the body may also be
                    // refused as unusable input (422), but never half-read as valid (400 means the body was wrong).
                    var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                        || (url == operation.Path && response.StatusCode is HttpStatusCode.UnprocessableEntity);
                    if (!refused)
                    {
                        failures.Add($"{call} → {(int)response.StatusCode} {text}");
                    }

                    if (DatabaseDigest.Changed(digest, after) is { Count: > 0 } changed)
                    {
                        failures.Add($"{call} changed {string.Join(", ", changed)}");
                    }
                }

                // A call that names nothing of A's acts on the outsider's own tenant and may change its data.
                digest = after;
            }
        }

        Assert.True(checkedCalls > 100, $"only {checkedCalls} calls were made; is the OpenAPI document complete?");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(tenantAView, await TenantAViewAsync(world));
    }

    private static IEnumerable<string> Leaks(string body) =>
        TenantWorld.Secrets.Where(s => body.Contains(s, StringComparison.Ordinal));

    /// <summary>The ids really are tenant A's: its own people see the secrets through the same URLs.</summary>
    private static async Task AssertTheIdsAreTenantAsAsync(TenantWorld world)
    {
        Assert.Contains(TenantWorld.SecretTitle, await (await world.A.Client.GetAsync(world.FillPath("/api/v1/jobs/{id}"))).Content.ReadAsStringAsync());
        Assert.Contains(TenantWorld.SecretTitle, await (await world.WorkerA2.GetAsync(world.FillPath("/api/v1/units/{unitId}/content"))).Content.ReadAsStringAsync());
        foreach (var (insider, path) in new[]
                 {
                     (world.A.Coordinator, "/api/v1/agents/{agentId}/units"),
                     (world.A.Client, "/api/v1/files/{id}"),
                     (world.OwnerA, "/api/v1/offers/{id}"),
                     (world.OwnerA, "/api/v1/subcontracts/{id}"),
                     (world.OwnerA, "/api/v1/agents/{agentId}/teams"),
                 })
        {
            Assert.Equal(HttpStatusCode.OK, (await insider.GetAsync(world.FillPath(path))).StatusCode);
        }
    }

    /// <summary>What tenant A's own people see of their data; an outsider's calls must leave it exactly as it was.</summary>
    private static async Task<string> TenantAViewAsync(TenantWorld world)
    {
        var view = new JsonArray();
        foreach (var (insider, path) in new[]
                 {
                     (world.A.Client, "/api/v1/jobs/{id}"),
                     (world.A.Client, "/api/v1/jobs/{id}/units?pageSize=500"),
                     (world.OwnerA, "/api/v1/agents/{agentId}/units?pageSize=500"),
                     (world.OwnerA, "/api/v1/agents/{agentId}/workers"),
                     (world.OwnerA, "/api/v1/agents/{agentId}/teams"),
                     (world.OwnerA, "/api/v1/agents/{agentId}/review-queue"),
                     (world.OwnerA, "/api/v1/jobs/{id}/subcontracts"),
                     (world.OwnerA, "/api/v1/offers/{id}"),
                     (world.WorkerA2, "/api/v1/me/units"),
                 })
        {
            view.Add(JsonNode.Parse(await (await insider.GetAsync(world.FillPath(path))).Content.ReadAsStringAsync()));
        }

        return view.ToJsonString();
    }
}
