using System.Text;
using Market.Web.Tests.Support;
using Market.Web.Tests.Support.EndToEnd;
using Microsoft.Playwright;

namespace Market.Web.Tests.EndToEnd;

/// <summary>The client portal in Chromium over the real Web, API and PostgreSQL: posting jobs with real files, cancelling, switching language.</summary>
public sealed class ClientJobTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromSeconds(60);

    protected override bool StartsFromEmptyData => true;

    [Fact]
    public async Task PostJob_WhenClientUploadsACsvOf120Records_ShowsTheJobWithSixUnitsAndItsPrice()
    {
        var page = await NewPageAsync();
        var requests = RecordRequests(page);
        await SignInAsync(page, DemoClientApi.Email, "/client");
        await page.GetByRole(AriaRole.Link, new() { Name = "新しい案件を依頼する" }).ClickAsync();
        await WaitForPageAsync(page, "**/client/jobs/new");
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "client-new-job-1280x800");

        await FillJobAsync(page, "データ入力", "顧客名簿の入力（2026年11月分）", "氏名・住所・電話番号を原本どおりに入力してください。");
        await page.GetByLabel("1 作業単位の件数").FillAsync("50");
        await page.GetByText("都道府県を選ぶ").ClickAsync();
        await page.GetByLabel("高知県").CheckAsync();
        await page.GetByLabel("愛媛県").CheckAsync();
        Assert.Equal("都道府県を選ぶ（2 件選択中）", await TextAsync(page, ".regions summary"));
        await UploadAsync(page, "顧客名簿.csv", "text/csv", TestFiles.PeopleCsv(120));
        Assert.Equal(100, await page.Locator(".upload__progress").EvaluateAsync<int>("e => e.value"));
        await Chromium.ScreenshotAsync(page, "client-new-job-uploaded-1280x800");
        await SubmitJobAsync(page);

        Assert.Equal("顧客名簿の入力（2026年11月分）", await TextAsync(page, "h1"));
        Assert.Contains("案件を登録しました", await TextAsync(page, "main [role=status]"));
        Assert.Equal("募集中", await TextAsync(page, ".job-head .status"));
        Assert.Equal("6 件", await QuoteAsync(page, "作業単位の数"));
        Assert.Equal("720 項目", await QuoteAsync(page, "入力する項目数（2 回分）"));
        Assert.Matches(@"^¥\d{1,3}(,\d{3})*$", await QuoteAsync(page, "発注金額（税抜）"));
        Assert.Equal(6, await page.Locator("table.units tbody tr").CountAsync());
        Assert.Equal("愛媛県、高知県", await FactAsync(page, "作業地域の希望"));
        Assert.Equal("50 件（1 回目の入力）", await TextAsync(page, "table.units tbody tr:first-child td:nth-of-type(1)"));
        Assert.Equal("0 / 6 件 承認済み（0%）", await TextAsync(page, ".progress__text"));
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "client-job-details-1280x800");

        var formPost = Assert.Single(requests, r => r.Method == "POST" && r.Url.EndsWith("/client/jobs/new", StringComparison.Ordinal));
        Assert.DoesNotContain(TestFiles.CsvHeader, formPost.Body);
        Assert.Contains(requests, r => r.Method == "POST" && r.Url.EndsWith("/client/files", StringComparison.Ordinal));
        Assert.All(requests, r => Assert.StartsWith(Fixture.WebUrl.GetLeftPart(UriPartial.Authority), r.Url));

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "client-job-details-390x844");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task PostJob_WhenJavaScriptIsOff_PostsTheFileWithTheFormAndShowsTheJob()
    {
        var page = await NewPageAsync(javaScriptEnabled: false);
        await SignInAsync(page, DemoClientApi.Email, "/client");
        await page.GotoAsync("/client/jobs/new");
        Assert.True(await page.GetByLabel("起こし方").IsVisibleAsync(), "Without the script every type's settings stay visible.");

        await FillJobAsync(page, "データ入力", "紙の申込書の入力", "申込書の記載どおりに入力してください。");
        await page.GetByLabel("入力ファイル").SetInputFilesAsync(new FilePayload { Name = "申込書.csv", MimeType = "text/csv", Buffer = TestFiles.PeopleCsv(120) });
        await page.GetByText("都道府県を選ぶ").ClickAsync();
        await page.GetByLabel("高知県").CheckAsync();
        await SubmitJobAsync(page);

        Assert.Equal("紙の申込書の入力", await TextAsync(page, "h1"));
        Assert.Equal("6 件", await QuoteAsync(page, "作業単位の数"));
        Assert.Equal("高知県", await FactAsync(page, "作業地域の希望"));
    }

    [Fact]
    public async Task PostJob_WhenClientUploadsAWavRecording_ShowsItsTranscriptionUnits()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, DemoClientApi.Email, "/client");
        await page.GotoAsync("/client/jobs/new");

        await FillJobAsync(page, "文字起こし", "町議会 定例会の文字起こし", "話者名を【】で示してください。");
        await page.GetByLabel("起こし方").SelectOptionAsync("Verbatim");
        await page.GetByLabel("1 作業単位の長さ（分）").FillAsync("2");
        await UploadAsync(page, "定例会.wav", "audio/wav", TestFiles.SpeechLikeWav(TimeSpan.FromMinutes(5)));
        await SubmitJobAsync(page);

        Assert.Equal("町議会 定例会の文字起こし", await TextAsync(page, "h1"));
        Assert.Equal("文字起こし", await TextAsync(page, ".job-head__type"));
        Assert.Equal("3 件", await QuoteAsync(page, "作業単位の数"));
        Assert.Equal("6 分", await QuoteAsync(page, "音声の長さ（区切りの重なりを含む）"));
        Assert.Matches(@"^¥\d{1,3}(,\d{3})*$", await QuoteAsync(page, "発注金額（税抜）"));
        var ranges = await page.Locator("table.units tbody td:nth-of-type(1)").AllTextContentsAsync();
        Assert.Equal(3, ranges.Count);
        Assert.StartsWith("0:00～", ranges[0].Trim());
        Assert.EndsWith("～5:00", ranges[2].Trim());
        Assert.Equal("素起こし", await FactAsync(page, "起こし方"));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task PostJob_WhenTheCsvHasARaggedRow_ShowsTheApiErrorBesideTheFileFieldInJapanese()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, DemoClientApi.Email, "/client");
        await page.GotoAsync("/client/jobs/new");

        await FillJobAsync(page, "データ入力", "アンケート結果の入力", "回答をそのまま入力してください。");
        await UploadAsync(page, "アンケート.csv", "text/csv", TestFiles.PeopleCsv(20, raggedLine: 8));
        await page.GetByRole(AriaRole.Button, new() { Name = "登録して見積もりを見る" }).ClickAsync();
        await page.WaitForSelectorAsync("#Upload-error:not(:empty)");

        Assert.EndsWith("/client/jobs/new", page.Url);
        var error = await TextAsync(page, "#Upload-error");
        Assert.StartsWith("CSV に、見出し行と項目の数が違う行があります。", error);
        Assert.Contains("Line 8", error);
        Assert.Equal("true", await page.Locator("#Upload").GetAttributeAsync("aria-invalid"));
        Assert.Contains("Upload-error", await page.Locator("#Upload").GetAttributeAsync("aria-describedby"));
        Assert.Equal("#Upload", await page.Locator("#form-errors a").First.GetAttributeAsync("href"));
        Assert.Contains("アンケート.csv", await TextAsync(page, ".upload__status"));
        Assert.Equal("アンケート結果の入力", await page.GetByLabel("件名").InputValueAsync());
        await Chromium.ScreenshotAsync(page, "client-new-job-error-1280x800");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task CancelJob_WhenTheClientGivesAReason_ShowsTheJobCancelledWithItsUnitsWithdrawn()
    {
        var jobId = await PostJobThroughApiAsync("名刺データの入力");
        var page = await NewPageAsync();
        await SignInAsync(page, DemoClientApi.Email, "/client");
        await page.GotoAsync($"/client/jobs/{jobId}");

        await page.GetByRole(AriaRole.Button, new() { Name = "この案件を取り消す" }).ClickAsync();
        Assert.Equal("理由を入力してください。", await TextAsync(page, "#Cancel_Reason-error"));
        Assert.Equal("true", await page.GetByLabel("取り消す理由").GetAttributeAsync("aria-invalid"));

        await page.GetByLabel("取り消す理由").FillAsync("予算の都合で今期は見送ります。");
        await page.GetByRole(AriaRole.Button, new() { Name = "この案件を取り消す" }).ClickAsync();
        await page.WaitForSelectorAsync("text=案件を取り消しました。");

        Assert.Equal("取消済み", await TextAsync(page, ".job-head .status"));
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "この案件を取り消す" }).CountAsync());
        Assert.All(await page.Locator("table.units tbody td:nth-of-type(2)").AllTextContentsAsync(), status => Assert.Equal("取り下げ", status.Trim()));
        Assert.NotEqual(string.Empty, await FactAsync(page, "取消日時"));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task LanguageSwitch_WhenEnglishIsChosenOnTheJobPage_ShowsTheSameJobInEnglish()
    {
        var jobId = await PostJobThroughApiAsync("Survey entry");
        var page = await NewPageAsync();
        await SignInAsync(page, DemoClientApi.Email, "/client");
        await page.GotoAsync($"/client/jobs/{jobId}");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.WaitForSelectorAsync("html[lang=en]");

        Assert.EndsWith($"/client/jobs/{jobId}", page.Url);
        Assert.Equal("Data entry", await TextAsync(page, ".job-head__type"));
        Assert.Equal("Open", await TextAsync(page, ".job-head .status"));
        Assert.Equal("Price quote", await TextAsync(page, "#quote-title"));
        Assert.Equal("6 units", await QuoteAsync(page, "Work units"));
        Assert.Equal("0 of 6 units accepted (0%)", await TextAsync(page, ".progress__text"));
        Assert.Matches(@"^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} JST$", await FactAsync(page, "Deadline"));
        Assert.Equal("Kochi", await FactAsync(page, "Preferred regions"));
        await Chromium.ScreenshotAsync(page, "client-job-details-en-1280x800");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ClientPortal_WhenTheClientHasJobs_ListsThemWithStatusProgressAndDeadlineAtBothWidths()
    {
        await PostJobThroughApiAsync("商品マスタの入力");
        var cancelled = await PostJobThroughApiAsync("旧会員名簿の入力");
        await PostJobThroughApiAsync("アンケート結果の入力（第 2 期）");
        using (var api = new DemoClientApi(Fixture.ApiUrl))
        {
            await api.SignInAsync();
            await api.CancelAsync(cancelled, "重複して登録したため");
        }

        var page = await NewPageAsync();
        await SignInAsync(page, DemoClientApi.Email, "/client");

        var cards = page.Locator(".job-card");
        Assert.Equal(3, await cards.CountAsync());
        Assert.Equal("アンケート結果の入力（第 2 期）", await cards.First.Locator("h3").InnerTextAsync());
        Assert.Equal("募集中", await cards.First.Locator(".status").InnerTextAsync());
        Assert.Equal("0 / 6 件 承認済み（0%）", await cards.First.Locator(".progress__text").InnerTextAsync());
        Assert.Matches(@"^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$", await cards.First.Locator("time").InnerTextAsync());
        Assert.Equal("取消済み", await page.Locator(".job-card", new() { HasText = "旧会員名簿の入力" }).Locator(".status").InnerTextAsync());
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "client-portal-1280x800");

        await page.SelectOptionAsync("#status", "Cancelled");
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await WaitForPageAsync(page, "**/client?status=Cancelled*");
        Assert.Equal(1, await page.Locator(".job-card").CountAsync());

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/client");
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "client-portal-390x844");
        await page.GotoAsync("/client/jobs/new");
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "client-new-job-390x844");
        AssertNoConsoleErrors();
    }

    private async Task<Guid> PostJobThroughApiAsync(string title)
    {
        using var api = new DemoClientApi(Fixture.ApiUrl);
        await api.SignInAsync();
        return await api.PostDataEntryJobAsync(title, TestFiles.PeopleCsv(120), DateTimeOffset.UtcNow.AddDays(10));
    }

    private static async Task FillJobAsync(IPage page, string type, string title, string spec)
    {
        await page.GetByLabel(type, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("件名").FillAsync(title);
        await page.GetByLabel("仕様（Markdown）").FillAsync(spec);
    }

    private static async Task UploadAsync(IPage page, string fileName, string mediaType, byte[] content)
    {
        await page.GetByLabel("入力ファイル").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = mediaType, Buffer = content });
        await page.Locator(".upload__status", new() { HasText = "アップロードしました" })
            .WaitForAsync(new() { Timeout = (float)UploadTimeout.TotalMilliseconds });
    }

    private static async Task SubmitJobAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "登録して見積もりを見る" }).ClickAsync();
        await WaitForPageAsync(page, "**/client/jobs/*-*-*-*-*", (float)UploadTimeout.TotalMilliseconds);
    }

    private static async Task<string> TextAsync(IPage page, string selector) =>
        (await page.Locator(selector).First.InnerTextAsync()).Trim();

    private static Task<string> QuoteAsync(IPage page, string term) => DefinitionAsync(page, ".quote", term);

    private static Task<string> FactAsync(IPage page, string term) => DefinitionAsync(page, ".facts--stacked", term);

    private static async Task<string> DefinitionAsync(IPage page, string list, string term) =>
        (await page.Locator($"{list} div", new() { Has = page.Locator("dt", new() { HasTextString = term }) }).Locator("dd").First.InnerTextAsync()).Trim();

    private static List<SeenRequest> RecordRequests(IPage page)
    {
        var seen = new List<SeenRequest>();
        page.Request += (_, request) =>
        {
            var body = request.PostDataBuffer is { } buffer ? Encoding.UTF8.GetString(buffer) : string.Empty;
            lock (seen)
            {
                seen.Add(new SeenRequest(request.Method, request.Url, body));
            }
        };
        return seen;
    }

    private sealed record SeenRequest(string Method, string Url, string Body);
}
