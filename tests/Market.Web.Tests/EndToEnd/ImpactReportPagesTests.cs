using Market.Api.Persistence;
using Market.Api.Seeding;
using Market.Domain.Tenancy;
using Market.Web.Tests.Support.EndToEnd;
using Market.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task RegionalReport_ForAPublicBody_ShowsItsOwnPrefectureOnly_AndACompanyClientIsToldWhy()
    {
        const string email = "pref.office@demo.furusato.example";
        var officeId = Guid.Parse("0195a1ff-0000-7000-8000-00000000e2e1");
        string own;
        await using (var scope = Fixture.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            own = await db.WorkerProfiles.IgnoreQueryFilters().Select(p => p.Prefecture).FirstAsync();
            if (!await db.ClientFirms.IgnoreQueryFilters().AnyAsync(c => c.Id == officeId))
            {
                db.ClientFirms.Add(new ClientFirm(officeId, own + "庁 ふるさと推進課", ClientKind.PublicBody, own, DateTimeOffset.UtcNow));
                await db.SaveChangesAsync();
            }

            await DemoPeople.EnsureAsync(scope.ServiceProvider, email, "県庁 担当", Roles.ClientMember, officeId);
        }

        var prefecture = await NewPageAsync();
        await SignInAsync(prefecture, email, "/client");
        await prefecture.GotoAsync("/reports/regional");

        await Expect(prefecture.Locator("h1")).ToHaveTextAsync("地域への効果");
        await Expect(prefecture.Locator("[data-own-prefecture]")).ToHaveTextAsync(own);
        Assert.Equal(0, await prefecture.Locator("input#prefecture").CountAsync());
        var places = await prefecture.Locator("[data-regional-rows] tbody th").AllTextContentsAsync();
        Assert.NotEmpty(places);
        Assert.All(places, p => Assert.StartsWith(own, p.Trim(), StringComparison.Ordinal));
        AssertNoConsoleErrors();

        var company = await NewPageAsync();
        await SignInAsync(company, $"client@{DemoAccounts.Domain}", "/client");
        await company.GotoAsync("/reports/regional");
        await Expect(company.Locator("main")).ToContainTextAsync("運営者と自治体などの公的機関の方が見られます");
        Assert.Equal(0, await company.Locator("[data-regional-rows]").CountAsync());
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
