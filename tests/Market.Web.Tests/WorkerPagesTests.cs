using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

/// <summary>The worker's editor against the fake API: refusals in the user's language, where they belong.</summary>
public sealed class WorkerPagesTests(WebFixture web) : IClassFixture<WebFixture>
{
    private static readonly string EditorPath = $"/worker/units/{FakeWorkerApi.HeldUnitId}";

    [Fact]
    public async Task Editor_WhenTheUnitIsHeld_ShowsTheSegmentStyleAndShortcutsAndAnAudioPathOnTheWeb()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);

        var page = await session.GetAsync(EditorPath);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("遠野市議会 定例会", page.Heading);
        Assert.Equal($"{EditorPath}?handler=Audio", page.Single("#work-audio").GetAttribute("src"));
        Assert.Equal($"{EditorPath}?handler=Draft", page.Single("#work-form").GetAttribute("data-autosave-url"));
        Assert.Equal("295000", page.Single(".player").GetAttribute("data-start-ms"));
        Assert.Contains("4:55～10:00", page.Single(".work-head").TextContent);
        Assert.Contains("ケバ取り", page.Single(".work-head").TextContent);
        Assert.Equal(7, page.Document.QuerySelectorAll(".keys > div").Length);
        Assert.NotNull(page.Document.QuerySelector("#work-form input[name=__RequestVerificationToken]"));
        var policy = page.Response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"'nonce-{page.Single(".player").GetAttribute("data-style-nonce")}'", policy);
    }

    [Fact]
    public async Task Autosave_WhenTheLeaseIsGone_AnswersTheRefusalInJapaneseAsJson()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var page = await session.GetAsync(EditorPath);
        web.Api.Worker.RefuseNextDraft(409, "lease_expired", "The lease has expired.");

        var answer = await PostDraftAsync(session, page, "【話者1】本日はお集まりいただき");

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.False(json.GetProperty("saved").GetBoolean());
        Assert.Equal("lease_expired", json.GetProperty("code").GetString());
        Assert.Equal("この作業単位の期限が切れたか、手元から外れたため、保存・提出できません。", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Autosave_WhenSaved_KeepsTheTextOnTheServerAndAReloadShowsIt()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var page = await session.GetAsync(EditorPath);

        var answer = await PostDraftAsync(session, page, "【議長】ただいまから会議を開きます。");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.True(json.GetProperty("saved").GetBoolean());
        Assert.Equal("下書きを保存しました（19:30:00）", json.GetProperty("message").GetString());
        Assert.Equal("【議長】ただいまから会議を開きます。", web.Api.Worker.SavedDraft);
        var reloaded = await session.GetAsync(EditorPath);
        Assert.Equal("【議長】ただいまから会議を開きます。", reloaded.Single("#Input_Text").TextContent.Trim());
    }

    [Fact]
    public async Task Submit_WhenTheApiRefusesTheShapeOfTheWork_ShowsWhyBesideTheEditorAndKeepsTheText()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var page = await session.GetAsync(EditorPath);
        web.Api.Worker.RefuseNextSubmit(422, "submission_shape_mismatch", "This unit needs 3 rows of 2 values.");

        var refused = await PostHandlerAsync(session, page, "Submit", "途中までの原稿");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("入力欄の数が作業単位と合いません。ページを読み込み直してから入力してください。", refused.Single("#Input_Text-error").TextContent.Trim());
        Assert.Equal("true", refused.Single("#Input_Text").GetAttribute("aria-invalid"));
        Assert.Equal("途中までの原稿", refused.Single("#Input_Text").TextContent.Trim());
    }

    [Fact]
    public async Task Editor_WhenTheUnitIsNoLongerHeld_GoesBackToTodaysWorkAndSaysWhy()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);

        var page = await session.GetAsync($"/worker/units/{Guid.NewGuid()}");

        Assert.Equal("/worker", page.Path);
        Assert.Contains("その作業単位はもう手元にありません", page.Single("main [role=status]").TextContent);
    }

    private static async Task<HttpResponseMessage> PostDraftAsync(WebSession session, HtmlPage page, string text)
    {
        var token = page.Single("#work-form input[name=__RequestVerificationToken]").GetAttribute("value")!;
        return await session.Http.PostAsync($"{EditorPath}?handler=Draft", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.AssignmentId"] = FakeWorkerApi.AssignmentId.ToString(),
            ["Input.Kind"] = "Transcription",
            ["Input.Text"] = text,
        }));
    }

    private static async Task<HtmlPage> PostHandlerAsync(WebSession session, HtmlPage page, string handler, string text)
    {
        var token = page.Single("#work-form input[name=__RequestVerificationToken]").GetAttribute("value")!;
        var response = await session.Http.PostAsync($"{EditorPath}?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.AssignmentId"] = FakeWorkerApi.AssignmentId.ToString(),
            ["Input.Kind"] = "Transcription",
            ["Input.Text"] = text,
        }));
        return new HtmlPage(response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }
}
