using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Market.Api.Identity;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;
using Npgsql;

namespace Market.Api.Tests.Faults;

/// <summary>
/// The database going away under load, and the connection pool running dry: callers get 503 with Retry-After (never
/// 500, never a hang), and the API recovers by itself when the database is back. Here the connection is cut by a TCP
/// proxy (cheap, on the shared server, every run); the real server restart is <see cref="PostgresRestartTests"/> in
/// the fault stage.
/// </summary>
public sealed class DatabaseFaultTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task DatabaseConnectionCutMidLoad_Answers503WithRetryAfter_ThenRecovers_NeverA500()
    {
        var real = new NpgsqlConnectionStringBuilder(Factory.ConnectionString);
        await using var proxy = new TcpProxy("127.0.0.1", real.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(Factory.ConnectionString) { Port = proxy.Port, Timeout = 2, CommandTimeout = 5 }.ConnectionString;
        await using var api = new MarketApiFactory(viaProxy);
        api.Clock.Set(Factory.Clock.GetUtcNow());
        var firm = await TestData.ClientAsync(Factory, "Client");
        await TestData.UserAsync(Factory, "c@client.jp", Roles.ClientMember, firm.Id);
        var client = await api.ClientForAsync("c@client.jp", TestData.Password);

        var answers = new ConcurrentQueue<(HttpStatusCode Status, bool RetryAfter)>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.GetAsync("/api/v1/jobs");
                answers.Enqueue((response.StatusCode, response.Headers.RetryAfter is not null));
            }
        })).ToList();

        await WaitForAsync(() => answers.Count(a => a.Status == HttpStatusCode.OK) >= 4, "answers before the cut");
        proxy.Cut();
        await WaitForAsync(() => answers.Any(a => a.Status == HttpStatusCode.ServiceUnavailable), "a 503 while the database is away");
        proxy.Start();
        var okBefore = answers.Count(a => a.Status == HttpStatusCode.OK);
        await WaitForAsync(() => answers.Count(a => a.Status == HttpStatusCode.OK) > okBefore + 4, "recovery once the database is back");
        stop.Cancel();
        await Task.WhenAll(load);

        var statuses = answers.Select(a => a.Status).Distinct().ToList();
        Assert.True(statuses.All(s => s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable), "answers were " + string.Join(", ", statuses));
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.True(a.RetryAfter, "a 503 without Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task PoolExhausted_Answers503Quickly_AndRecoversWhenConnectionsAreFree()
    {
        var pooled = new NpgsqlConnectionStringBuilder(Factory.ConnectionString) { MaxPoolSize = 2, Timeout = 2 }.ConnectionString;
        await using var api = new MarketApiFactory(pooled);
        api.Clock.Set(Factory.Clock.GetUtcNow());
        var firm = await TestData.ClientAsync(Factory, "Client");
        await TestData.UserAsync(Factory, "c@client.jp", Roles.ClientMember, firm.Id);
        var client = await api.ClientForAsync("c@client.jp", TestData.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/jobs")).StatusCode);

        // The same connection string is the same pool: holding both connections leaves none for the API (whose
        // connection string is the configured one as PooledConnections tunes it).
        var apiPool = Market.Api.Persistence.PooledConnections.Tune(pooled, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        var held = new List<NpgsqlConnection>();
        for (var i = 0; i < 2; i++)
        {
            var connection = new NpgsqlConnection(apiPool);
            await connection.OpenAsync();
            held.Add(connection);
        }

        var clock = Stopwatch.StartNew();
        using var starved = await client.GetAsync("/api/v1/jobs");
        clock.Stop();
        await starved.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.NotNull(starved.Headers.RetryAfter);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the starved request took {clock.Elapsed}");

        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/jobs")).StatusCode);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
