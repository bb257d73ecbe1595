using Market.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Market.Web.Tests;

/// <summary>The Web on a real Kestrel port, driven by Debian's Chromium through Playwright. Screenshots go to test-artifacts/screenshots/.</summary>
public sealed class BrowserTests
{
    [Fact]
    public async Task Portal_WhenSignedInWithChromium_RendersJapaneseLayoutAtDesktopAndPhoneWidths()
    {
        Chromium.AssertInstalled();

        await using var api = await FakeMarketApi.StartAsync();
        await using var factory = new MarketWebFactory(api, TimeProvider.System);
        factory.UseKestrel(0);
        factory.StartServer();
        var baseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var screenshots = Chromium.ScreenshotsDirectory;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        await page.GotoAsync("/");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "intro-1280x800.png"), FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = "サインインする" }).ClickAsync();
        await page.GetByLabel("メールアドレス").FillAsync(FakeUsers.AgentOwner.Email);
        await page.GetByLabel("パスワード").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await page.WaitForSelectorAsync("main [role=alert]");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "signin-error-1280x800.png"), FullPage = true });

        await page.GetByLabel("パスワード").FillAsync(FakeApiUser.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await PageArrival.WaitAsync(page, "**/agent");

        Assert.Equal("ようこそ、遠野 太郎さん", (await page.Locator("h1").TextContentAsync())?.Trim());
        Assert.Equal("rgb(29, 91, 60)", await page.Locator(".site-header").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "agent-console-1280x800.png"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "agent-console-390x844.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.WaitForSelectorAsync("html[lang=en]");
        Assert.Equal("Welcome, 遠野 太郎", (await page.Locator("h1").TextContentAsync())?.Trim());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "agent-console-en-390x844.png"), FullPage = true });

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));

        Assert.Empty(consoleErrors);
    }
}
