using System.Globalization;
using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using Market.Api.Identity;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Market.Api.Tests.Auth;

/// <summary>
/// At the production count: the other tests hash with few iterations (<c>ApiTestSettings</c>), so these run on a node of
/// their own whose setting is the default, against the same database.
/// </summary>
public sealed class PasswordHashingTests(ApiFixture fixture) : ApiTest(fixture)
{
    private MarketApiFactory _production = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _production = new MarketApiFactory(Factory.ConnectionString, new Dictionary<string, string?> { ["Identity:PasswordHashIterations"] = PasswordHashing.Iterations.ToString(CultureInfo.InvariantCulture) });
    }

    public override async Task DisposeAsync()
    {
        await _production.DisposeAsync();
        await base.DisposeAsync();
    }

    // Identity's V3 format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.
    private static int IterationsOf(string hash) => (int)BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public void FewerIterations_AreRefusedOutsideTests(string environment)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Identity:PasswordHashIterations"] = "1000" }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddPasswordHashing(configuration, new HostingEnvironment { EnvironmentName = environment }));

        Assert.Contains("only in tests", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewPassword_IsHashedWithPbkdf2AtLeast220000Iterations()
    {
        var user = await TestData.UserAsync(_production, "hash@example.jp", Roles.PlatformAdmin, null);
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var hash = await db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync();
        Assert.True(IterationsOf(hash!) >= 220_000, $"iterations = {IterationsOf(hash!)}");
    }

    [Fact]
    public async Task Login_WithHashFromFewerIterations_RehashesAtTheCurrentCount()
    {
        var user = await TestData.UserAsync(_production, "legacy@example.jp", Roles.PlatformAdmin, null);
        var weakHasher = new PasswordHasher<AppUser>(Options.Create(new PasswordHasherOptions { IterationCount = 10_000 }));
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var weak = weakHasher.HashPassword(user, TestData.Password);
            await db.Database.ExecuteSqlAsync($"UPDATE users SET password_hash = {weak} WHERE id = {user.Id}");
        }

        var login = await _production.LoginAsync("legacy@example.jp", TestData.Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var hash = await db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync();
            Assert.Equal(PasswordHashing.Iterations, IterationsOf(hash!));
        }
    }
}
