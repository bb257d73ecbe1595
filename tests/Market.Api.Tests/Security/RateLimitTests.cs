using System.Net;
using System.Net.Http.Json;
using System.Text;
using Market.Api.Tests.Files;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;

namespace Market.Api.Tests.Security;

/// <summary>
/// Sign-in, registration, claiming and uploading are limited per IP address and per user: over the limit, 429 with
/// Retry-After. The counters live in the database, so two instances together allow the limit, not twice it.
/// </summary>
public sealed class RateLimitTests(ApiFixture fixture) : ApiTest(fixture)
{
    private MarketApiFactory Limited(params (string Key, string Value)[] limits)
    {
        var settings = new Dictionary<string, string?> { ["RateLimits:Enabled"] = "true" };
        foreach (var (key, value) in limits)
        {
            settings["RateLimits:" + key] = value;
        }

        var api = new MarketApiFactory(Factory.ConnectionString, settings);
        api.Clock.Set(Factory.Clock.GetUtcNow());
        return api;
    }

    [Fact]
    public async Task Login_OverThePerAccountLimit_Answers429WithRetryAfter_WhileAnotherAccountFromTheSameAddressStillSignsIn()
    {
        await using var api = Limited(("Login:PerUser", "3"), ("Login:PerIp", "100"));
        var agent = await TestData.AgentAsync(Factory, "Agent", "RL-1");
        await TestData.UserAsync(Factory, "w1@hub.jp", Roles.Worker, agent.Id);
        await TestData.UserAsync(Factory, "w2@hub.jp", Roles.Worker, agent.Id);
        var client = api.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "w1@hub.jp", password = "wrong-password-123" });
        }

        var limited = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "W1@hub.jp", password = TestData.Password });
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "w2@hub.jp", password = TestData.Password })).StatusCode);
    }

    [Fact]
    public async Task Login_PerAccountLimit_HoldsAcrossTwoInstances_AndTheNextWindowOpensAgain()
    {
        await using var first = Limited(("Login:PerUser", "3"), ("Login:PerIp", "100"));
        await using var second = Limited(("Login:PerUser", "3"), ("Login:PerIp", "100"));
        var agent = await TestData.AgentAsync(Factory, "Agent", "RL-2X");
        await TestData.UserAsync(Factory, "w1@hub.jp", Roles.Worker, agent.Id);
        var one = first.CreateClient();
        var two = second.CreateClient();

        // Three attempts spread over both instances spend the account's three permits: each instance alone saw fewer.
        Assert.Equal(HttpStatusCode.Unauthorized, (await one.PostAsJsonAsync("/api/v1/auth/login", new { email = "w1@hub.jp", password = "wrong-password-123" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await two.PostAsJsonAsync("/api/v1/auth/login", new { email = "w1@hub.jp", password = "wrong-password-123" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await one.PostAsJsonAsync("/api/v1/auth/login", new { email = "w1@hub.jp", password = "wrong-password-123" })).StatusCode);

        var onSecond = await two.PostAsJsonAsync("/api/v1/auth/login", new { email = "w1@hub.jp", password = TestData.Password });
        await onSecond.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(onSecond.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        var onFirst = await one.PostAsJsonAsync("/api/v1/auth/login", new { email = "w1@hub.jp", password = TestData.Password });
        await onFirst.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");

        first.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        second.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        Assert.Equal(HttpStatusCode.OK, (await two.PostAsJsonAsync("/api/v1/auth/login", new { email = "w1@hub.jp", password = TestData.Password })).StatusCode);
    }

    [Fact]
    public async Task Register_PerAddressLimit_HoldsAcrossTwoInstances_AndTheRefusedCallCreatesNoAccount()
    {
        await using var first = Limited(("Register:PerIp", "2"), ("Register:PerUser", "100"));
        await using var second = Limited(("Register:PerIp", "2"), ("Register:PerUser", "100"));
        await TestData.AgentAsync(Factory, "Agent", "RL-REG2");

        Assert.Equal(HttpStatusCode.Created, (await first.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { email = "a@hub.jp", password = TestData.Password, displayName = "新人", inviteCode = "RL-REG2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await second.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { email = "b@hub.jp", password = TestData.Password, displayName = "新人", inviteCode = "RL-REG2" })).StatusCode);
        var third = await first.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { email = "c@hub.jp", password = TestData.Password, displayName = "新人", inviteCode = "RL-REG2" });

        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(third.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "c@hub.jp", password = TestData.Password })).StatusCode);
    }

    [Fact]
    public async Task Register_OverThePerAddressLimit_Answers429_AndCreatesNoAccount()
    {
        await using var api = Limited(("Register:PerIp", "2"), ("Register:PerUser", "100"));
        await TestData.AgentAsync(Factory, "Agent", "RL-REG");
        var client = api.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            var created = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = $"new{i}@hub.jp", password = TestData.Password, displayName = "新人", inviteCode = "RL-REG" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var third = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = "new2@hub.jp", password = TestData.Password, displayName = "新人", inviteCode = "RL-REG" });
        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(third.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "new2@hub.jp", password = TestData.Password })).StatusCode);
    }

    [Fact]
    public async Task ClaimAndUpload_OverThePerUserLimit_Answer429WithRetryAfter()
    {
        await using var api = Limited(("Claim:PerUser", "2"), ("Claim:PerIp", "100"), ("Upload:PerUser", "2"), ("Upload:PerIp", "100"));
        var world = await WorkWorld.CreateAsync(Factory, records: 10, batchSize: 1, workers: 1);
        var worker = await api.ClientForAsync("w1@hub.jp", TestData.Password);
        var client = await api.ClientForAsync("client@pref.jp", TestData.Password);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await worker.PostAsync("/api/v1/me/units/claim", null)).StatusCode);
        }

        var claim = await worker.PostAsync("/api/v1/me/units/claim", null);
        await claim.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(claim.Headers.Contains("Retry-After"));

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/files", FileUploadTests.Form(Encoding.UTF8.GetBytes($"a,b\r\n{i},x\r\n"), "a.csv"))).StatusCode);
        }

        var upload = await client.PostAsync("/api/v1/files", FileUploadTests.Form(Encoding.UTF8.GetBytes("a,b\r\n9,x\r\n"), "a.csv"));
        await upload.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(upload.Headers.Contains("Retry-After"));
        Assert.NotNull(world.JobId);
    }

    [Fact]
    public async Task Claim_WithThePerIpLimitOff_CountsEachUserAndNoAddress()
    {
        // Behind a load balancer that limits addresses itself (or with many users behind one address), PerIp 0.
        await using var api = Limited(("Claim:PerUser", "2"), ("Claim:PerIp", "0"));
        await WorkWorld.CreateAsync(Factory, records: 10, batchSize: 1, workers: 2);
        var first = await api.ClientForAsync("w1@hub.jp", TestData.Password);
        var second = await api.ClientForAsync("w2@hub.jp", TestData.Password);
        var addressCounts = await AddressClaimCountsAsync();

        foreach (var worker in new[] { first, second, first, second })
        {
            Assert.Equal(HttpStatusCode.Created, (await worker.PostAsync("/api/v1/me/units/claim", null)).StatusCode);
        }

        await (await first.PostAsync("/api/v1/me/units/claim", null)).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(addressCounts, await AddressClaimCountsAsync());
    }

    private async Task<long> AddressClaimCountsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT coalesce(sum(count), 0)::bigint FROM rate_limit_counters WHERE key LIKE 'claim:ip:%'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
