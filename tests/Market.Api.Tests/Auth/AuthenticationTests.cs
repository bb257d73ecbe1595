using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Identity;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Auth;

public sealed class AuthenticationTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Register_ThenLogin_ThenCallAuthorizedEndpoint_ReturnsTheWorkerAndTheirAgent()
    {
        var agent = await TestData.AgentAsync(Factory, "NPO法人 しまんとワーク", "SHIMANTO-1");
        var client = Factory.CreateClient();

        var registered = await client.PostAsJsonAsync("/api/v1/auth/register", new
        {
            email = "yumi@example.jp",
            password = "Mountain-village-2026",
            displayName = "小松 由美",
            inviteCode = "SHIMANTO-1",
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "yumi@example.jp", password = "Mountain-village-2026" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = await login.Content.ReadFromJsonAsync<TokenResponse>();
        Assert.Equal("Bearer", tokens!.TokenType);
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("yumi@example.jp", me.GetProperty("email").GetString());
        Assert.Equal(["Worker"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Agent", me.GetProperty("tenant").GetProperty("kind").GetString());
        Assert.Equal(agent.Id, me.GetProperty("tenant").GetProperty("id").GetGuid());
        Assert.Equal("NPO法人 しまんとワーク", me.GetProperty("tenant").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Me_WithoutToken_Returns401Problem()
    {
        var response = await Factory.CreateClient().GetAsync("/api/v1/me");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Register_WithUnknownInviteCode_Returns400WithInviteCodeFieldError()
    {
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new
        {
            email = "a@example.jp", password = "Mountain-village-2026", displayName = "A", inviteCode = "NOPE",
        });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("inviteCode", out _), problem.ToString());
    }

    [Fact]
    public async Task Register_WithDuplicateEmail_Returns400AndKeepsTheFirstAccount()
    {
        await TestData.AgentAsync(Factory, "Agent", "DUP-1");
        var client = Factory.CreateClient();
        var body = new { email = "dup@example.jp", password = "Mountain-village-2026", displayName = "A", inviteCode = "DUP-1" };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/auth/register", body)).StatusCode);

        var second = await client.PostAsJsonAsync("/api/v1/auth/register", body with { displayName = "B" });
        var problem = await second.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));

        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == "dup@example.jp"));
        Assert.Equal(1, await db.Memberships.IgnoreQueryFilters().CountAsync());
    }

    [Fact]
    public async Task Login_WithWrongPasswordOrUnknownEmail_Returns401InvalidCredentials()
    {
        await TestData.UserAsync(Factory, "op@example.jp", Roles.PlatformAdmin, null);
        var client = Factory.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "op@example.jp", password = "wrong-password-123" });
        var unknown = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@example.jp", password = "wrong-password-123" });

        await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Login_AfterFiveFailures_IsLockedOutForFiveMinutesEvenWithTheRightPassword()
    {
        var user = await TestData.UserAsync(Factory, "lock@example.jp", Roles.PlatformAdmin, null);
        var client = Factory.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            var failed = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "lock@example.jp", password = "wrong-password-123" });
            await failed.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var fifth = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "lock@example.jp", password = "wrong-password-123" });
        await fifth.AssertProblemAsync(HttpStatusCode.Unauthorized, "locked_out");
        var locked = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "lock@example.jp", password = TestData.Password });
        await locked.AssertProblemAsync(HttpStatusCode.Unauthorized, "locked_out");

        // Identity's lockout reads the system clock (it takes no TimeProvider), so the five minutes are checked on the
        // stored lockout end, and "time passing" is simulated by moving that end into the past.
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var lockoutEnd = await db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync();
        var expected = TimeProvider.System.GetUtcNow().AddMinutes(5);
        Assert.InRange(lockoutEnd!.Value, expected.AddSeconds(-30), expected.AddSeconds(1));

        await db.Database.ExecuteSqlAsync($"UPDATE users SET lockout_end = now() - interval '1 second' WHERE id = {user.Id}");
        var after = await Factory.LoginAsync("lock@example.jp", TestData.Password);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Refresh_WithValidToken_IssuesWorkingTokens_AndIsRefusedAfterTheSecurityStampChanges()
    {
        var user = await TestData.UserAsync(Factory, "refresh@example.jp", Roles.PlatformAdmin, null);
        var client = Factory.CreateClient();
        var login = await (await Factory.LoginAsync("refresh@example.jp", TestData.Password))
            .Content.ReadFromJsonAsync<TokenResponse>();

        var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login!.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var tokens = await refreshed.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens!.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        using (var scope = NewScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        }

        var revoked = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });
        await revoked.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Refresh_AfterItExpired_IsRefused()
    {
        await TestData.UserAsync(Factory, "old@example.jp", Roles.PlatformAdmin, null);
        var client = Factory.CreateClient();
        var login = await (await Factory.LoginAsync("old@example.jp", TestData.Password))
            .Content.ReadFromJsonAsync<TokenResponse>();

        Factory.Clock.Advance(TimeSpan.FromDays(15));
        var response = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login!.RefreshToken });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task AccessToken_AfterItExpired_Returns401()
    {
        await TestData.UserAsync(Factory, "expire@example.jp", Roles.PlatformAdmin, null);
        var client = await Factory.ClientForAsync("expire@example.jp", TestData.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        Factory.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Login_WhenMembershipSuspended_Returns401AccountSuspended()
    {
        var agent = await TestData.AgentAsync(Factory, "Agent", "SUSP-1");
        var user = await TestData.UserAsync(Factory, "suspended@example.jp", Roles.Worker, agent.Id);
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            await db.Database.ExecuteSqlAsync($"UPDATE memberships SET status = {(int)MembershipStatus.Suspended} WHERE user_id = {user.Id}");
        }

        var response = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "suspended@example.jp", password = TestData.Password });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "account_suspended");
    }
}
