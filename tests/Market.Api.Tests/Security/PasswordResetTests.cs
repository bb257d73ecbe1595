using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Market.Api.Features.Auth.PasswordReset;
using Market.Api.Identity;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Market.Api.Tests.Security;

/// <summary>Password reset: the same answer for known and unknown addresses, a token that works once, every session ended.</summary>
public sealed class PasswordResetTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string NewPassword = "Another-horse-battery-77";

    [Fact]
    public async Task Reset_WithTheMailedToken_SetsThePassword_EndsEverySession_AndTheTokenWorksOnce()
    {
        var outbox = new CapturingSender();
        await using var api = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.RemoveAll<IPasswordResetSender>();
            s.AddSingleton<IPasswordResetSender>(outbox);
        }));
        var agent = await TestData.AgentAsync(Factory, "Agent", "RESET-1");
        await TestData.UserAsync(Factory, "w@hub.jp", Roles.Worker, agent.Id);
        var session = await SignedInAsync(api, "w@hub.jp", TestData.Password);

        var asked = await api.CreateClient().PostAsJsonAsync("/api/v1/auth/password/forgot", new { email = "w@hub.jp" });
        var unknown = await api.CreateClient().PostAsJsonAsync("/api/v1/auth/password/forgot", new { email = "nobody@hub.jp" });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(await asked.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        var token = Assert.Single(outbox.Sent).Value;

        var reset = await api.CreateClient().PostAsJsonAsync("/api/v1/auth/password/reset", new { email = "w@hub.jp", token, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/me")).StatusCode);
        await (await api.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "w@hub.jp", password = TestData.Password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "w@hub.jp", password = NewPassword })).StatusCode);

        var again = await api.CreateClient().PostAsJsonAsync("/api/v1/auth/password/reset", new { email = "w@hub.jp", token, newPassword = "Third-horse-battery-99" });
        var problem = await again.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Reset_WithAForgedToken_OrAnUnknownAddress_IsRefusedTheSameWay()
    {
        var agent = await TestData.AgentAsync(Factory, "Agent", "RESET-2");
        await TestData.UserAsync(Factory, "w@hub.jp", Roles.Worker, agent.Id);

        var forged = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/password/reset", new { email = "w@hub.jp", token = "CfDJ8forged", newPassword = NewPassword });
        var unknown = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/password/reset", new { email = "nobody@hub.jp", token = "CfDJ8forged", newPassword = NewPassword });

        var a = await forged.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var b = await unknown.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(a.GetProperty("errors").GetRawText(), b.GetProperty("errors").GetRawText());
        Assert.Equal(HttpStatusCode.OK, (await Factory.LoginAsync("w@hub.jp", TestData.Password)).StatusCode);
    }

    private static async Task<HttpClient> SignedInAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Market.Api.Hosting.ApiEntryPoint> api, string email, string password)
    {
        var tokens = await (await api.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password })).Content.ReadFromJsonAsync<TokenResponse>();
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens!.AccessToken);
        return client;
    }

    private sealed class CapturingSender : IPasswordResetSender
    {
        public ConcurrentDictionary<Guid, string> Sent { get; } = new();

        public Task SendAsync(AppUser user, string token, CancellationToken cancellationToken)
        {
            Sent[user.Id] = token;
            return Task.CompletedTask;
        }
    }
}
