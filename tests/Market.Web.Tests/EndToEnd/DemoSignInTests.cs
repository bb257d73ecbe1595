using Market.Web.Tests.Support;
using Market.Web.Tests.Support.EndToEnd;

namespace Market.Web.Tests.EndToEnd;

/// <summary>The foundation end to end: every demo role signs in through the real Web and API and lands on its own portal.</summary>
public sealed class DemoSignInTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private const string ClientFirm = "株式会社 東京データワークス";
    private const string Agent = "NPO法人 やまびこテレワーク";

    [Theory]
    [InlineData("operator@demo.furusato.example", "/operator", "運営 太郎", "ふるさとマーケット運営")]
    [InlineData("client@demo.furusato.example", "/client", "発注 花子", ClientFirm)]
    [InlineData("agent.owner@demo.furusato.example", "/agent", "代表 山本 恵子", Agent)]
    [InlineData("coordinator@demo.furusato.example", "/agent", "調整 佐藤 健一", Agent)]
    [InlineData("reviewer@demo.furusato.example", "/agent", "検品 田中 美咲", Agent)]
    [InlineData("worker1@demo.furusato.example", "/worker", "在宅 小松 由美", Agent)]
    [InlineData("worker2@demo.furusato.example", "/worker", "在宅 岡田 直子", Agent)]
    [InlineData("worker3@demo.furusato.example", "/worker", "在宅 西村 翔", Agent)]
    [InlineData("worker4@demo.furusato.example", "/worker", "在宅 竹内 さくら", Agent)]
    [InlineData("worker5@demo.furusato.example", "/worker", "在宅 浜口 大地", Agent)]
    public async Task SignIn_WhenDemoAccountSignsInWithChromium_LandsOnItsPortalWithItsNameAndTenant(
        string email, string portalPath, string displayName, string tenant)
    {
        var page = await NewPageAsync();

        await SignInAsync(page, email, portalPath);

        Assert.Equal($"ようこそ、{displayName}さん", (await page.Locator("h1").TextContentAsync())?.Trim());
        Assert.Equal(tenant, (await page.Locator(".welcome__facts dd").First.TextContentAsync())?.Trim());
        Assert.Equal(displayName, (await page.Locator(".session__name").TextContentAsync())?.Trim());
        Assert.Equal(tenant, (await page.Locator(".session__tenant").TextContentAsync())?.Trim());
        await Chromium.AssertNoHorizontalScrollAsync(page);
        AssertNoConsoleErrors();
    }
}
