namespace Market.Api.Tests.Infrastructure;

public static class ApiTestSettings
{
    /// <summary>
    /// How every test runs the API — in process (<c>MarketApiFactory</c>, the Web's <c>RealApiFactory</c>, which links
    /// this file) or as a process of its own (<c>ApiProcess</c>): on its database, migrated at start, without the
    /// scheduler and without rate limits (the rate-limit tests turn them on with small limits), with cheap password
    /// hashes (<c>PasswordHashing</c>), its files under <paramref name="blobRoot"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> For(string connectionString, string blobRoot) => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Market"] = connectionString,
        ["Market:ApplyMigrationsOnStartup"] = "true",
        ["Quartz:Enabled"] = "false",
        ["RateLimits:AuthPerMinute"] = "100000",
        ["RateLimits:Enabled"] = "false",
        ["Files:BlobRoot"] = blobRoot,
        // Thousands of people are created and signed in per run; PasswordHashingTests check the real 220,000.
        ["Identity:PasswordHashIterations"] = "1000",
    };
}
