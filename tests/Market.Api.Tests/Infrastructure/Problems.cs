using System.Net;
using System.Text.Json;

namespace Market.Api.Tests.Infrastructure;

public static class Problems
{
    /// <summary>Asserts the response is ProblemDetails JSON with this status and code, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal); // no stack trace leaks
        return json;
    }
}
