using System.Net;
using AngleSharp.Html.Parser;
using Market.Web.Localization;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

/// <summary>
/// The worker's certifications and exam screens against the fake API: dates and states in the user's language, starting
/// an exam, the timer taken from the server, answers sent to the API, refusals (time over, cool-down) explained.
/// </summary>
public sealed class CertificationPagesTests : IClassFixture<WebFixture>
{
    private readonly WebFixture web;

    public CertificationPagesTests(WebFixture web)
    {
        this.web = web;
        web.Api.Certifications.Reset();
    }

    [Fact]
    public async Task Certifications_ShowEachHeldCertificationWithItsStateAndDates_InJapanese()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);

        var page = await session.GetAsync("/worker/certifications");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("資格と試験", page.Heading);
        var active = page.Single("#held-confidentiality");
        Assert.Contains("守秘義務・個人情報取扱い", active.TextContent);
        Assert.Equal("有効", active.QuerySelector(".tag")!.TextContent.Trim());
        Assert.Contains("2027年6月1日 12:00", active.TextContent); // valid until, in Japan time
        Assert.Contains("2027年5月2日 12:00", active.TextContent); // renewal opens 30 days before
        Assert.Contains("2027年6月15日 12:00", active.TextContent); // grace ends 14 days after
        var grace = page.Single("#held-data_entry");
        Assert.Equal("猶予期間中", grace.QuerySelector(".tag")!.TextContent.Trim());
        Assert.Contains("tag--attention", grace.QuerySelector(".tag")!.ClassName, StringComparison.Ordinal);
        var revoked = page.Single("#held-transcription_l1");
        Assert.Equal("取消", revoked.QuerySelector(".tag")!.TextContent.Trim());
        Assert.Contains("取消理由: 原票の写真をSNSに投稿", revoked.TextContent);
        Assert.Contains("この資格が必要な新しい作業は受けられません", revoked.TextContent);
        Assert.Equal("/worker/certifications", page.Single(".worker-nav a[aria-current=page]").GetAttribute("href"));
    }

    [Fact]
    public async Task Exams_OfferRenewalOrFirstExam_AndExplainWhyOthersCannotStart()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);

        var page = await session.GetAsync("/worker/certifications");

        Assert.Contains("更新試験を受ける", page.Single("#exam-data_entry form button").TextContent);
        Assert.Contains("受験する", page.Single("#exam-web_editing form button").TextContent);
        Assert.NotNull(page.Document.QuerySelector("#exam-web_editing form input[name=__RequestVerificationToken]"));
        Assert.Null(page.Document.QuerySelector("#exam-confidentiality form"));
        var notOpen = page.Single("#exam-confidentiality .exam__refusal").TextContent;
        Assert.Contains("更新試験はまだ受けられません。", notOpen);
        Assert.Contains("2027年5月2日 12:00", notOpen);
        Assert.Contains("不合格が続いたため、しばらく受験できません。", page.Single("#exam-transcription_l2 .exam__refusal").TextContent);
        Assert.Contains("合格点", page.Single("#exam-web_editing").TextContent);
        Assert.Contains("80%", page.Single("#exam-web_editing").TextContent);
    }

    [Fact]
    public async Task Certifications_InEnglish_UseTheEnglishNamesStatesAndRefusals()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var japanese = await session.GetAsync("/worker/certifications");

        var page = await session.SwitchLanguageAsync(japanese, MarketCultures.English);

        Assert.Equal("en", page.Language);
        Assert.Equal("Certifications and exams", page.Heading);
        Assert.Contains("Data entry", page.Single("#held-data_entry").TextContent);
        Assert.Equal("In grace period", page.Single("#held-data_entry .tag").TextContent.Trim());
        Assert.Contains("1 Jun 2027 12:00 JST", page.Single("#held-confidentiality").TextContent);
        Assert.Contains("Renewal has not opened yet.", page.Single("#exam-confidentiality .exam__refusal").TextContent);
        Assert.Contains("Take the renewal exam", page.Single("#exam-data_entry form button").TextContent);
    }

    [Fact]
    public async Task Start_OpensTheExamScreen_WithTheServersTimeLeftAndTheDrawnQuestions()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var list = await session.GetAsync("/worker/certifications");

        var exam = await session.SubmitAsync(list, "#exam-web_editing form");

        Assert.Equal(HttpStatusCode.OK, exam.Status);
        Assert.StartsWith("/worker/certifications/exams/", exam.Path, StringComparison.Ordinal);
        Assert.Contains("Web更新", exam.Heading);
        Assert.Contains("初回試験", exam.Heading);
        var timer = exam.Single("#exam-timer");
        Assert.Equal("1200", timer.GetAttribute("data-seconds-left"));
        Assert.Equal("20:00", timer.QuerySelector(".exam-timer__clock")!.TextContent);
        Assert.Equal("timer", timer.GetAttribute("role"));
        Assert.Equal(3, exam.Document.QuerySelectorAll("#exam-form fieldset.exam-question").Length);
        Assert.Equal(9, exam.Document.QuerySelectorAll("#exam-form input[type=radio]").Length);
        Assert.StartsWith("問1. ", exam.Document.QuerySelector("#exam-form legend")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotNull(exam.Document.QuerySelector("#exam-form input[name=__RequestVerificationToken]"));
        Assert.NotNull(exam.Document.QuerySelector("script[src^='/js/worker/exam.js']"));

        // Back on the list, the exam in progress is continued, not started twice.
        var again = await session.GetAsync("/worker/certifications");
        Assert.Equal(exam.Path, again.Single("#exam-web_editing a.button").GetAttribute("href"));
        Assert.Null(again.Document.QuerySelector("#exam-web_editing form"));
    }

    [Fact]
    public async Task Start_WhenTheApiRefuses_ShowsTheReasonBesideThatExam_InJapanese()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var list = await session.GetAsync("/worker/certifications");
        web.Api.Certifications.RefuseNextStart(409, "exam_cooldown", "After 3 failed attempts in a row, wait 72 hours.");

        var refused = await session.SubmitAsync(list, "#exam-web_editing form");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("/worker/certifications?handler=Start", refused.Path);
        Assert.Contains("不合格が続いたため、しばらく受験できません。", refused.Single("#exam-web_editing-problem").TextContent);
    }

    [Fact]
    public async Task Submit_SendsTheChosenAnswersToTheApi_AndShowsTheScoreAndTheIssuedCertification()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var exam = await session.SubmitAsync(await session.GetAsync("/worker/certifications"), "#exam-web_editing form");
        var questions = QuestionIds(exam);

        var result = await PostExamAsync(session, exam, "Submit", questions.ToDictionary(q => q, _ => 0));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(questions.Select(q => (q, 0)), web.Api.Certifications.AnswersReceived);
        Assert.Contains("提出しました。", result.Single("main [role=status]").TextContent);
        var panel = result.Single("#exam-result");
        Assert.Equal("合格", panel.QuerySelector("h2")!.TextContent.Trim());
        Assert.Contains("100%", panel.TextContent);
        Assert.Contains("3 / 3 問", panel.TextContent);
        Assert.Equal("資格が発行されました。", result.Single("#exam-outcome").TextContent.Trim());
        Assert.Null(result.Document.QuerySelector("#exam-form"));
    }

    [Fact]
    public async Task Save_KeepsOnlyChangedAnswers_AndTheReloadedScreenShowsThemChosen()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var exam = await session.SubmitAsync(await session.GetAsync("/worker/certifications"), "#exam-data_entry form");
        var questions = QuestionIds(exam);

        var saved = await PostExamAsync(session, exam, "Save", new Dictionary<Guid, int> { [questions[0]] = 2 });
        var again = await PostExamAsync(session, saved, "Save", new Dictionary<Guid, int> { [questions[0]] = 2, [questions[1]] = 1 });

        Assert.Equal([(questions[0], 2), (questions[1], 1)], web.Api.Certifications.AnswersReceived);
        Assert.Contains("解答を保存しました。", again.Single("main [role=status]").TextContent);
        Assert.Contains("更新試験", again.Heading);
        Assert.Equal("2", again.Single($"#q-{questions[0]} input[checked]").GetAttribute("value"));
        Assert.Equal("1", again.Single($"#q-{questions[1]} input[checked]").GetAttribute("value"));
    }

    [Fact]
    public async Task Save_AfterTheDeadline_ShowsTheTimeOverRefusal_AndKeepsWhatWasChosenOnThePage()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var exam = await session.SubmitAsync(await session.GetAsync("/worker/certifications"), "#exam-web_editing form");
        var questions = QuestionIds(exam);
        web.Api.Certifications.TimeOver = true;

        var refused = await PostExamAsync(session, exam, "Save", new Dictionary<Guid, int> { [questions[2]] = 1 });

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("制限時間を過ぎたため、解答は受け付けられませんでした。", refused.Single("#exam-problem p:last-child").TextContent.Trim());
        Assert.Equal("1", refused.Single($"#q-{questions[2]} input[checked]").GetAttribute("value"));
        Assert.Equal("00:00", refused.Single(".exam-timer__clock").TextContent);
        Assert.Empty(web.Api.Certifications.AnswersReceived);
    }

    [Fact]
    public async Task Submit_AfterTheDeadline_IsScoredAsAtTheDeadline_AndTheWorkerIsToldSo()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var exam = await session.SubmitAsync(await session.GetAsync("/worker/certifications"), "#exam-web_editing form");
        var questions = QuestionIds(exam);
        web.Api.Certifications.TimeOver = true;

        var result = await PostExamAsync(session, exam, "Submit", questions.ToDictionary(q => q, _ => 0));

        Assert.Contains("締切を過ぎていたため、締切までに保存された解答で採点しました。", result.Single("main [role=status]").TextContent);
        Assert.Equal("不合格", result.Single("#exam-result h2").TextContent.Trim());
        Assert.Contains("時間切れ（締切までの解答で採点）", result.Single("#exam-result").TextContent);
        Assert.Equal("資格は発行されませんでした。", result.Single("#exam-outcome").TextContent.Trim());
    }

    [Fact]
    public async Task AnswerAsChosen_SavesOneAnswerThroughTheWeb_AndAfterTheDeadlineAnswersTheRefusalInJapaneseAsJson()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var exam = await session.SubmitAsync(await session.GetAsync("/worker/certifications"), "#exam-web_editing form");
        var questions = QuestionIds(exam);
        var url = new Uri(exam.Response.RequestMessage!.RequestUri!, exam.Single("#exam-form").GetAttribute("data-answer-url"));
        var token = exam.Single("#exam-form input[name=__RequestVerificationToken]").GetAttribute("value")!;
        FormUrlEncodedContent Answer(Guid question, int option) => new(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["questionId"] = question.ToString(), ["option"] = option.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var saved = await session.Http.PostAsync(url, Answer(questions[1], 2));
        web.Api.Certifications.TimeOver = true;
        var late = await session.Http.PostAsync(url, Answer(questions[2], 0));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.True(System.Text.Json.JsonDocument.Parse(await saved.Content.ReadAsStringAsync()).RootElement.GetProperty("saved").GetBoolean());
        Assert.Equal([(questions[1], 2)], web.Api.Certifications.AnswersReceived);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var refusal = System.Text.Json.JsonDocument.Parse(await late.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("exam_time_over", "制限時間を過ぎたため、解答は受け付けられませんでした。"), (refusal.GetProperty("code").GetString(), refusal.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task ExamPosts_WithoutTheAntiforgeryToken_AreRefused()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);
        var exam = await session.SubmitAsync(await session.GetAsync("/worker/certifications"), "#exam-web_editing form");

        var start = await session.Http.PostAsync("/worker/certifications?handler=Start", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "data_entry" }));
        var submit = await session.Http.PostAsync($"{exam.Path}?handler=Submit", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, submit.StatusCode);
        Assert.Empty(web.Api.Certifications.AnswersReceived);
    }

    [Fact]
    public async Task AnotherWorkersAttempt_IsNotFound_InJapanese()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);

        var page = await session.GetAsync($"/worker/certifications/exams/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("試験が見つかりません。", page.Single("#exam-problem").TextContent);
    }

    [Fact]
    public async Task PortalHome_LinksToTheCertificationsPage()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);

        var home = await session.GetAsync("/worker");

        Assert.Equal("/worker/certifications", home.Single("#home-certifications").GetAttribute("href"));
        Assert.Equal("/worker/certifications", home.Single(".worker-nav a[href='/worker/certifications']").GetAttribute("href"));
        Assert.DoesNotContain(home.Document.QuerySelectorAll(".cards .card h3"), h => h.TextContent.Contains("資格", StringComparison.Ordinal));
    }

    private static List<Guid> QuestionIds(HtmlPage exam) =>
        exam.Document.QuerySelectorAll("#exam-form fieldset.exam-question").Select(f => Guid.Parse(f.Id!["q-".Length..])).ToList();

    /// <summary>Posts the exam form to one of its buttons' handlers, as the browser does for that button, with <paramref name="answers"/> chosen.</summary>
    private static async Task<HtmlPage> PostExamAsync(WebSession session, HtmlPage exam, string handler, IReadOnlyDictionary<Guid, int> answers)
    {
        var button = exam.Single($"#exam-form button[formaction$='handler={handler}']");
        var values = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", exam.Single("#exam-form input[name=__RequestVerificationToken]").GetAttribute("value")!),
        };
        values.AddRange(answers.Select(a => new KeyValuePair<string, string>($"Answers[{a.Key}]", a.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var response = await session.Http.PostAsync(new Uri(exam.Response.RequestMessage!.RequestUri!, button.GetAttribute("formaction")), new FormUrlEncodedContent(values));
        return new HtmlPage(response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }
}
