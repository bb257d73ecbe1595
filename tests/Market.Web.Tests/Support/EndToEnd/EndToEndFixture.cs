using Market.Api.Seeding;
using Market.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>
/// The real Market.Api and the real Market.Web, each on its own Kestrel port, over a freshly created PostgreSQL
/// database, and one Chromium for the whole collection. The API seeds the demo accounts on start; a test that needs
/// a clean slate asks for <see cref="ResetDataAsync"/> (see <see cref="EndToEndTest.StartsFromEmptyData"/>).
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public RealApiFactory Api { get; private set; } = null!;

    public MarketWebFactory Web { get; private set; } = null!;

    public Uri ApiUrl { get; private set; } = null!;

    public Uri WebUrl { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>What the two servers are busy with; a browser wait that times out prints it.</summary>
    public ServerRequestLog Requests => ServerRequestLog.Shared;

    public async Task InitializeAsync()
    {
        Chromium.AssertInstalled();
        await TestDatabase.RecreateAsync(EndToEndDatabase.Name);

        Api = new RealApiFactory(TestDatabase.ConnectionString(EndToEndDatabase.Name), Requests);
        Api.UseKestrel(0);
        Api.StartServer();
        ApiUrl = ListeningAddress(Api.Services);

        Web = new MarketWebFactory(apiHandler: null, ApiUrl, TimeProvider.System) { StartupFilter = Requests.For("Web") };
        Web.UseKestrel(0);
        Web.StartServer();
        WebUrl = ListeningAddress(Web.Services);

        playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(playwright);
    }

    /// <summary>Empties the database (reference data kept) and seeds the demo accounts again, as the API does on start.</summary>
    public async Task ResetDataAsync()
    {
        await TestDatabase.ResetAsync(Api.ConnectionString);
        await using var scope = Api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoAccounts>().SeedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Web is not null)
        {
            await Web.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }
    }

    private static Uri ListeningAddress(IServiceProvider services) =>
        new(services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "end-to-end";
}
