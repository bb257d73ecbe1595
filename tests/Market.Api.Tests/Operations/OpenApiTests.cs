using System.Text.Json;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Operations;

public sealed class OpenApiTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task OpenApiDocument_IsServedAnonymously_AndDescribesTheV1Endpoints()
    {
        var response = await Factory.CreateClient().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/auth/refresh", "/api/v1/me", "/api/v1/agents/{agentId}/workers" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
    }
}
