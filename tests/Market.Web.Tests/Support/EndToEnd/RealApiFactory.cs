using Market.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>The real Market.Api against the end-to-end test database, with migrations applied and the demo accounts seeded at start.</summary>
public sealed class RealApiFactory(string connectionString, ServerRequestLog? requestLog = null) : WebApplicationFactory<ApiEntryPoint>
{
    public string ConnectionString { get; } = connectionString;

    public string BlobRoot { get; } = Path.Combine(Path.GetTempPath(), "furusato-web-e2e-blobs", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Market.Api.Tests.Infrastructure.ApiTestSettings.For(ConnectionString, BlobRoot))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Market:SeedDemoData", "true");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (requestLog is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(requestLog.For("API")));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(BlobRoot))
        {
            Directory.Delete(BlobRoot, recursive: true);
        }
    }
}
