using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Market.Api.Identity;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;
using Npgsql;

namespace Market.Api.Tests.Faults;

/// <summary>Several API instances behind a load balancer share one Data Protection key ring, kept in the database.</summary>
public sealed class ScaleOutTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task ATokenIssuedByOneInstance_IsAcceptedByAnother_BecauseTheKeyRingLivesInTheDatabase()
    {
        await using var first = new MarketApiFactory(Factory.ConnectionString);
        await using var second = new MarketApiFactory(Factory.ConnectionString);
        first.Clock.Set(Factory.Clock.GetUtcNow());
        second.Clock.Set(Factory.Clock.GetUtcNow());
        var agent = await TestData.AgentAsync(Factory, "Agent", "SCALE-1");
        await TestData.UserAsync(Factory, "w@hub.jp", Roles.Worker, agent.Id);

        var tokens = await (await first.LoginAsync("w@hub.jp", TestData.Password)).Content.ReadFromJsonAsync<TokenResponse>();
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens!.AccessToken);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode);
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var keys = new NpgsqlCommand("SELECT count(*) FROM data_protection_keys WHERE xml LIKE '<key %'", connection);
        Assert.True((long)(await keys.ExecuteScalarAsync())! >= 1, "no key in the database key ring");
    }
}
