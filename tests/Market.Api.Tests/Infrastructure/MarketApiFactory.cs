using System.Net.Http.Headers;
using System.Net.Http.Json;
using Market.Api.Hosting;
using Market.Api.Identity;
using Market.Api.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Market.Api.Tests.Infrastructure;

/// <summary>The real API in-process against the test database, with migrations applied at start-up.</summary>
public class MarketApiFactory(string connectionString, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<ApiEntryPoint>
{
    public FakeClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public string ConnectionString { get; } = connectionString;

    public string BlobRoot { get; } = Path.Combine(Path.GetTempPath(), "furusato-test-blobs", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in ApiTestSettings.For(ConnectionString, BlobRoot).Concat(settings ?? new Dictionary<string, string?>()))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task<HttpClient> ClientForAsync(string email, string password)
    {
        var client = CreateClient();
        var response = await LoginAsync(email, password);
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens!.AccessToken);
        return client;
    }

    /// <summary>
    /// Signs in as a person would, typing the code from their authenticator app when the API asks for one (agent
    /// owners and operators must use 2FA). Tests sign one person in several times within one 30-second step, and a
    /// code is accepted once, so the user's last used step is forgotten first.
    /// </summary>
    public async Task<HttpResponseMessage> LoginAsync(string email, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        if (response.StatusCode != System.Net.HttpStatusCode.Unauthorized
            || !(await response.Content.ReadAsStringAsync()).Contains("\"two_factor_required\"", StringComparison.Ordinal))
        {
            return response;
        }

        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        await scope.ServiceProvider.GetRequiredService<MarketDbContext>().Set<TotpUsedStep>()
            .Where(s => s.UserId == user.Id)
            .ExecuteDeleteAsync();

        return await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password, twoFactorCode = Totp.Code(key, Clock.GetUtcNow()) });
    }
}
