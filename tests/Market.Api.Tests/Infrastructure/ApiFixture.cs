using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Infrastructure;

/// <summary>
/// One API and one freshly created database for the whole test run; every test starts from empty data
/// (reference data kept) via <see cref="ApiTest"/>.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    // A suffix lets two runs on one machine (two developers, or a developer beside a watch run) keep apart.
    public static readonly string Database = "furusato_test_api" + Environment.GetEnvironmentVariable("MARKET_TEST_DB_SUFFIX");

    public MarketApiFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await TestDatabase.RecreateAsync(Database);
        Factory = new MarketApiFactory(TestDatabase.ConnectionString(Database));
        _ = Factory.Server; // starts the host: migrations run now, once
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

[Collection(ApiCollection.Name)]
public abstract class ApiTest(ApiFixture fixture) : IAsyncLifetime
{
    protected MarketApiFactory Factory => fixture.Factory;

    protected IServiceScope NewScope() => Factory.Services.CreateScope();

    public virtual async Task InitializeAsync()
    {
        Factory.Clock.Set(TimeProvider.System.GetUtcNow());
        await TestDatabase.ResetAsync(Factory.ConnectionString);
    }

    /// <summary>Whatever the test did to units, the job progress counters still agree with them (ADR 0045).</summary>
    public virtual async Task DisposeAsync() => await JobUnitCountsCheck.AssertAgreeAsync(Factory.ConnectionString);
}
