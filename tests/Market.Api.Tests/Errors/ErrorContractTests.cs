using System.Net;
using System.Net.Http.Json;
using System.Text;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Errors;

public sealed class ErrorContractTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Post_WithMalformedJson_Returns400MalformedRequest()
    {
        var response = await Factory.CreateClient().PostAsync("/api/v1/auth/login", Json("{\"email\": \"a@b.c\", "));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task Post_WithFieldOfWrongType_Returns400NamingTheField()
    {
        var response = await Factory.CreateClient().PostAsync("/api/v1/auth/login", Json("{\"email\": 42, \"password\": \"x\"}"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Contains("$.email", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_WithUnknownField_Returns400()
    {
        var response = await Factory.CreateClient().PostAsync("/api/v1/auth/login", Json("{\"email\": \"a@b.c\", \"password\": \"x\", \"isAdmin\": true}"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Contains("isAdmin", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_WithMissingRequiredFields_Returns400WithFieldErrors()
    {
        var response = await Factory.CreateClient().PostAsync("/api/v1/auth/register", Json("{\"email\": \"not-an-email\"}"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "email", "password", "displayName", "inviteCode" })
        {
            Assert.True(errors.TryGetProperty(field, out var messages) && messages.GetArrayLength() > 0, $"no error for {field}: {errors}");
        }
    }

    [Fact]
    public async Task Post_WithEmptyBody_Returns400()
    {
        var response = await Factory.CreateClient().PostAsync("/api/v1/auth/login", Json(string.Empty));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task Post_WithOversizedBody_Returns413()
    {
        var huge = "{\"email\": \"" + new string('a', 2 * 1024 * 1024) + "\", \"password\": \"x\"}";
        var response = await Factory.CreateClient().PostAsync("/api/v1/auth/login", Json(huge));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Post_WithWrongContentType_Returns415()
    {
        var response = await Factory.CreateClient().PostAsync("/api/v1/auth/login", new StringContent("email=a", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        var response = await Factory.CreateClient().GetAsync("/api/v1/no-such-thing");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethod_Returns405Problem()
    {
        var response = await Factory.CreateClient().GetAsync("/api/v1/auth/login");
        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task RouteWithMalformedId_Returns404NotA500()
    {
        await TestData.UserAsync(Factory, "op@example.jp", Market.Domain.Tenancy.Roles.PlatformAdmin, null);
        var client = await Factory.ClientForAsync("op@example.jp", TestData.Password);
        var response = await client.GetAsync("/api/v1/agents/not-a-guid/workers");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AuthEndpoints_AboveTheRateLimit_Answer429WithRetryAfter()
    {
        await using var limited = new MarketApiFactory(Factory.ConnectionString, new Dictionary<string, string?> { ["RateLimits:AuthPerMinute"] = "3" });
        var client = limited.CreateClient();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "x@example.jp", password = "whatever-123" });
        }

        await last.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(last.Headers.RetryAfter is not null, "Retry-After header missing");
    }
}
