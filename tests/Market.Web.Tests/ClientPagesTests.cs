using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

/// <summary>The client portal pages against the fake API: what they send to the API and how they show its answers.</summary>
public sealed class ClientPagesTests(WebFixture web) : IClassFixture<WebFixture>
{
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("氏名,住所,電話番号\r\n四万十 花子,高知県高岡郡四万十町,0880-22-0001\r\n");

    [Fact]
    public async Task ClientPortal_WhenTheClientHasJobs_ListsEachWithStatusTextProgressAndTheDeadlineInTokyo()
    {
        var job = web.Api.Jobs.Add(new FakeJob
        {
            Owner = FakeUsers.Client.Email,
            Title = "商品マスタの入力",
            Status = "InProgress",
            UnitCount = 8,
            AcceptedCount = 2,
            Deadline = new DateTimeOffset(2026, 12, 1, 15, 30, 0, TimeSpan.Zero),
        });
        using var session = web.NewSession();

        var page = await session.SignInAsync(FakeUsers.Client);

        Assert.Equal("/client", page.Path);
        Assert.Equal("ようこそ、発注 一郎さん", page.Heading);
        var card = page.Document.QuerySelectorAll(".job-card").Single(c => c.TextContent.Contains(job.Title, StringComparison.Ordinal));
        Assert.Equal($"/client/jobs/{job.Id}", card.QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Equal("作業中", card.QuerySelector(".status")!.TextContent.Trim());
        Assert.Contains("status--inprogress", card.QuerySelector(".status")!.ClassList);
        Assert.Equal("2", card.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Equal("8", card.QuerySelector("progress")!.GetAttribute("max"));
        Assert.Equal("2 / 8 件 承認済み（25%）", card.QuerySelector(".progress__text")!.TextContent.Trim());
        Assert.Equal("2026年12月2日 00:30", card.QuerySelector("time")!.TextContent.Trim());
        Assert.Equal("データ入力", card.QuerySelectorAll(".facts dd")[0].TextContent.Trim());
    }

    [Fact]
    public async Task ClientPortal_WhenFilteredByStatus_AsksTheApiForThatStatusOnly()
    {
        web.Api.Jobs.Add(new FakeJob { Owner = FakeUsers.Client.Email, Title = "取り消した案件", Status = "Cancelled" });
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);

        var page = await session.GetAsync("/client?status=Cancelled");

        Assert.All(page.Document.QuerySelectorAll(".job-card .status"), status => Assert.Equal("取消済み", status.TextContent.Trim()));
        Assert.NotEmpty(page.Document.QuerySelectorAll(".job-card"));
        Assert.NotNull(page.Document.QuerySelector("#status option[value=Cancelled][selected]"));
    }

    [Fact]
    public async Task NewJob_WhenPostedWithoutJavaScript_UploadsTheFileAndPostsOnlyTheChosenTypeInUtcWithTheFormsIdempotencyKey()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var form = await session.GetAsync("/client/jobs/new");
        var key = form.Single("input[name='Input.IdempotencyKey']").GetAttribute("value");
        Assert.True(Guid.TryParse(key, out _), "The form carries a GUID idempotency key from the start.");

        var page = await session.SubmitMultipartAsync(form, "main form[data-job-form]", JobFields("データ入力の依頼（JS なし）", "DataEntry", regions: ["高知県", "愛媛県"]),
            new Dictionary<string, (string, byte[])> { ["Upload"] = ("名簿.csv", Csv) });

        Assert.Matches("^/client/jobs/[0-9a-f-]{36}$", page.Path);
        Assert.Equal("データ入力の依頼（JS なし）", page.Heading);
        Assert.Contains("案件を登録しました", page.Single("main [role=status]").TextContent);
        Assert.Equal("¥1,800", page.Single(".quote__total dd").TextContent.Trim());
        var upload = web.Api.Jobs.Uploads.Last(u => u.FileName == "名簿.csv");
        Assert.Equal(Csv, upload.Content);
        var post = web.Api.Jobs.Posts.Last(p => p.Body.GetProperty("title").GetString() == "データ入力の依頼（JS なし）");
        Assert.Equal(key, post.IdempotencyKey);
        Assert.Equal("DataEntry", post.Body.GetProperty("type").GetString());
        Assert.Equal(50, post.Body.GetProperty("dataEntry").GetProperty("batchSize").GetInt32());
        Assert.False(post.Body.TryGetProperty("transcription", out _), "Only the chosen type's settings are sent.");
        Assert.False(post.Body.TryGetProperty("webEdit", out _), "Only the chosen type's settings are sent.");
        Assert.Equal("2026-12-05T08:00:00+00:00", post.Body.GetProperty("deadline").GetString());
        Assert.Equal([upload.Id], post.Body.GetProperty("inputFiles").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["愛媛県", "高知県"], post.Body.GetProperty("regionPreference").EnumerateArray().Select(r => r.GetString()));
        Assert.True(post.Body.GetProperty("publish").GetBoolean());
    }

