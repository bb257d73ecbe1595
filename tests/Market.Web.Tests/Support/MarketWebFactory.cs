using Market.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;

namespace Market.Web.Tests.Support;

/// <summary>
/// Hosts Market.Web for tests. The API is whatever <paramref name="apiHandler"/> reaches at <paramref name="apiBaseUrl"/>:
/// the <see cref="FakeMarketApi"/> today; the real Market.Api (its <c>WebApplicationFactory.Server.CreateHandler()</c>,
/// or null with the URL of a running instance) for end-to-end tests.
/// </summary>
public sealed class MarketWebFactory(Func<HttpMessageHandler>? apiHandler, Uri apiBaseUrl, TimeProvider clock, string? sharedKeysDirectory = null)
    : WebApplicationFactory<WebEntryPoint>
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 21, 10, 30, 0, TimeSpan.Zero);

    private readonly string keysDirectory = sharedKeysDirectory ?? NewKeysDirectory();

    public MarketWebFactory(FakeMarketApi api, TimeProvider clock, string? sharedKeysDirectory = null)
        : this(api.CreateHandler, new Uri("http://fake-market-api.test/"), clock, sharedKeysDirectory)
    {
    }

    public string KeysDirectory => keysDirectory;

    /// <summary>When set, the key ring lives in this database (ADR 0028) instead of <see cref="KeysDirectory"/>.</summary>
    public string? KeyRingConnectionString { get; init; }

    /// <summary>Runs first in the Web's pipeline when set (the end-to-end tests' <see cref="EndToEnd.ServerRequestLog"/>).</summary>
    public IStartupFilter? StartupFilter { get; init; }

    public static string NewKeysDirectory() => Path.Combine(Path.GetTempPath(), "market-web-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MarketApi:BaseUrl"] = apiBaseUrl.AbsoluteUri,
            ["Market:DataProtectionKeysPath"] = keysDirectory,
            [$"ConnectionStrings:{WebServiceCollectionExtensions.KeyRingConnectionStringName}"] = KeyRingConnectionString,
        }));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(clock);
            if (StartupFilter is not null)
            {
                services.AddSingleton(StartupFilter);
            }

            if (apiHandler is not null)
            {
                services.ConfigureAll<HttpClientFactoryOptions>(options =>
                    options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.PrimaryHandler = apiHandler()));
            }
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (sharedKeysDirectory is null && Directory.Exists(keysDirectory))
        {
            Directory.Delete(keysDirectory, recursive: true);
        }
    }
}
