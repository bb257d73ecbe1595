using Market.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Market.Web.Tests;

/// <summary>The Web on a real Kestrel port, driven by Debian's Chromium through Playwright. Screenshots go to test-artifacts/screenshots/.</summary>
public sealed class BrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [Fact]
    public async Task Portal_WhenSignedInWithChromium_RendersJapaneseLayoutAtDesktopAndPhoneWidths()
    {
        Assert.True(
            File.Exists(ChromiumPath),
            $"Chromium is missing at {ChromiumPath}. Install it with `apt-get install -y chromium fonts-noto-cjk`; the browser test never skips.");

        await using var api = await FakeMarketApi.StartAsync();
        await using var factory = new MarketWebFactory(api, TimeProvider.System);
        factory.UseKestrel(0);
        factory.StartServer();
        var baseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var screenshots = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "test-artifacts", "screenshots")).FullName;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
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
        await page.WaitForURLAsync("**/agent");

        Assert.Equal("ようこそ、遠野 太郎さん", (await page.Locator("h1").TextContentAsync())?.Trim());
        Assert.Equal("rgb(29, 91, 60)", await page.Locator(".site-header").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await AssertNoHorizontalScrollAsync(page, 1280);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "agent-console-1280x800.png"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await AssertNoHorizontalScrollAsync(page, 390);
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

    private static async Task AssertNoHorizontalScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"The page is {scrollWidth}px wide in a {width}px viewport.");
    }
}
