using System.Text;
using System.Text.Json;
using Market.Api.Tests.Infrastructure;
using Market.Web.Tests.Support;
using Market.Web.Tests.Support.EndToEnd;
using Microsoft.Playwright;

namespace Market.Web.Tests.EndToEnd;

/// <summary>
/// The worker portal in Chromium over the real Web, API and PostgreSQL. The client and the worker use their pages;
/// the agent's offer, release and review (pages of the agent console) are done through the API.
/// </summary>
public sealed class WorkerFlowTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private const string Worker1 = "worker1@demo.furusato.example";
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromSeconds(90);

    protected override bool StartsFromEmptyData => true;

    [Fact]
    public async Task TranscriptionJob_FromPostingToDownload_TheWorkerTranscribesAutosavesFixesReworkAndTheClientGetsTheText()
    {
        await DemoCertifications.GrantAsync(Fixture);
        var speech = await File.ReadAllBytesAsync(await Fixtures.SpeechMp3Async());

        // The client posts the recording through the new-job form.
        var client = await NewPageAsync();
        await SignInAsync(client, ApiActor.ClientEmail, "/client");
        await client.GotoAsync("/client/jobs/new");
        await client.GetByLabel("文字起こし", new() { Exact = true }).CheckAsync();
        await client.GetByLabel("件名").FillAsync("地域テレワーク協議会 議事録");
        await client.GetByLabel("仕様（Markdown）").FillAsync("話者が替わるごとに【話者名】を入れてください。");
        await client.GetByLabel("起こし方").SelectOptionAsync("Verbatim");
        await client.GetByLabel("1 作業単位の長さ（分）").FillAsync("3");
        await client.GetByText("都道府県を選ぶ").ClickAsync();
        await client.GetByLabel("高知県").CheckAsync();
        await client.GetByLabel("入力ファイル").SetInputFilesAsync(new FilePayload { Name = "協議会.mp3", MimeType = "audio/mpeg", Buffer = speech });
        await client.Locator(".upload__status", new() { HasText = "アップロードしました" }).WaitForAsync(new() { Timeout = (float)UploadTimeout.TotalMilliseconds });
        await client.GetByRole(AriaRole.Button, new() { Name = "登録して見積もりを見る" }).ClickAsync();
        await WaitForPageAsync(client, "**/client/jobs/*-*-*-*-*", (float)UploadTimeout.TotalMilliseconds);
        var jobId = Guid.Parse(client.Url.Split('/').Last());
        Assert.Equal("2 件", await QuoteAsync(client, "作業単位の数"));

        // The agent offers, the client accepts, the agent starts the work (agent console: through the API).
        await ApiActor.ContractAndStartAsync(Fixture.ApiUrl, jobId);

        // The worker claims a unit and lands in the editor.
        var worker = await NewPageAsync();
        var audioRequests = new List<string>();
        worker.Request += (_, request) =>
        {
            if (request.Url.Contains("handler=Audio", StringComparison.Ordinal))
            {
                lock (audioRequests)
                {
                    audioRequests.Add(request.Url);
                }
            }
        };
        await SignInAsync(worker, Worker1, "/worker");
        Assert.Equal("手元に作業単位はありません。「次の作業を受け取る」から始めましょう。", await TextAsync(worker, ".empty"));
        await Chromium.ScreenshotAsync(worker, "worker-portal-empty-1280x800");
        await worker.GetByRole(AriaRole.Button, new() { Name = "次の作業を受け取る" }).ClickAsync();
        await WaitForPageAsync(worker, "**/worker/units/*-*-*-*-*");
        var unitId = Guid.Parse(worker.Url.Split('/').Last().Split('?')[0]);
        Assert.Equal("地域テレワーク協議会 議事録", await TextAsync(worker, "h1"));
        Assert.Contains("作業単位を受け取りました", await TextAsync(worker, "main [role=status]"));
        Assert.Equal("素起こし", await FactAsync(worker, ".work-head dl", "起こし方"));

        // Only the unit's own segment is served, by the Web, and drawn as a waveform.
        await worker.Locator(".player--ready").WaitForAsync(new() { Timeout = 60_000 });
        var duration = await worker.EvalOnSelectorAsync<double>("#work-audio", "a => a.duration");
        Assert.InRange(duration, 150, 200); // a 3-minute cut (±20 s to the quietest point) plus the overlap, not the 5-minute recording
        Assert.True(await worker.Locator("#waveform").EvaluateAsync<int>("w => w.firstElementChild.shadowRoot.querySelectorAll('canvas').length") > 0, "The waveform was not drawn.");
        Assert.NotEmpty(audioRequests);
        Assert.All(audioRequests, url => Assert.StartsWith(Fixture.WebUrl.GetLeftPart(UriPartial.Authority), url));

        // Play, pause, back 3 s and slower — from the keyboard.
        var text = worker.GetByLabel("文字起こし", new() { Exact = true });
        await text.FocusAsync();
        await worker.Keyboard.PressAsync("Alt+P");
        await worker.WaitForFunctionAsync("() => document.getElementById('work-audio').currentTime > 4", null, new() { Timeout = 20_000 });
        Assert.Equal("再生中", await TextAsync(worker, "#player-playing"));
        await worker.Keyboard.PressAsync("Alt+P");
        await worker.Locator("#player-playing", new() { HasText = "停止中" }).WaitForAsync(new() { Timeout = 5_000 });
        Assert.Equal("false", await worker.Locator("[data-action=play]").GetAttributeAsync("aria-pressed"));
        var before = await worker.EvalOnSelectorAsync<double>("#work-audio", "a => a.currentTime");
        await worker.Keyboard.PressAsync("Alt+R");
        var after = await worker.EvalOnSelectorAsync<double>("#work-audio", "a => a.currentTime");
        Assert.InRange(before - after, 2.9, 3.1);
        await worker.Keyboard.PressAsync("Alt+S");
        Assert.Equal("0.9×", await TextAsync(worker, "#player-rate"));
        Assert.Equal(0.9, await worker.EvalOnSelectorAsync<double>("#work-audio", "a => a.playbackRate"), 3);

        // Type, with a speaker label and a timestamp inserted by shortcut; the draft autosaves on the server.
        await worker.Keyboard.PressAsync("Alt+N");
        await worker.Keyboard.TypeAsync("Good morning everyone and thank you for joining ");
        await worker.Keyboard.PressAsync("Alt+T");
        await worker.Keyboard.TypeAsync("the regional telework council today.");
        await worker.Locator("#work-form[data-autosave=saved]").WaitForAsync(new() { Timeout = 20_000 });
        Assert.Contains("下書きを保存しました", await TextAsync(worker, "#autosave-status"));
        var typed = await text.InputValueAsync();
        Assert.Matches(@"^【話者1】Good morning everyone and thank you for joining \[\d:\d\d\] the regional telework council today\.$", typed);
        await Chromium.AssertNoHorizontalScrollAsync(worker);
        await Chromium.ScreenshotAsync(worker, "worker-transcription-1280x800");

        // A reload shows the draft the server kept.
        await worker.ReloadAsync();
        Assert.Equal(typed, await worker.GetByLabel("文字起こし", new() { Exact = true }).InputValueAsync());
        await worker.Locator(".player--ready").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("1.0×", await TextAsync(worker, "#player-rate"));
        Assert.Contains("下書きを保存しました", await TextAsync(worker, "#autosave-status"));
        await worker.SetViewportSizeAsync(390, 844);
        await Chromium.AssertNoHorizontalScrollAsync(worker);
        await Chromium.ScreenshotAsync(worker, "worker-transcription-390x844");
        await worker.SetViewportSizeAsync(1280, 800);

        await worker.GetByRole(AriaRole.Button, new() { Name = "提出する" }).ClickAsync();
        await WaitForPageAsync(worker, "**/worker");
        Assert.Contains("提出しました", await TextAsync(worker, "main [role=status]"));

        // The reviewer returns it for rework with a comment and a deadline.
        using var reviewer = await ApiActor.SignInAsync(Fixture.ApiUrl, ApiActor.ReviewerEmail);
        var deadline = DateTimeOffset.UtcNow.AddDays(2);
        await reviewer.ReviewAsync(unitId, new { decision = "Rework", reasonCodes = new[] { "typo", "wrong_format" }, comment = "「Good morning」の後に読点を入れてください。", deadline });

        await worker.ReloadAsync();
        var card = worker.Locator(".worker-unit", new() { HasText = "地域テレワーク協議会 議事録" });
        Assert.Equal("手直し依頼", (await card.Locator(".worker-unit__status").InnerTextAsync()).Trim());
        Assert.Contains("手直しの依頼があります", await card.Locator(".rework").InnerTextAsync());
        Assert.Equal("「Good morning」の後に読点を入れてください。", (await card.Locator(".rework__comment").InnerTextAsync()).Trim());
        Assert.Equal("誤字・脱字、書式の誤り", await FactAsync(worker, ".rework dl", "理由"));
        Assert.Matches(@"^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$", await FactAsync(worker, ".rework dl", "手直しの期限"));
        await Chromium.AssertNoHorizontalScrollAsync(worker);
        await Chromium.ScreenshotAsync(worker, "worker-portal-rework-1280x800");
        await worker.SetViewportSizeAsync(390, 844);
        await Chromium.AssertNoHorizontalScrollAsync(worker);
        await Chromium.ScreenshotAsync(worker, "worker-portal-rework-390x844");
        await worker.SetViewportSizeAsync(1280, 800);

        // The worker fixes the handed-in text and hands it in again.
        await card.GetByRole(AriaRole.Link, new() { Name = "手直しする" }).ClickAsync();
        await WaitForPageAsync(worker, "**/worker/units/*-*-*-*-*");
        Assert.Contains("読点を入れてください", await TextAsync(worker, ".rework"));
        var editor = worker.GetByLabel("文字起こし", new() { Exact = true });
        Assert.Equal(typed, await editor.InputValueAsync());
        var fixedText = typed.Replace("Good morning everyone", "Good morning, everyone", StringComparison.Ordinal);
        await editor.FillAsync(fixedText);
        await worker.GetByRole(AriaRole.Button, new() { Name = "提出する" }).ClickAsync();
        await WaitForPageAsync(worker, "**/worker");

        // The reviewer accepts; another worker does the second unit (through the API); the agent delivers.
        await reviewer.ReviewAsync(unitId, new { decision = "Accept", accuracy = 4, format = 5 });
        using (var worker2 = await ApiActor.SignInAsync(Fixture.ApiUrl, ApiActor.WorkerEmail(2)))
        {
            var second = await worker2.ClaimAndSubmitAsync();
            await reviewer.ReviewAsync(second, new { decision = "Accept", accuracy = 5, format = 5 });
        }

        using (var owner = await ApiActor.SignInAsync(Fixture.ApiUrl, ApiActor.OwnerEmail))
        {
            await owner.PostAsync($"api/v1/jobs/{jobId}/deliver");
        }

        // The client downloads the deliverable from the job page.
        await client.GotoAsync($"/client/jobs/{jobId}");
        var download = await client.RunAndWaitForDownloadAsync(() => client.GetByRole(AriaRole.Link, new() { Name = "納品物をダウンロード" }).ClickAsync());
        var delivered = await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
        Assert.Contains("Good morning, everyone and thank you for joining", delivered);
        Assert.Contains("Thank you. Let us take questions from the hubs.", delivered);

        // The worker sees the accepted review with its grades, and a quality score.
        await worker.GotoAsync("/worker/reviews");
        var review = worker.Locator(".review").First;
        Assert.Equal("承認", (await review.Locator(".review__status").InnerTextAsync()).Trim());
        Assert.Equal("5 段階中 4", await FactAsync(worker, ".review dl", "正確さ"));
        Assert.Equal("1", await FactAsync(worker, ".review dl", "手直しの回数"));
        Assert.Equal(2, await review.Locator(".decision").CountAsync());
        await Chromium.AssertNoHorizontalScrollAsync(worker);
        await Chromium.ScreenshotAsync(worker, "worker-reviews-1280x800");
        await worker.GetByRole(AriaRole.Link, new() { Name = "品質スコア" }).ClickAsync();
        await WaitForPageAsync(worker, "**/worker/quality");
        Assert.Matches(@"^\d{1,3}\.\d%$", await TextAsync(worker, ".score__value"));
        Assert.Equal("100.0%", await worker.Locator(".quality-table tr", new() { HasText = "承認率" }).Locator("td").First.InnerTextAsync());
        await Chromium.AssertNoHorizontalScrollAsync(worker);
        await Chromium.ScreenshotAsync(worker, "worker-quality-1280x800");
        await worker.SetViewportSizeAsync(390, 844);
        await Chromium.AssertNoHorizontalScrollAsync(worker);
        await Chromium.ScreenshotAsync(worker, "worker-quality-390x844");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task DataEntryUnit_KeyedFromTheKeyboardOnly_ShowsTheSourceBesideEachFieldAndARejectionCanBeAppealed()
    {
        await DemoCertifications.GrantAsync(Fixture);
        Guid jobId;
        using (var clientApi = new DemoClientApi(Fixture.ApiUrl))
        {
            await clientApi.SignInAsync();
            jobId = await clientApi.PostDataEntryJobAsync("申込書の入力（11 月受付分）", TestFiles.PeopleCsv(3), DateTimeOffset.UtcNow.AddDays(10));
        }

        await ApiActor.ContractAndStartAsync(Fixture.ApiUrl, jobId);
        var page = await NewPageAsync();
        await SignInAsync(page, Worker1, "/worker");
        await page.GetByRole(AriaRole.Button, new() { Name = "次の作業を受け取る" }).ClickAsync();
        await WaitForPageAsync(page, "**/worker/units/*-*-*-*-*");
        var unitId = Guid.Parse(page.Url.Split('/').Last().Split('?')[0]);

        Assert.Equal(3, await page.Locator("fieldset.record").CountAsync());
        Assert.Equal("1 件目", (await page.Locator("fieldset.record legend").First.InnerTextAsync()).Trim());
        var firstSource = page.Locator(".cell").First.Locator(".cell__source-text");
        Assert.Equal("四万十 花子1", await firstSource.InnerTextAsync());
        Assert.Equal("source-0 hint-0", await page.Locator("#cell-0").GetAttributeAsync("aria-describedby"));
        Assert.Equal("cell-0", await page.Locator("label", new() { HasTextString = "氏名" }).First.GetAttributeAsync("for"));

        // Keyboard only: the first field, then Enter from field to field; one phone number typed in full-width digits.
        await page.Locator("#cell-0").FocusAsync();
        var values = new List<string>();
        for (var record = 1; record <= 3; record++)
        {
            values.AddRange([$"四万十 花子{record}", $"高知県高岡郡四万十町琴平町{record}", record == 2 ? "０８８０－２２－０００２" : $"0880-22-{record:0000}"]);
        }

        foreach (var value in values)
        {
            await page.Keyboard.InsertTextAsync(value);
            await page.Keyboard.PressAsync("Enter");
        }

        Assert.Equal("提出する", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        Assert.Equal("照合時の形: 0880-22-0002", await TextAsync(page, "#hint-5"));
        Assert.Equal(string.Empty, await TextAsync(page, "#hint-2"));
        await page.Locator("#work-form[data-autosave=saved]").WaitForAsync(new() { Timeout = 20_000 });
        Assert.Contains("下書きを保存しました", await TextAsync(page, "#autosave-status"));
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "worker-data-entry-1280x800");
        await page.SetViewportSizeAsync(390, 844);
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "worker-data-entry-390x844");
        await page.SetViewportSizeAsync(1280, 800);

        await page.ReloadAsync();
        Assert.Equal("０８８０－２２－０００２", await page.Locator("#cell-5").InputValueAsync());
        await page.Locator("#cell-8").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Enter");
        await WaitForPageAsync(page, "**/worker");
        Assert.Contains("提出しました", await TextAsync(page, "main [role=status]"));

        // The reviewer rejects it; the worker appeals on the reviews page, first without saying why.
        using (var reviewer = await ApiActor.SignInAsync(Fixture.ApiUrl, ApiActor.ReviewerEmail))
        {
            await reviewer.ReviewAsync(unitId, new { decision = "Reject", reasonCode = "wrong_value", comment = "2 件目の電話番号が原本と違います。" });
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "検品結果" }).ClickAsync();
        await WaitForPageAsync(page, "**/worker/reviews");
        var review = page.Locator(".review").First;
        Assert.Equal("差し戻し（却下）", (await review.Locator(".review__status").InnerTextAsync()).Trim());
        Assert.Equal("値の誤り", await FactAsync(page, ".review dl", "差し戻しの理由"));
        Assert.Contains("2 件目の電話番号が原本と違います。", await review.Locator(".decision__comment").InnerTextAsync());
        await page.GetByText("この判定に異議を申し立てる").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "異議を申し立てる" }).ClickAsync();
        await WaitForPageAsync(page, "**/worker/reviews*");
        Assert.Equal("異議の理由を入力してください。", await TextAsync(page, "#Appeal_Statement-error"));
        var statement = page.GetByLabel("異議の理由");
        Assert.Equal("true", await statement.GetAttributeAsync("aria-invalid"));
        await statement.FillAsync("原本の電話番号は全角で書かれており、照合時の形は同じです。");
        await page.GetByRole(AriaRole.Button, new() { Name = "異議を申し立てる" }).ClickAsync();
        await page.Locator("main [role=status]", new() { HasText = "異議を申し立てました" }).WaitForAsync();
        Assert.Contains("審査中", await page.Locator(".appeal").InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "異議を申し立てる" }).CountAsync());
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "worker-reviews-appeal-1280x800");
        await page.SetViewportSizeAsync(390, 844);
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "worker-reviews-390x844");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task WebEditUnit_ShowsTheRequestAndALiveDiffAndHandsInTheEditedPage()
    {
        await DemoCertifications.GrantAsync(Fixture);
        Guid jobId;
        using (var clientApi = await ApiActor.SignInAsync(Fixture.ApiUrl, ApiActor.ClientEmail))
        {
            var pages = JsonSerializer.SerializeToUtf8Bytes(new[]
            {
                new
                {
                    url = "https://www.town.shimanto.example/tosho/",
                    currentContent = "<h1>町立図書館</h1>\n<p>開館時間: 9時～17時</p>\n<p>休館日: 月曜日</p>",
                    requestedChange = "開館時間を 9時～19時 に変更してください。",
                },
            });
            var fileId = await clientApi.UploadAsync(pages, "pages.json");
            var job = await clientApi.PostAsync("api/v1/jobs", new
            {
                type = "WebEdit",
                title = "町立図書館ページの更新",
                specMarkdown = "依頼された箇所だけを変更してください。",
                deadline = DateTimeOffset.UtcNow.AddDays(7),
                confidentiality = "Standard",
                regionPreference = new[] { "高知県" },
                inputFiles = new[] { fileId },
                webEdit = new { contentFormat = "Html" },
            });
            jobId = job.GetProperty("id").GetGuid();
        }

        await ApiActor.ContractAndStartAsync(Fixture.ApiUrl, jobId);
        var page = await NewPageAsync();
        await SignInAsync(page, Worker1, "/worker");
        await page.GetByRole(AriaRole.Button, new() { Name = "次の作業を受け取る" }).ClickAsync();
        await WaitForPageAsync(page, "**/worker/units/*-*-*-*-*");

        Assert.Equal("開館時間を 9時～19時 に変更してください。", await FactAsync(page, ".panel dl", "依頼された変更"));
        Assert.Equal("https://www.town.shimanto.example/tosho/", await FactAsync(page, ".panel dl", "ページ"));
        var editor = page.GetByLabel("修正後の内容");
        Assert.StartsWith("<h1>町立図書館</h1>", await editor.InputValueAsync());
        Assert.Equal("元のページから変更はありません。", await TextAsync(page, "#diff-output"));

        await editor.FillAsync("<h1>町立図書館</h1>\n<p>開館時間: 9時～19時</p>\n<p>休館日: 月曜日</p>");
        await page.Locator("#diff-output ins").First.WaitForAsync();
        Assert.Equal("2", await page.Locator("#diff-output").GetAttributeAsync("data-changes"));
        Assert.Equal("削除: − <p>開館時間: 9時～17時</p>", await page.Locator("#diff-output del").TextContentAsync());
        Assert.Equal("追加: + <p>開館時間: 9時～19時</p>", await page.Locator("#diff-output ins").TextContentAsync());
        await editor.BlurAsync();
        await page.Locator("#work-form[data-autosave=saved]").WaitForAsync(new() { Timeout = 20_000 });
        Assert.Contains("下書きを保存しました", await TextAsync(page, "#autosave-status"));

        // The draft handler is a form post like any other: without the form's antiforgery token it is refused.
        var forged = await page.APIRequest.PostAsync(page.Url.Split('?')[0] + "?handler=Draft", new()
        {
            Form = page.APIRequest.CreateFormData().Set("Input.Kind", "WebEdit").Set("Input.Text", "<p>改ざん</p>"),
        });
        Assert.Equal(400, forged.Status);
        await page.ReloadAsync();
        Assert.Contains("9時～19時", await page.GetByLabel("修正後の内容").InputValueAsync());
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "worker-web-edit-1280x800");
        await page.SetViewportSizeAsync(390, 844);
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "worker-web-edit-390x844");

        await page.GetByRole(AriaRole.Button, new() { Name = "提出する" }).ClickAsync();
        await WaitForPageAsync(page, "**/worker");
        Assert.Contains("提出しました", await TextAsync(page, "main [role=status]"));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task LanguageSwitch_OnTheWorkerPages_ShowsTheEditorAndTheUnitListInEnglish()
    {
        await DemoCertifications.GrantAsync(Fixture);
        Guid jobId;
        using (var clientApi = new DemoClientApi(Fixture.ApiUrl))
        {
            await clientApi.SignInAsync();
            jobId = await clientApi.PostDataEntryJobAsync("Survey entry", TestFiles.PeopleCsv(2), DateTimeOffset.UtcNow.AddDays(10));
        }

        await ApiActor.ContractAndStartAsync(Fixture.ApiUrl, jobId);
        var page = await NewPageAsync();
        await SignInAsync(page, Worker1, "/worker");
        await page.GetByRole(AriaRole.Button, new() { Name = "次の作業を受け取る" }).ClickAsync();
        await WaitForPageAsync(page, "**/worker/units/*-*-*-*-*");
        var editorUrl = page.Url;

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.WaitForSelectorAsync("html[lang=en]");

        Assert.Equal(editorUrl, page.Url);
        Assert.Equal("Data entry", await TextAsync(page, ".job-head__type"));
        Assert.Equal("Record 1", (await page.Locator("fieldset.record legend").First.InnerTextAsync()).Trim());
        Assert.Equal(1, await page.GetByRole(AriaRole.Button, new() { Name = "Hand in" }).CountAsync());
        Assert.Equal("Keyboard shortcuts", await TextAsync(page, "#keys-title"));
        Assert.Matches(@"^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} JST$", await TextAsync(page, "#lease-expiry"));
        await Chromium.ScreenshotAsync(page, "worker-data-entry-en-1280x800");

        await page.GetByRole(AriaRole.Link, new() { Name = "Today's work" }).First.ClickAsync();
        await WaitForPageAsync(page, "**/worker");
        Assert.Equal("Units in hand: 1", await TextAsync(page, "#units-count"));
        Assert.Equal("In progress", (await page.Locator(".worker-unit__status").InnerTextAsync()).Trim());
        Assert.Matches(@"^(Ends soon: )?\d+ (h \d+ )?min left\nuntil \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} JST$", await FactAsync(page, ".worker-unit dl", "Lease"));
        await Chromium.ScreenshotAsync(page, "worker-portal-en-1280x800");

        // Giving the unit back needs a reason: refused beside the field in English first.
        await page.GotoAsync(editorUrl);
        await page.GetByText("If you cannot finish").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Give this unit back" }).ClickAsync();
        await page.Locator("#Release_Reason-error").WaitForAsync();
        Assert.Equal("Reason for giving it back is required.", await TextAsync(page, "#Release_Reason-error"));
        Assert.Equal("true", await page.GetByLabel("Reason for giving it back").GetAttributeAsync("aria-invalid"));
        await page.GetByLabel("Reason for giving it back").FillAsync("Called away for a family matter.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Give this unit back" }).ClickAsync();
        await WaitForPageAsync(page, "**/worker");
        Assert.Equal("You gave the unit back.", (await TextAsync(page, "main [role=status]")).Replace("Notice: ", string.Empty, StringComparison.Ordinal));
        Assert.Equal("You hold no units. Take the next one to start.", await TextAsync(page, ".empty"));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ClaimNext_WhenNoUnitIsWaiting_SaysSoInJapaneseBesideTheButton()
    {
        var page = await NewPageAsync(390, 844);
        await SignInAsync(page, Worker1, "/worker");

        await page.GetByRole(AriaRole.Button, new() { Name = "次の作業を受け取る" }).ClickAsync();
        await page.Locator("#claim-problem").WaitForAsync();

        Assert.Equal("今受け取れる作業単位はありません。しばらくしてからもう一度お試しください。", (await page.Locator("#claim-problem p").Nth(1).InnerTextAsync()).Trim());
        Assert.Equal("claim-problem", await page.GetByRole(AriaRole.Button, new() { Name = "次の作業を受け取る" }).GetAttributeAsync("aria-describedby"));
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "worker-portal-390x844");

        // A trial worker is paid monthly; the other schedules are shown, with why they cannot be chosen.
        await page.GetByRole(AriaRole.Link, new() { Name = "報酬と支払" }).ClickAsync();
        await WaitForPageAsync(page, "**/worker/payouts");
        Assert.Equal("月 1 回", await TextAsync(page, "#current-schedule"));
        Assert.True(await page.GetByLabel("月 1 回").IsCheckedAsync());
        Assert.True(await page.GetByLabel("月 2 回").IsDisabledAsync());
        Assert.Contains("今のティアでは選べません。", await TextAsync(page, "#schedule-Daily-hint"));
        await page.GetByRole(AriaRole.Button, new() { Name = "この頻度にする" }).ClickAsync();
        await page.Locator("main [role=status]", new() { HasText = "支払スケジュールを変更しました" }).WaitForAsync();
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, "worker-payouts-390x844");
        AssertNoConsoleErrors();
    }

    private static async Task<string> TextAsync(IPage page, string selector) =>
        (await page.Locator(selector).First.InnerTextAsync()).Trim();

    private static Task<string> QuoteAsync(IPage page, string term) => FactAsync(page, ".quote", term);

    private static async Task<string> FactAsync(IPage page, string scope, string term) =>
        (await page.Locator($"{scope} div", new() { Has = page.Locator("dt", new() { HasTextString = term }) })
            .Locator("dd").First.InnerTextAsync()).Trim();
}
