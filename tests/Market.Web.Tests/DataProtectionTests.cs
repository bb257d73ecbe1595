using System.Net;
using AngleSharp.Html.Parser;
using Market.Api.Tests.Infrastructure;
using Market.Web.Tests.Support;
using Npgsql;

namespace Market.Web.Tests;

public sealed class DataProtectionTests
{
    private static readonly string KeyRingDatabase = "furusato_test_webkeys" + Environment.GetEnvironmentVariable("MARKET_TEST_DB_SUFFIX");

    [Fact]
    public async Task SessionCookie_WhenInstancesShareTheKeyRingInTheDatabase_IsAcceptedByAnotherInstance_BothWays()
    {
        var connectionString = await MigratedKeyRingDatabaseAsync();
        var clock = new ManualClock(MarketWebFactory.DefaultNow);
        await using var api = await FakeMarketApi.StartAsync();
        // Separate (and soon deleted) key directories: only the database can carry the keys from one to the other.
        await using var first = new MarketWebFactory(api, clock) { KeyRingConnectionString = connectionString };
        await using var second = new MarketWebFactory(api, clock) { KeyRingConnectionString = connectionString };

        var fromFirst = await SignInAndTakeSessionCookieAsync(first, FakeUsers.Worker);
        await AssertAcceptedAsync(second, fromFirst);
        var fromSecond = await SignInAndTakeSessionCookieAsync(second, FakeUsers.Worker);
        await AssertAcceptedAsync(first, fromSecond);

        Assert.Empty(Directory.Exists(first.KeysDirectory) ? Directory.GetFiles(first.KeysDirectory) : []);
        Assert.Empty(Directory.Exists(second.KeysDirectory) ? Directory.GetFiles(second.KeysDirectory) : []);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM web_data_protection_keys WHERE xml LIKE '<key %'", connection);
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);
    }

    [Fact]
    public async Task SessionCookie_FromAnInstanceWithAnotherKeyRingDatabase_IsRefused()
    {
        var connectionString = await MigratedKeyRingDatabaseAsync();
        var clock = new ManualClock(MarketWebFactory.DefaultNow);
        await using var api = await FakeMarketApi.StartAsync();
        await using var shared = new MarketWebFactory(api, clock) { KeyRingConnectionString = connectionString };
        await using var stranger = new MarketWebFactory(api, clock);
        var sessionCookie = await SignInAndTakeSessionCookieAsync(stranger, FakeUsers.Worker);

        using var client = shared.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/worker");
        request.Headers.Add("Cookie", sessionCookie);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/signin", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task SessionCookie_WithoutADatabase_WhenInstancesShareTheKeysDirectory_IsAcceptedByAnotherInstance()
    {
        var keys = MarketWebFactory.NewKeysDirectory();
        var clock = new ManualClock(MarketWebFactory.DefaultNow);
        try
        {
            await using var api = await FakeMarketApi.StartAsync();
            await using var first = new MarketWebFactory(api, clock, keys);
            await using var second = new MarketWebFactory(api, clock, keys);
            var sessionCookie = await SignInAndTakeSessionCookieAsync(first, FakeUsers.Worker);

            using var client = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/worker");
            request.Headers.Add("Cookie", sessionCookie);
            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("在宅 さくら", await response.Content.ReadAsStringAsync());
            Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    [Fact]
    public async Task SessionCookie_WhenAnotherInstanceHasItsOwnKeys_IsRefused()
    {
        var clock = new ManualClock(MarketWebFactory.DefaultNow);
        await using var api = await FakeMarketApi.StartAsync();
        await using var first = new MarketWebFactory(api, clock);
        await using var stranger = new MarketWebFactory(api, clock);
        var sessionCookie = await SignInAndTakeSessionCookieAsync(first, FakeUsers.Worker);

        using var client = stranger.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/worker");
        request.Headers.Add("Cookie", sessionCookie);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/signin", response.Headers.Location!.AbsolutePath);
    }

    private static async Task AssertAcceptedAsync(MarketWebFactory factory, string sessionCookie)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/worker");
        request.Headers.Add("Cookie", sessionCookie);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("在宅 さくら", await response.Content.ReadAsStringAsync());
    }

    private static readonly SemaphoreSlim KeyRingDatabaseGate = new(1, 1);
    private static bool keyRingDatabaseCreated;

    /// <summary>
    /// A database holding just the table the API's migration 0052 creates, from that very script, emptied for each test.
    /// The database is created once per run: creating databases per test contends with every other project's runs.
    /// </summary>
    private static async Task<string> MigratedKeyRingDatabaseAsync()
    {
        var connectionString = TestDatabase.ConnectionString(KeyRingDatabase);
        await KeyRingDatabaseGate.WaitAsync();
        try
        {
            if (!keyRingDatabaseCreated)
            {
                await TestDatabase.RecreateAsync(KeyRingDatabase);
                keyRingDatabaseCreated = true;
            }
        }
        finally
        {
            KeyRingDatabaseGate.Release();
        }

        var script = await File.ReadAllTextAsync(Path.Combine(
            RepositoryPaths.Root, "src", "Market.Api", "Persistence", "Migrations", "Sql", "20261121000052_WebDataProtectionKeys.sql"));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var migrate = new NpgsqlCommand("DROP TABLE IF EXISTS web_data_protection_keys;\n" + script, connection);
        await migrate.ExecuteNonQueryAsync();
        return connectionString;
    }

    private static async Task<string> SignInAndTakeSessionCookieAsync(MarketWebFactory factory, FakeApiUser user)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var html = await client.GetStringAsync("/account/signin");
        var token = new HtmlParser().ParseDocument(html)
            .QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email,
            ["Input.Password"] = FakeApiUser.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie")
            .Where(cookie => cookie.StartsWith(".FurusatoMarket.Session", StringComparison.Ordinal))
            .Select(cookie => cookie.Split(';')[0]));
    }
}
