using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Features.Certifications;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Certifications;
using Market.Domain.Tenancy;
using static Market.Api.Tests.Certifications.CertificationTestKit;

namespace Market.Api.Tests.Certifications;

/// <summary>Exams through HTTP: drawn questions without answers, a server-side deadline, scoring on the server, cool-downs.</summary>
public sealed class ExamFlowTests(ApiFixture fixture) : ApiTest(fixture)
{
    private Agent _agent = null!;
    private Guid _workerId;
    private HttpClient _worker = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Factory.Clock.Set(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        _agent = await TestData.AgentAsync(Factory, "NPO法人 しまんと", "EX-1");
        _workerId = (await TestData.UserAsync(Factory, "w@hub.jp", Roles.Worker, _agent.Id, "在宅 一子")).Id;
        _worker = await Factory.ClientForAsync("w@hub.jp", TestData.Password);
    }

    [Fact]
    public async Task Start_DrawsQuestionsWithoutAnswers_AndSetsTheDeadlineFromTheTimeLimit()
    {
        var response = await _worker.PostAsync("/api/v1/exams/confidentiality/attempts", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var attempt = JsonDocument.Parse(body).RootElement;
        Assert.Equal($"/api/v1/exams/attempts/{attempt.GetProperty("attemptId").GetString()}", response.Headers.Location?.ToString());
        var questions = attempt.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(8, questions.Count); // 8 drawn from a bank of 12
        Assert.Equal(8, questions.Select(q => q.GetProperty("questionId").GetGuid()).Distinct().Count());
        Assert.All(questions, q => Assert.Equal(4, q.GetProperty("options").GetArrayLength()));
        Assert.DoesNotContain(PropertyNames(attempt), n => n.Contains("correct", StringComparison.OrdinalIgnoreCase) || n.Contains("answer", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Factory.Clock.GetUtcNow().AddMinutes(20), attempt.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(20 * 60, attempt.GetProperty("secondsLeft").GetInt32());
        Assert.Equal("Initial", attempt.GetProperty("kind").GetString());
        Assert.All(questions, q => Assert.False(string.IsNullOrWhiteSpace(q.GetProperty("promptJa").GetString()) || string.IsNullOrWhiteSpace(q.GetProperty("promptEn").GetString())));
    }

    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };

    [Fact]
    public async Task PassingTheExam_IssuesTheCertification_ForTwelveMonths_AndTellsTheWorker()
    {
        var result = await TakeAsync(Factory, _worker, CertificationCodes.Confidentiality, rightAnswers: 7); // 7 of 8 = 87 % ≥ 80 %

        Assert.Equal("Submitted", result.GetProperty("status").GetString());
        var score = result.GetProperty("result");
        Assert.Equal((7, 87, true, "Issued"), (score.GetProperty("correctCount").GetInt32(), score.GetProperty("scorePercent").GetInt32(), score.GetProperty("passed").GetBoolean(), score.GetProperty("outcome").GetString()));

        var mine = await MineAsync(_worker, CertificationCodes.Confidentiality);
        var now = Factory.Clock.GetUtcNow();
        var certification = mine.GetProperty("certification");
        Assert.Equal("Active", certification.GetProperty("state").GetString());
        Assert.Equal(now.AddMonths(12), certification.GetProperty("validUntil").GetDateTimeOffset());
        Assert.Equal(now.AddMonths(12).AddDays(-30), certification.GetProperty("renewalOpensAt").GetDateTimeOffset());
        Assert.Equal(now.AddMonths(12).AddDays(14), certification.GetProperty("graceEndsAt").GetDateTimeOffset());
        Assert.Equal("守秘義務・個人情報取扱い", mine.GetProperty("nameJa").GetString());
        Assert.Single(await NotificationsAsync(Factory, _workerId, "certification.exam_result"));
        var reread = await (await _worker.GetAsync($"/api/v1/exams/attempts/{result.GetProperty("attemptId").GetString()}")).JsonAsync();
        Assert.Equal("Issued", reread.GetProperty("result").GetProperty("outcome").GetString()); // the result page reloaded says the same
    }

    [Fact]
    public async Task FailingTheExam_IssuesNothing()
    {
        var result = await TakeAsync(Factory, _worker, CertificationCodes.Confidentiality, rightAnswers: 6); // 75 % < 80 %

        Assert.False(result.GetProperty("result").GetProperty("passed").GetBoolean());
        Assert.Equal("None", result.GetProperty("result").GetProperty("outcome").GetString());
        var reread = await (await _worker.GetAsync($"/api/v1/exams/attempts/{result.GetProperty("attemptId").GetString()}")).JsonAsync();
        Assert.Equal("None", reread.GetProperty("result").GetProperty("outcome").GetString());
        Assert.Equal(0, (await (await _worker.GetAsync("/api/v1/me/certifications")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Answer_AfterTheTimeLimit_Is409_AndSubmitThenScoresAsAtTheDeadline()
    {
        var attempt = await StartAsync(_worker, CertificationCodes.Confidentiality);
        await AnswerAsync(Factory, _worker, attempt, rightAnswers: 8);
        var id = attempt.GetProperty("attemptId").GetString();
        var first = attempt.GetProperty("questions")[0].GetProperty("questionId").GetString();

        Factory.Clock.Advance(TimeSpan.FromMinutes(21));
        _worker = await Factory.ClientForAsync("w@hub.jp", TestData.Password);
        await (await _worker.PutAsJsonAsync($"/api/v1/exams/attempts/{id}/answers/{first}", new { option = 0 }))
            .AssertProblemAsync(HttpStatusCode.Conflict, ExamAttempt.TimeOverCode);

        var result = await SubmitAsync(_worker, attempt);
        Assert.Equal("TimedOut", result.GetProperty("status").GetString());
        Assert.Equal(attempt.GetProperty("deadline").GetDateTimeOffset(), result.GetProperty("result").GetProperty("finishedAt").GetDateTimeOffset());
        Assert.True(result.GetProperty("result").GetProperty("passed").GetBoolean()); // the answers given in time count
        await (await _worker.PostAsync($"/api/v1/exams/attempts/{id}/submit", null)).AssertProblemAsync(HttpStatusCode.Conflict, ExamAttempt.FinishedCode);
    }

    [Fact]
    public async Task AnAttemptLeftOpen_IsScoredByTheSweepAtItsDeadline_AndIssues()
    {
        var attempt = await StartAsync(_worker, CertificationCodes.Confidentiality);
        await AnswerAsync(Factory, _worker, attempt, rightAnswers: 8);
        Factory.Clock.Advance(TimeSpan.FromMinutes(19));
        Assert.Equal(0, await SendAsync(Factory, new CloseOverdueExamAttempts()));

        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await SendAsync(Factory, new CloseOverdueExamAttempts()));
        Assert.Equal(0, await SendAsync(Factory, new CloseOverdueExamAttempts()));

        _worker = await Factory.ClientForAsync("w@hub.jp", TestData.Password);
        var mine = await MineAsync(_worker, CertificationCodes.Confidentiality);
        Assert.Equal(attempt.GetProperty("deadline").GetDateTimeOffset().AddMonths(12), mine.GetProperty("certification").GetProperty("validUntil").GetDateTimeOffset());
    }

    [Fact]
    public async Task BadAnswers_QuestionNotDrawn_OptionOutOfRange_NegativeOption_SomeoneElsesAttempt_AreRefused()
    {
        var attempt = await StartAsync(_worker, CertificationCodes.Confidentiality);
        var id = attempt.GetProperty("attemptId").GetString();
        var first = attempt.GetProperty("questions")[0].GetProperty("questionId").GetString();

        await (await _worker.PutAsJsonAsync($"/api/v1/exams/attempts/{id}/answers/{Guid.NewGuid()}", new { option = 0 }))
            .AssertProblemAsync(HttpStatusCode.Conflict, ExamAttempt.QuestionNotInAttemptCode);
        await (await _worker.PutAsJsonAsync($"/api/v1/exams/attempts/{id}/answers/{first}", new { option = 4 }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, ExamAttempt.OptionOutOfRangeCode);
        await (await _worker.PutAsJsonAsync($"/api/v1/exams/attempts/{id}/answers/{first}", new { option = -1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _worker.PostAsync("/api/v1/exams/confidentiality/attempts", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, ExamAttempt.InProgressCode);
        await (await _worker.PostAsync("/api/v1/exams/no_such_exam/attempts", null))
            .AssertProblemAsync(HttpStatusCode.NotFound, "certification_type_not_found");

        await TestData.UserAsync(Factory, "other@hub.jp", Roles.Worker, _agent.Id);
        var other = await Factory.ClientForAsync("other@hub.jp", TestData.Password);
        await (await other.GetAsync($"/api/v1/exams/attempts/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "exam_attempt_not_found");
        await (await other.PostAsync($"/api/v1/exams/attempts/{id}/submit", null)).AssertProblemAsync(HttpStatusCode.NotFound, "exam_attempt_not_found");
    }

    [Fact]
    public async Task ThreeFailures_StartACooldown_Of72Hours_ShownInTheExamList()
    {
        for (var i = 0; i < 3; i++)
        {
            await TakeAsync(Factory, _worker, CertificationCodes.Confidentiality, rightAnswers: 2);
            Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        _worker = await Factory.ClientForAsync("w@hub.jp", TestData.Password);
        var refused = await (await _worker.PostAsync("/api/v1/exams/confidentiality/attempts", null)).AssertProblemAsync(HttpStatusCode.Conflict, ExamAttempt.CooldownCode);
        Assert.StartsWith("After 3 failed attempts in a row", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var exam = (await (await _worker.GetAsync("/api/v1/exams")).JsonAsync()).EnumerateArray().Single(e => e.GetProperty("code").GetString() == "confidentiality");
        Assert.False(exam.GetProperty("canStart").GetBoolean());
        Assert.Equal(ExamAttempt.CooldownCode, exam.GetProperty("refusal").GetProperty("code").GetString());
        var availableFrom = exam.GetProperty("availableFrom").GetDateTimeOffset();

        Factory.Clock.Set(availableFrom);
        _worker = await Factory.ClientForAsync("w@hub.jp", TestData.Password);
        Assert.Equal(HttpStatusCode.Created, (await _worker.PostAsync("/api/v1/exams/confidentiality/attempts", null)).StatusCode);
    }

    [Fact]
    public async Task ExamList_ShowsThePlatformsSevenExams_AndRenewalOnlyInsideTheWindow()
    {
        var exams = (await (await _worker.GetAsync("/api/v1/exams")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(CertificationCodes.Platform.Order(), exams.Select(e => e.GetProperty("code").GetString()!).Order());
        Assert.All(exams, e => Assert.Equal("Initial", e.GetProperty("nextAttemptKind").GetString()));

        await TakeAsync(Factory, _worker, CertificationCodes.WebEditing, rightAnswers: 8);
        await (await _worker.PostAsync("/api/v1/exams/web_editing/attempts", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, WorkerCertification.RenewalNotOpenCode);
        var held = (await (await _worker.GetAsync("/api/v1/exams")).JsonAsync()).EnumerateArray().Single(e => e.GetProperty("code").GetString() == "web_editing");
        Assert.Equal(WorkerCertification.RenewalNotOpenCode, held.GetProperty("refusal").GetProperty("code").GetString());
        Assert.Equal(held.GetProperty("certification").GetProperty("renewalOpensAt").GetDateTimeOffset(), held.GetProperty("availableFrom").GetDateTimeOffset());

        Factory.Clock.Set(held.GetProperty("availableFrom").GetDateTimeOffset());
        _worker = await Factory.ClientForAsync("w@hub.jp", TestData.Password);
        var renewal = await StartAsync(_worker, CertificationCodes.WebEditing);
        Assert.Equal("Renewal", renewal.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task ExamsAreForAgentPeople_NotClients()
    {
        var firm = await TestData.ClientAsync(Factory, "県庁");
        await TestData.UserAsync(Factory, "client@pref.jp", Roles.ClientMember, firm.Id);
        var client = await Factory.ClientForAsync("client@pref.jp", TestData.Password);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/exams")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/v1/exams/confidentiality/attempts", null)).StatusCode);
    }
}
