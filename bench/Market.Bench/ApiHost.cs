using System.Net.Http.Headers;
using System.Net.Http.Json;
using Market.Api.Hosting;
using Market.Api.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Bench;

/// <summary>
/// The API's own service provider in this process, configured like production (Release build, logging at Warning, no
/// scheduler), for the in-process figures and for seeding through the real handlers. It shares its data-protection key
/// ring with the child API process, so bearer tokens it issues are accepted there without signing in N workers.
/// </summary>
public sealed class ApiHost(BenchOptions options) : WebApplicationFactory<ApiEntryPoint>
{
    public string KeysPath => Path.Combine(options.StateDirectory, "keys");

    public string BlobRoot => Path.Combine(options.StateDirectory, "blobs");

    /// <summary>Production refuses to start without a bank-account key; the bench makes a throwaway one per run.</summary>
    private readonly string _bankKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The settings both the in-process host and the child API process run with.</summary>
    public IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ConnectionStrings:Market"] = options.ConnectionString,
        ["Market:ApplyMigrationsOnStartup"] = "true",
        ["Market:DataProtectionKeysPath"] = KeysPath,
        ["Quartz:Enabled"] = "false",
        ["RateLimits:AuthPerMinute"] = "1000000",
        // Configured like a deployment behind a load balancer that serves many users: the per-user claim limit stays on
        // (its counter in PostgreSQL is part of every claim's cost), the per-address one is off (PerIp 0 counts no
        // addresses; the balancer limits those) because all the bench's load comes from one address. Counting that one
        // address would also make every claim update the same counter row.
        // PerUser keeps its production default (30 a minute); a load worker makes at most 11 claim calls per run.
        ["RateLimits:Claim:PerIp"] = "0",
        ["RateLimits:Upload:PerIp"] = "100000",
        ["RateLimits:Upload:PerUser"] = "100000",
        ["Files:BlobRoot"] = BlobRoot,
        ["Logging:LogLevel:Default"] = "Warning",
        ["Money:BankAccountKeys:bench"] = _bankKey,
        ["Money:BankAccountKeyId"] = "bench",
    };

    /// <summary>The same settings as environment variables for a child process.</summary>
    public IDictionary<string, string> ChildEnvironment =>
        Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value)
            .Append(new KeyValuePair<string, string>("ASPNETCORE_ENVIRONMENT", "Production"))
            .Append(new KeyValuePair<string, string>("MARKET_DB", options.ConnectionString))
            .ToDictionary();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(Path.Combine(options.RepositoryRoot, "src", "Market.Api"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task<string> TokenForAsync(Guid userId)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new InvalidOperationException($"No user {userId}.");
        return (await scope.ServiceProvider.GetRequiredService<TokenIssuer>().IssueAsync(user)).AccessToken;
    }

    /// <summary>An in-process HTTP client (TestServer) signed in as the user, for seeding through the real endpoints.</summary>
    public async Task<HttpClient> ClientForAsync(Guid userId)
    {
        var client = CreateClient();
        client.Timeout = TimeSpan.FromMinutes(10);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenForAsync(userId));
        return client;
    }

    public static async Task<System.Text.Json.JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        }

        return System.Text.Json.JsonDocument.Parse(body).RootElement;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body);
}
