using System.Net;
using Market.Api.Tests.Infrastructure;
using Npgsql;

namespace Market.Api.Tests.Operations;

public sealed class HealthTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Live_AndReady_AreHealthyWithTheDatabaseUp()
    {
        var client = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Ready_WhenTheDatabaseGoesDown_Fails_AndRecoversWhenItIsBack_WithoutRestart()
    {
        var real = new NpgsqlConnectionStringBuilder(Factory.ConnectionString);
        await using var proxy = new TcpProxy("127.0.0.1", real.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(Factory.ConnectionString) { Port = proxy.Port, Timeout = 2 }.ConnectionString;
        await using var api = new MarketApiFactory(viaProxy);
        var client = api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        proxy.Cut();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        proxy.Start();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
