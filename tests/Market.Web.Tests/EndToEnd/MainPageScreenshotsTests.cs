using Market.Api.Seeding;
using Market.Web.Tests.Support;
using Market.Web.Tests.Support.EndToEnd;
using Microsoft.Playwright;

namespace Market.Web.Tests.EndToEnd;

/// <summary>
/// Every role's main pages, in Japanese, over a small story made through the API (an accepted and invoiced job, an
/// open job with an offer, a job in progress): each page must answer, be Japanese and not scroll sideways at 1280×800
/// (and, for some, 390 wide). Every page's screenshot is a test artifact in <c>test-artifacts/screenshots/main-*.png</c>;
/// with <c>MARKET_DOCS_SCREENSHOTS=1</c> the same pictures also replace <c>docs/screenshots/*-ja.png</c>.
/// </summary>
public sealed class MainPageScreenshotsTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    public const string DocsVariable = "MARKET_DOCS_SCREENSHOTS";

    private readonly List<string> shot = [];

    protected override bool StartsFromEmptyData => true;

    private static string? DocsDirectory =>
        Environment.GetEnvironmentVariable(DocsVariable) == "1" ? Path.Combine(RepositoryPaths.Root, "docs", "screenshots") : null;

    [Fact]
    public async Task MainPages_OfEveryRole_AnswerInJapanese_FitTheLaptopAndThePhone_AndAreScreenshot()
    {
        await DemoStory.GiveALapsingCertificationAsync(Fixture);
        await DemoCertifications.GrantAsync(Fixture);
        var accepted = await DemoStory.AcceptedJobAsync(Fixture.ApiUrl, "四万十町 移住相談会 記録");
        await DemoStory.SetInvoiceSettingsAsync(Fixture.ApiUrl);
        var invoice = await DemoStory.IssueInvoiceAsync(Fixture.ApiUrl, accepted);
        var open = await DemoStory.OpenJobWithOfferAsync(Fixture.ApiUrl, "移住相談カード 60 件の入力");
        var (inProgress, heldUnit) = await DemoStory.JobInProgressAsync(Fixture.ApiUrl, "地域テレワーク協議会 議事録");

        var client = await NewPageAsync();
        await SignInAsync(client, ApiActor.ClientEmail, "/client");
        await ShootAsync(client, "/client", "client-portal", phone: true);
        await ShootAsync(client, "/client/jobs/new", "client-new-job");
        await ShootAsync(client, $"/client/jobs/{inProgress}", "client-job-details", phone: true);
        await ShootAsync(client, $"/client/jobs/{open}", "client-job-offers");
        await ShootAsync(client, $"/client/jobs/{accepted}", "client-job-accepted");
        await ShootAsync(client, "/client/invoices", "client-invoices");
        await ShootAsync(client, $"/client/invoices/{invoice}", "client-invoice", phone: true);

        var holder = await NewPageAsync();
        await SignInAsync(holder, ApiActor.WorkerEmail(3), "/worker");
        await ShootAsync(holder, "/worker", "worker-portal", phone: true);
        await holder.GotoAsync($"/worker/units/{heldUnit}");
        await holder.GetByLabel("文字起こし", new() { Exact = true }).FillAsync("【議長】続いて、移住相談の件数について事務局から報告をお願いします。\n【事務局】はい。今年度は十月末までに四十二件の相談がありました。");
        await holder.Locator("#work-form[data-autosave=saved]").WaitForAsync(new() { Timeout = 20_000 });
        await ShootAsync(holder, $"/worker/units/{heldUnit}", "worker-transcription", phone: true, ready: ".player--ready");

        var worker = await NewPageAsync();
        await SignInAsync(worker, ApiActor.WorkerEmail(1), "/worker");
        await ShootAsync(worker, "/worker/reviews", "worker-reviews");
        await ShootAsync(worker, "/worker/quality", "worker-quality");
        await ShootAsync(worker, "/worker/payouts", "worker-payouts", phone: true);
        await ShootAsync(worker, "/worker/certifications", "worker-certifications");

        var reviewer = await NewPageAsync();
        await SignInAsync(reviewer, ApiActor.ReviewerEmail, "/agent");
        // The queue opens its oldest submission beside the audio.
        await ShootAsync(reviewer, "/agent/reviews", "agent-review", phone: true);

        var owner = await NewPageAsync();
        await SignInAsync(owner, ApiActor.OwnerEmail, "/agent");
        await ShootAsync(owner, "/agent", "agent-home");
        await ShootAsync(owner, "/agent/open-jobs", "agent-open-jobs");
        await ShootAsync(owner, "/agent/jobs", "agent-jobs");
        await ShootAsync(owner, $"/agent/jobs/{inProgress}", "agent-job-board", phone: true);
        await ShootAsync(owner, "/agent/appeals", "agent-appeals");
        await ShootAsync(owner, "/agent/team", "agent-team", phone: true);
        await ShootAsync(owner, "/agent/payouts", "agent-payouts");
        await ShootAsync(owner, "/agent/invoices", "agent-invoices");
        await ShootAsync(owner, $"/agent/invoices/{invoice}", "agent-invoice");
        await ShootAsync(owner, "/reports/agent", "agent-impact");

        var operatorPage = await NewPageAsync();
        await SignInAsync(operatorPage, "operator@demo.furusato.example", "/operator");
        await ShootAsync(operatorPage, "/operator", "operator-overview");
        await ShootAsync(operatorPage, "/operator/agents", "operator-vetting");
        await ShootAsync(operatorPage, $"/operator/agents/{DemoAccounts.DemoAgentId}", "operator-agent-details");
        await ShootAsync(operatorPage, "/operator/regions", "operator-regions", phone: true);
        await ShootAsync(operatorPage, "/reports/regional", "operator-regional-report");

        Assert.Equal(shot.Count, shot.Distinct().Count());
        Assert.True(shot.Count >= 39, $"Only {shot.Count} screenshots were taken.");
        AssertNoConsoleErrors();
    }

    /// <summary>
    /// Opens <paramref name="path"/>, checks it answered, is Japanese and fits, and saves its full-page screenshot
    /// (as a test artifact, and into docs/ when asked); <paramref name="phone"/> does the same again 390 wide.
    /// </summary>
    private async Task ShootAsync(IPage page, string path, string name, bool phone = false, string? ready = null)
    {
        await OpenAsync(page, path, ready);
        await SaveAsync(page, name, "1280x800", name + "-ja");
        if (phone)
        {
            await page.SetViewportSizeAsync(390, 844);
            await OpenAsync(page, path, ready);
            await SaveAsync(page, name, "390x844", name + "-phone-ja");
            await page.SetViewportSizeAsync(1280, 800);
        }
    }

    private static async Task OpenAsync(IPage page, string path, string? ready)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"{path} answered {response?.Status}.");
        if (ready is not null)
        {
            await page.Locator(ready).WaitForAsync(new() { Timeout = 60_000 });
        }

        Assert.Equal("ja", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(1, await page.Locator("main h1").CountAsync());
        await Chromium.AssertNoHorizontalScrollAsync(page);
    }

    private async Task SaveAsync(IPage page, string name, string size, string docsName)
    {
        await Chromium.ScreenshotAsync(page, $"main-{name}-{size}");
        shot.Add(docsName);
        if (DocsDirectory is { } docs)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(docs, docsName + ".png"), FullPage = true });
        }
    }
}
