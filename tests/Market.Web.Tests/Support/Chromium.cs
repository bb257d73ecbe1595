using Microsoft.Playwright;

namespace Market.Web.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright, as <c>./market test</c> installs it. Browser tests never skip.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static string ScreenshotsDirectory =>
        Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "test-artifacts", "screenshots")).FullName;

    public static void AssertInstalled() =>
        Assert.True(
            File.Exists(ExecutablePath),
            $"Chromium is missing at {ExecutablePath}. Install it with `apt-get install -y chromium fonts-noto-cjk`; the browser test never skips.");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Args });

    public static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        var width = page.ViewportSize!.Width;
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth}px wide in a {width}px viewport.");
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotsDirectory, name + ".png"), FullPage = true });
}
