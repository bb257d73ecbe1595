using Market.Api.Identity;
using Market.Api.Seeding;
using Market.Domain.Tenancy;
using Market.Web.Tests.Support.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Market.Web.Tests.EndToEnd;

/// <summary>An agent owner without 2FA is walked through setting it up at sign-in, in real Chromium against the real API.</summary>
public sealed class TwoFactorSetupTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    [Fact]
    public async Task SignIn_AsAnOwnerWithout2fa_ShowsAKeyToAdd_AndTheFirstCodeSignsIn()
    {
        const string email = "new.owner@demo.furusato.example";
        await using (var scope = Fixture.Api.Services.CreateAsyncScope())
        {
            await DemoPeople.EnsureAsync(scope.ServiceProvider, email, "新任 代表", Roles.AgentOwner, DemoAccounts.DemoAgentId);
        }

        var page = await NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();

        var key = page.Locator("code.totp-key");
        await key.WaitForAsync(new() { Timeout = 90_000 });
        var sharedKey = (await key.TextContentAsync())!.Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.StartsWith("otpauth://totp/", await page.Locator("a[href^='otpauth:']").GetAttributeAsync("href"));
        await page.GetByLabel("認証コード").FillAsync(Totp.Code(sharedKey, TimeProvider.System.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "2段階認証を有効にしてサインイン" }).ClickAsync();

        await WaitForPageAsync(page, "**/agent", 90_000);
        Assert.Equal("ようこそ、新任 代表さん", (await page.Locator("h1").TextContentAsync())?.Trim());
        AssertNoConsoleErrors();
    }
}