    [Fact]
    public async Task NewJob_WhenTheFileWasUploadedAheadByScript_PostsItsIdAndTranscriptionSettings()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var form = await session.GetAsync("/client/jobs/new");
        var fields = JobFields("議会録音の文字起こし", "Transcription");
        fields["Input.InputFileId"] = [new string('c', 64)];
        fields["Input.InputFileSummary"] = ["議会.wav（9.2 MB）"];
        fields["Input.Style"] = ["Edited"];
        fields["Input.SegmentMinutes"] = ["3"];
        fields["Input.BatchSize"] = ["not a number"];

        var page = await session.SubmitMultipartAsync(form, "main form[data-job-form]", fields);

        Assert.Matches("^/client/jobs/[0-9a-f-]{36}$", page.Path);
        var post = web.Api.Jobs.Posts.Last(p => p.Body.GetProperty("title").GetString() == "議会録音の文字起こし");
        Assert.Equal([new string('c', 64)], post.Body.GetProperty("inputFiles").EnumerateArray().Select(f => f.GetString()));
        var transcription = post.Body.GetProperty("transcription");
        Assert.Equal("Edited", transcription.GetProperty("style").GetString());
        Assert.Equal(3, transcription.GetProperty("segmentMinutes").GetInt32());
        Assert.False(transcription.TryGetProperty("overlapSeconds", out _), "The API's default overlap applies.");
        Assert.False(post.Body.TryGetProperty("dataEntry", out _), "Settings of other types, even unreadable ones, are not sent.");
    }

    [Fact]
    public async Task NewJob_WhenFieldsAreMissing_ShowsEachErrorBesideItsFieldAndInTheSummaryWithoutPostingAJob()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var form = await session.GetAsync("/client/jobs/new");
        var postsBefore = web.Api.Jobs.Posts.Count;
        var fields = JobFields("", "Transcription");
        fields["Input.SpecMarkdown"] = [""];
        fields["Input.SegmentMinutes"] = ["12"];

        var page = await session.SubmitMultipartAsync(form, "main form[data-job-form]", fields);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("件名を入力してください。", page.Single("#Input_Title-error").TextContent.Trim());
        Assert.Equal("仕様（Markdown）を入力してください。", page.Single("#Input_SpecMarkdown-error").TextContent.Trim());
        Assert.Equal("1 作業単位の長さ（分）は 2～8 の範囲で入力してください。", page.Single("#Input_SegmentMinutes-error").TextContent.Trim());
        Assert.Equal("入力ファイルを選んでください。", page.Single("#Upload-error").TextContent.Trim());
        Assert.Equal("true", page.Single("#Input_Title").GetAttribute("aria-invalid"));
        Assert.Equal("Input_Title-error", page.Single("#Input_Title").GetAttribute("aria-describedby"));
        var links = page.Document.QuerySelectorAll("#form-errors a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("#Input_Title", links);
        Assert.Contains("#Upload", links);
        Assert.Equal(postsBefore, web.Api.Jobs.Posts.Count);
    }

    [Theory]
    [InlineData(409, "job_deadline_not_in_future", "#Input_DeadlineDate-error", "納期は現在より後の日時にしてください。")]
    [InlineData(422, "csv_ragged_row", "#Upload-error", "CSV に、見出し行と項目の数が違う行があります。（Line 3 has 2 fields; the header has 3.）")]
    [InlineData(422, "some_future_rule", "main [role=alert]", "Line 3 has 2 fields; the header has 3.")]
    public async Task NewJob_WhenTheApiRefusesByCode_ShowsTheLocalizedMessageBesideTheFieldOrElseTheApisDetail(
        int status, string code, string where, string expected)
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var form = await session.GetAsync("/client/jobs/new");
        web.Api.Jobs.RefuseNextPost(status, code, "Line 3 has 2 fields; the header has 3.");

        var page = await session.SubmitMultipartAsync(form, "main form[data-job-form]", JobFields("拒否される案件 " + code, "DataEntry"),
            new Dictionary<string, (string, byte[])> { ["Upload"] = ("名簿.csv", Csv) });

        Assert.Equal("/client/jobs/new", page.Path);
        Assert.Contains(expected, page.Single(where).TextContent);
        Assert.Equal("拒否される案件 " + code, page.Single("#Input_Title").GetAttribute("value"));
        Assert.Contains("名簿.csv", page.Single(".upload__status").TextContent);
    }

    [Fact]
    public async Task NewJob_WhenTheUploadIsRefused_ShowsWhyBesideTheFileField()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var form = await session.GetAsync("/client/jobs/new");

        var page = await session.SubmitMultipartAsync(form, "main form[data-job-form]", JobFields("実行ファイル", "DataEntry"),
            new Dictionary<string, (string, byte[])> { ["Upload"] = ("setup.exe", "MZ\u0090\u0000"u8.ToArray()) });

        Assert.StartsWith("この形式のファイルは受け付けていません。", page.Single("#Upload-error").TextContent.Trim());
        Assert.Empty(page.Single("input[name='Input.InputFileId']").GetAttribute("value") ?? string.Empty);
    }

    [Fact]
    public async Task NewJob_WhenTheSameFormIsSentTwice_SendsOneIdempotencyKeySoOnlyOneJobExists()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var form = await session.GetAsync("/client/jobs/new");
        var fields = JobFields("二度押しされた案件", "DataEntry");
        fields["Input.InputFileId"] = [new string('e', 64)];

        var first = await session.SubmitMultipartAsync(form, "main form[data-job-form]", fields);
        var second = await session.SubmitMultipartAsync(form, "main form[data-job-form]", fields);

        Assert.Equal(first.Path, second.Path);
        Assert.Single(web.Api.Jobs.JobsOf(FakeUsers.Client), j => j.Title == "二度押しされた案件");
    }

    [Fact]
    public async Task NewJob_WhenTheFirstSubmitIsStillRunning_WaitsForItAndShowsItsJob()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var form = await session.GetAsync("/client/jobs/new");
        var fields = JobFields("処理中に再送された案件", "DataEntry");
        fields["Input.InputFileId"] = [new string('f', 64)];
        web.Api.Jobs.RefuseNextPost(409, "idempotency_request_in_progress", "A request with this Idempotency-Key is still being processed.");

        var page = await session.SubmitMultipartAsync(form, "main form[data-job-form]", fields);

        Assert.Matches("^/client/jobs/[0-9a-f-]{36}$", page.Path);
        Assert.Equal("処理中に再送された案件", page.Heading);
    }

    [Fact]
    public async Task FileUpload_WithTheFormsAntiforgeryToken_StreamsTheFileToTheApiAndAnswersItsIdAndSummary()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var form = await session.GetAsync("/client/jobs/new");
        var bytes = Encoding.UTF8.GetBytes("氏名,住所\r\n" + string.Concat(Enumerable.Repeat("高知 太郎,四万十町\r\n", 2000)));

        using var response = await UploadAsync(session, form, "大きな名簿.csv", bytes);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var upload = web.Api.Jobs.Uploads.Last(u => u.FileName == "大きな名簿.csv");
        Assert.Equal(bytes, upload.Content);
        Assert.Equal(upload.Id, answer.GetProperty("id").GetString());
        Assert.Equal("大きな名簿.csv（54.7 KB）", answer.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task FileUpload_WithoutTheAntiforgeryToken_IsRefusedBeforeAnythingReachesTheApi()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var uploadsBefore = web.Api.Jobs.Uploads.Count;
        using var content = new MultipartFormDataContent { { new ByteArrayContent(Csv), "file", "forged.csv" } };

        using var response = await session.Http.PostAsync("/client/files", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("antiforgery_failed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(uploadsBefore, web.Api.Jobs.Uploads.Count);
    }

    [Fact]
    public async Task FileUpload_WhenTheApiRefusesTheType_AnswersItsCodeWithAJapaneseMessage()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var form = await session.GetAsync("/client/jobs/new");

        using var response = await UploadAsync(session, form, "setup.exe", "MZ\u0090\u0000"u8.ToArray());

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("file_type_not_allowed", answer.GetProperty("code").GetString());
        Assert.StartsWith("この形式のファイルは受け付けていません。", answer.GetProperty("message").GetString());
    }

    [Fact]
    public async Task FileUpload_WhenTheAccessTokenIsAboutToExpire_RefreshesItBeforeStreaming()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.OtherClient);
        var form = await session.GetAsync("/client/jobs/new");
        web.Clock.Advance(TimeSpan.FromSeconds(FakeMarketApi.AccessTokenLifetimeSeconds - 30));
        web.Api.ExpireAccessTokensOf(FakeUsers.OtherClient);

        using var response = await UploadAsync(session, form, "期限間近.csv", Csv);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, web.Api.RefreshCountFor(FakeUsers.OtherClient));
    }

    [Fact]
    public async Task JobDetails_WhenDelivered_OffersTheDownloadAndTheDecision()
    {
        var job = web.Api.Jobs.Add(new FakeJob
        {
            Owner = FakeUsers.Client.Email,
            Title = "納品済みの案件",
            Status = "Delivered",
            AcceptedCount = 6,
            Deliverable = Encoding.UTF8.GetBytes("氏名,住所\r\n納品 太郎,四万十町\r\n"),
        });
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);

        var page = await session.GetAsync($"/client/jobs/{job.Id}");

        Assert.Equal("納品済み（確認待ち）", page.Single(".job-head .status").TextContent.Trim());
        Assert.Equal("6 / 6 件 承認済み（100%）", page.Single(".progress__text").TextContent.Trim());
        Assert.Null(page.Document.QuerySelector("#Cancel_Reason"));
        var download = page.Single("a[download]").GetAttribute("href")!;
        using var file = await session.Http.GetAsync(download);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(job.Deliverable, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("納品_納品済みの案件.csv", file.Content.Headers.ContentDisposition?.FileNameStar);

        var withoutReason = await session.SubmitAsync(page, "form[action*='handler=Revision']");
        Assert.Equal("理由を入力してください。", withoutReason.Single("#Revision_Reason-error").TextContent.Trim());
        Assert.Equal("Delivered", job.Status);

        var accepted = await session.SubmitAsync(withoutReason, "form[action*='handler=Accept']");
        Assert.Equal($"/client/jobs/{job.Id}", accepted.Path);
        Assert.Equal("検収済み", accepted.Single(".job-head .status").TextContent.Trim());
        Assert.Contains("納品物を検収しました。", accepted.Single("main [role=status]").TextContent);
    }

    [Fact]
    public async Task JobDetails_WhenRevisionIsRequestedWithAReason_SendsItAndShowsTheNewStatus()
    {
        var job = web.Api.Jobs.Add(new FakeJob { Owner = FakeUsers.Client.Email, Title = "修正を頼む案件", Status = "Delivered", Deliverable = [1] });
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var page = await session.GetAsync($"/client/jobs/{job.Id}");

        var revised = await session.SubmitAsync(page, "form[action*='handler=Revision']", new Dictionary<string, string> { ["Revision.Reason"] = "12 行目の住所が原本と違います。" });

        Assert.Equal("修正依頼中", revised.Single(".job-head .status").TextContent.Trim());
        Assert.Equal("12 行目の住所が原本と違います。", job.LastReason);
    }

    [Fact]
    public async Task JobDetails_WhenCancelled_AsksForAReasonThenSendsIt()
    {
        var job = web.Api.Jobs.Add(new FakeJob { Owner = FakeUsers.Client.Email, Title = "取り消す案件" });
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var page = await session.GetAsync($"/client/jobs/{job.Id}");
        Assert.Null(page.Document.QuerySelector("a[download]"));

        var withoutReason = await session.SubmitAsync(page, "form[action*='handler=Cancel']");
        Assert.Equal("理由を入力してください。", withoutReason.Single("#Cancel_Reason-error").TextContent.Trim());
        Assert.Equal("true", withoutReason.Single("#Cancel_Reason").GetAttribute("aria-invalid"));

        var cancelled = await session.SubmitAsync(withoutReason, "form[action*='handler=Cancel']", new Dictionary<string, string> { ["Cancel.Reason"] = "予算の都合" });
        Assert.Equal("取消済み", cancelled.Single(".job-head .status").TextContent.Trim());
        Assert.Equal("予算の都合", job.LastReason);
        Assert.Null(cancelled.Document.QuerySelector("form[action*='handler=Cancel']"));
    }

    [Fact]
    public async Task JobDetails_WhenTheApiRefusesTheCancellation_ShowsWhyBesideTheReason()
    {
        var job = web.Api.Jobs.Add(new FakeJob { Owner = FakeUsers.Client.Email, Title = "作業中の案件", Status = "Contracted" });
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var page = await session.GetAsync($"/client/jobs/{job.Id}");
        job.Status = "InProgress";

        var refused = await session.SubmitAsync(page, "form[action*='handler=Cancel']", new Dictionary<string, string> { ["Cancel.Reason"] = "やはり不要" });

        Assert.Equal("作業が始まっているため、この案件は取り消せません。", refused.Single("#Cancel_Reason-error").TextContent.Trim());
    }

    [Fact]
    public async Task JobDetails_WhenTheApiRefusesTheAcceptance_ShowsWhyAtTheTopOfThePage()
    {
        var job = web.Api.Jobs.Add(new FakeJob { Owner = FakeUsers.Client.Email, Title = "別の担当者が検収した案件", Status = "Delivered", Deliverable = [1] });
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var page = await session.GetAsync($"/client/jobs/{job.Id}");
        job.Status = "Accepted";

        var refused = await session.SubmitAsync(page, "form[action*='handler=Accept']");

        Assert.Contains("この案件はまだ納品されていません。", refused.Single("main [role=alert]").TextContent);
        Assert.Equal("検収済み", refused.Single(".job-head .status").TextContent.Trim());
    }

    [Fact]
    public async Task JobDetails_WhenTheJobBelongsToAnotherClient_IsNotFound()
    {
        var job = web.Api.Jobs.Add(new FakeJob { Owner = FakeUsers.OtherClient.Email, Title = "他社の案件" });
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);

        var page = await session.GetAsync($"/client/jobs/{job.Id}");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain("他社の案件", page.Text);
    }

    [Fact]
    public async Task JobDetails_WhenEnglishIsChosen_ShowsLabelsInEnglishAndTheDeadlineInJst()
    {
        var job = web.Api.Jobs.Add(new FakeJob { Owner = FakeUsers.Client.Email, Title = "英語で見る案件", Regions = ["高知県", "北海道"] });
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var japanese = await session.GetAsync($"/client/jobs/{job.Id}");

        var english = await session.SwitchLanguageAsync(japanese, "en");

        Assert.Equal($"/client/jobs/{job.Id}", english.Path);
        Assert.Equal("en", english.Language);
        Assert.Equal("Open", english.Single(".job-head .status").TextContent.Trim());
        Assert.Equal("28 Nov 2026 17:00 JST", english.Single(".job-head__deadline time").TextContent.Trim());
        Assert.Contains("Kochi, Hokkaido", english.Text);
        Assert.Equal("¥1,800", english.Single(".quote__total dd").TextContent.Trim());
    }

    [Fact]
    public async Task ClientPages_WhenAWorkerAsks_AreForbidden()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);

        var page = await session.GetAsync("/client/jobs/new");

        Assert.StartsWith("/account/accessdenied", page.Path);
    }

    private static Dictionary<string, string[]> JobFields(string title, string type, string[]? regions = null) => new()
    {
        ["Input.Type"] = [type],
        ["Input.Title"] = [title],
        ["Input.SpecMarkdown"] = ["原本どおりに入力してください。"],
        ["Input.DeadlineDate"] = ["2026-12-05"],
        ["Input.DeadlineTime"] = ["17:00"],
        ["Input.Confidentiality"] = ["Standard"],
        ["Input.Regions"] = regions ?? [],
    };

    private static async Task<HttpResponseMessage> UploadAsync(WebSession session, HtmlPage form, string fileName, byte[] content)
    {
        var token = form.Single("form[data-job-form] input[name=__RequestVerificationToken]").GetAttribute("value")!;
        using var body = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/client/files") { Content = body };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await session.Http.SendAsync(request);
    }
}
