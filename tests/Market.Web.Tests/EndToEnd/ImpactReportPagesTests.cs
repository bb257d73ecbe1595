using Market.Api.Seeding;
using Market.Web.Tests.Support;
using Market.Web.Tests.Support.EndToEnd;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Market.Web.Tests.EndToEnd;

/// <summary>The impact report pages in Chromium: server-drawn SVG charts, the table and the CSV download, for the people allowed to see them.</summary>
public sealed class ImpactReportPagesTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    /// <summary>The agent's report must be empty this month: other tests leave accepted jobs behind.</summary>
    protected override bool StartsFromEmptyData => true;

    [Fact]
    public async Task RegionalReport_ForTheOperator_ShowsChartsAndDownloadsTheCsv()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, $"operator@{DemoAccounts.Domain}", "/operator");

        await page.GotoAsync("/reports/regional");

        await Expect(page.Locator("h1")).ToHaveTextAsync("地域への効果");
        Assert.Equal(3, await page.Locator("svg.chart[role=img]").CountAsync());
        Assert.Equal(6, await page.Locator("svg.chart").First.Locator("g.chart__bar").CountAsync()); // six months by default
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV をダウンロード" }).ClickAsync());
        Assert.StartsWith("regional-impact_", download.SuggestedFilename, StringComparison.Ordinal);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("month,prefecture,municipality,registered_workers", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        await Chromium.AssertNoHorizontalScrollAsync(page);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AgentReport_ForTheOwner_ShowsItsRates_AndWorkersCannotOpenIt()
    {
        var owner = await NewPageAsync();
        await SignInAsync(owner, $"agent.owner@{DemoAccounts.Domain}", "/agent");
        await owner.GotoAsync("/reports/agent");
        await Expect(owner.Locator("h1")).ToContainTextAsync("エージェント実績");
        Assert.Equal(4, await owner.Locator("svg.chart[role=img]").CountAsync());
        await Expect(owner.Locator("[data-total=on-time]")).ToContainTextAsync("—");
        await Chromium.ScreenshotAsync(owner, "agent-impact-1280x800");
        AssertNoConsoleErrors();

        // The access-denied page answers 403, which the browser logs: checked above, before this.
        var worker = await NewPageAsync();
        await SignInAsync(worker, $"worker1@{DemoAccounts.Domain}", "/worker");
        var response = await worker.GotoAsync("/reports/agent");
        Assert.Equal(403, response!.Status);
        Assert.Contains("/account/accessdenied", worker.Url, StringComparison.OrdinalIgnoreCase);
    }
}
