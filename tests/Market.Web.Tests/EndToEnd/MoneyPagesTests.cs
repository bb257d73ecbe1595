using System.Text;
using Market.Web.Tests.Support;
using Market.Web.Tests.Support.EndToEnd;
using Microsoft.Playwright;

namespace Market.Web.Tests.EndToEnd;

/// <summary>
/// The money pages in Chromium over the real Web, API and PostgreSQL: the owner issues a qualified invoice for a job
/// the client accepted, both print it and download its CSV; the worker reads the month's statement; the team page
/// lists a certification lapsing. The job itself is worked through the API (its pages are tested elsewhere).
/// </summary>
public sealed class MoneyPagesTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private const string Owner = "agent.owner@demo.furusato.example";
    private const string Worker1 = "worker1@demo.furusato.example";
    private const string Title = "四万十町 移住相談会 記録";

    protected override bool StartsFromEmptyData => true;

    [Fact]
    public async Task Invoice_TheOwnerIssuesOneForAnAcceptedJob_TheClientPrintsIt_AndBothDownloadTheSameCsv()
    {
        await DemoStory.GiveALapsingCertificationAsync(Fixture);
        await DemoCertifications.GrantAsync(Fixture);
        await DemoStory.AcceptedJobAsync(Fixture.ApiUrl, Title);

        // Without a registration number the agent cannot issue a qualified invoice: the refusal is beside the job, in Japanese.
        var owner = await NewPageAsync();
        await SignInAsync(owner, Owner, "/agent");
        await owner.GetByRole(AriaRole.Link, new() { Name = "請求書", Exact = true }).ClickAsync();
        await WaitForPageAsync(owner, "**/agent/invoices");
        Assert.Equal("まだ請求書はありません。", await TextAsync(owner, "main .empty"));
        await owner.GetByLabel("検収済みの案件").SelectOptionAsync(new SelectOptionValue { Label = $"{Title}（検収済み）" });
        await owner.GetByRole(AriaRole.Button, new() { Name = "発行する" }).ClickAsync();
        await owner.Locator("#JobId-error").WaitForAsync();
        Assert.StartsWith("請求書を発行する前に、代表者が適格請求書発行事業者の登録番号", await TextAsync(owner, "#JobId-error"));
        Assert.Equal("true", await owner.GetByLabel("検収済みの案件").GetAttributeAsync("aria-invalid"));

        // With the settings made, the owner issues it and lands on the printable invoice.
        await DemoStory.SetInvoiceSettingsAsync(Fixture.ApiUrl);
        await owner.GetByLabel("検収済みの案件").SelectOptionAsync(new SelectOptionValue { Label = $"{Title}（検収済み）" });
        await owner.GetByRole(AriaRole.Button, new() { Name = "発行する" }).ClickAsync();
        await WaitForPageAsync(owner, "**/agent/invoices/*-*-*-*-*");
        await owner.WaitForSelectorAsync("text=請求書を発行しました。");
        var number = await TextAsync(owner, "#invoice-number");
        Assert.Matches(@"^INV-YMB-\d{4}-\d{6}$", number);
        Assert.Equal(DemoStory.InvoiceRegistration, await TextAsync(owner, "#invoice-registration"));
        Assert.Equal($"{DemoStory.Client} 御中", await TextAsync(owner, "#invoice-recipient"));
        Assert.Contains(Title, await TextAsync(owner, ".invoice__lines tbody"));
        // The offer was ¥48,000 before tax: 10% consumption tax makes ¥52,800.
        Assert.Equal("¥52,800", await TextAsync(owner, "#invoice-total"));
        Assert.Equal("¥4,800", await owner.Locator(".invoice__totals tr", new() { HasText = "消費税（10%）" }).Locator("td").Nth(1).InnerTextAsync());
        await ShotAsync(owner, "agent-invoice");
        var agentCsv = await DownloadTextAsync(owner, () => owner.GetByRole(AriaRole.Link, new() { Name = "CSV をダウンロード" }).ClickAsync());
        Assert.Contains(number, agentCsv);

        // The printed page is the invoice alone: no header, navigation or buttons.
        await owner.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await owner.Locator(".site-header").IsVisibleAsync());
        Assert.False(await owner.Locator(".console-nav").IsVisibleAsync());
        Assert.False(await owner.GetByRole(AriaRole.Button, new() { Name = "印刷する" }).IsVisibleAsync());
        Assert.True(await owner.Locator("article.invoice").IsVisibleAsync());
        await owner.EmulateMediaAsync(new() { Media = Media.Screen });

        // The list shows it; invoicing the same job again is refused beside the job.
        await owner.GotoAsync("/agent/invoices");
        Assert.Equal(number, await TextAsync(owner, ".invoices tbody th a"));
        await owner.GetByLabel("検収済みの案件").SelectOptionAsync(new SelectOptionValue { Label = $"{Title}（検収済み）" });
        await owner.GetByRole(AriaRole.Button, new() { Name = "発行する" }).ClickAsync();
        await owner.Locator("#JobId-error").WaitForAsync();
        Assert.Equal("この案件はすでに請求書に載っています。", await TextAsync(owner, "#JobId-error"));
        await ShotAsync(owner, "agent-invoices");

        // The client finds it from the portal, opens it and downloads the same CSV.
        var client = await NewPageAsync();
        await SignInAsync(client, ApiActor.ClientEmail, "/client");
        await client.GetByRole(AriaRole.Link, new() { Name = "請求書", Exact = true }).ClickAsync();
        await WaitForPageAsync(client, "**/client/invoices");
        await ShotAsync(client, "client-invoices");
        await client.GetByRole(AriaRole.Link, new() { Name = number, Exact = true }).ClickAsync();
        await WaitForPageAsync(client, "**/client/invoices/*-*-*-*-*");
        Assert.Equal("¥52,800", await TextAsync(client, "#invoice-total"));
        Assert.Equal("NPO法人 やまびこテレワーク", await TextAsync(client, ".invoice__issuer-name"));
        await ShotAsync(client, "client-invoice");
        var clientCsv = await DownloadTextAsync(client, () => client.GetByRole(AriaRole.Link, new() { Name = "CSV をダウンロード" }).ClickAsync());
        Assert.Equal(agentCsv, clientCsv);

        // Another firm's invoice is not there for this client: a guessed id is simply not found.
        var missing = await client.APIRequest.GetAsync($"/client/invoices/{Guid.NewGuid()}");
        Assert.Equal(404, missing.Status);

        // The same page in English.
        await client.GotoAsync($"/client/invoices?culture=en");
        Assert.Equal("Invoices", await TextAsync(client, "main h1"));
        Assert.Equal("Total (tax included)", await TextAsync(client, ".invoices thead th:nth-of-type(5)"));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Statement_TheWorkerReadsTheMonthsEarningsAndTier_AndTheTeamPageListsACertificationLapsing()
    {
        await DemoStory.GiveALapsingCertificationAsync(Fixture);
        await DemoCertifications.GrantAsync(Fixture);
        await DemoStory.AcceptedJobAsync(Fixture.ApiUrl, Title);

        var worker = await NewPageAsync();
        await SignInAsync(worker, Worker1, "/worker");
        await worker.GetByRole(AriaRole.Link, new() { Name = "報酬と支払" }).ClickAsync();
        await WaitForPageAsync(worker, "**/worker/payouts");
        var month = TokyoMonth(DateTimeOffset.UtcNow);
        Assert.Equal($"支払明細（{month.Year}年{month.Month}月）", await TextAsync(worker, "#statement-title"));
        Assert.Equal("報酬", await TextAsync(worker, ".statement-lines tbody td:nth-of-type(1)"));
        // Each line says in Japanese what it paid for — the job and the unit — not the ledger's English memo.
        var descriptions = await worker.Locator(".statement-lines tbody td:nth-of-type(2)").AllInnerTextsAsync();
        Assert.Contains(descriptions, d => d.StartsWith($"「{Title}」の作業 ", StringComparison.Ordinal));
        Assert.DoesNotContain(descriptions, d => d.Contains(" of job ", StringComparison.Ordinal));
        Assert.Matches(@"^¥[1-9][\d,]*$", await TextAsync(worker, "#statement-gross"));
        var gross = Yen(await TextAsync(worker, "#statement-gross"));
        var withheld = Yen(await TextAsync(worker, ".statement__sums div:nth-of-type(3) dd"));
        Assert.Equal(gross - withheld, Yen(await TextAsync(worker, "#statement-closing")));
        Assert.Equal("この月の振込はありません。", await TextAsync(worker, ".statement .muted"));
        await ShotAsync(worker, "worker-payouts");

        // The month before holds nothing; a month written wrongly is refused beside the field, and this month is shown.
        await worker.GetByRole(AriaRole.Link, new() { Name = "← 前の月" }).ClickAsync();
        await worker.WaitForSelectorAsync("text=この月の明細はありません。");
        Assert.Equal("¥0", await TextAsync(worker, "#statement-gross"));
        await worker.GotoAsync("/worker/payouts?month=2026-13");
        Assert.Equal("月は「2026-11」のように年と月で指定してください。", await TextAsync(worker, "#month-error"));
        Assert.Equal("true", await worker.GetByLabel("表示する月").GetAttributeAsync("aria-invalid"));
        Assert.Equal($"支払明細（{month.Year}年{month.Month}月）", await TextAsync(worker, "#statement-title"));

        // The quality page says the tier and the figures it is decided from, beside what tiers A and S ask.
        await worker.GetByRole(AriaRole.Link, new() { Name = "品質スコア" }).ClickAsync();
        await WaitForPageAsync(worker, "**/worker/quality");
        Assert.Equal("トライアル", await TextAsync(worker, "#tier-current"));
        var accepted = worker.Locator(".tier-table tbody tr", new() { HasText = "承認された作業単位" });
        Assert.Equal("1 件", (await accepted.Locator("td").First.InnerTextAsync()).Trim());
        Assert.Contains("✕ 未達", await accepted.Locator("td").Nth(1).InnerTextAsync());
        await ShotAsync(worker, "worker-quality-tier");

        // The coordinator's team page: worker5's certification ends within the month.
        var owner = await NewPageAsync();
        await SignInAsync(owner, Owner, "/agent");
        await owner.GotoAsync("/agent/team");
        var lapsing = owner.Locator("table.lapsing tbody tr", new() { HasText = "在宅 浜口 大地" });
        Assert.True(await lapsing.CountAsync() == 1, "The lapsing section shows: " + await TextAsync(owner, "section[aria-labelledby=lapsing-title]"));
        Assert.Equal("更新時期", (await lapsing.Locator(".state").InnerTextAsync()).Trim());
        await ShotAsync(owner, "agent-team-lapsing");
        AssertNoConsoleErrors();
    }

    private static long Yen(string text) => long.Parse(text.Replace("¥", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static (int Year, int Month) TokyoMonth(DateTimeOffset now)
    {
        var tokyo = now.ToOffset(TimeSpan.FromHours(9));
        return (tokyo.Year, tokyo.Month);
    }

    private static async Task<string> DownloadTextAsync(IPage page, Func<Task> click)
    {
        var download = await page.RunAndWaitForDownloadAsync(click);
        return await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
    }

    private static async Task<string> TextAsync(IPage page, string selector) =>
        (await page.Locator(selector).First.InnerTextAsync()).Trim();

    /// <summary>Screenshots at the desktop and phone widths the product is checked at; neither may scroll sideways.</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, name + "-1280x800");
        await page.SetViewportSizeAsync(390, 844);
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, name + "-390x844");
        await page.SetViewportSizeAsync(1280, 800);
    }
}
