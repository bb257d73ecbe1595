using System.Net;
using System.Net.Http.Json;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Certifications;
using Market.Domain.Tenancy;
using static Market.Api.Tests.Certifications.CertificationTestKit;

namespace Market.Api.Tests.Certifications;

/// <summary>Agents' own certification types and banks (tenant-isolated), and the practical test on gold units.</summary>
public sealed class AgentCertificationTypeTests(ApiFixture fixture) : ApiTest(fixture)
{
    private Agent _agent = null!;
    private HttpClient _coordinator = null!;
    private HttpClient _worker = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Factory.Clock.Set(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero)); // whole seconds: timestamptz keeps microseconds only
        _agent = await TestData.AgentAsync(Factory, "NPO法人 とさ", "TYPE-1");
        await TestData.UserAsync(Factory, "coord@tosa.jp", Roles.AgentCoordinator, _agent.Id);
        await TestData.UserAsync(Factory, "w@tosa.jp", Roles.Worker, _agent.Id, "在宅 土佐子");
        _coordinator = await Factory.ClientForAsync("coord@tosa.jp", TestData.Password);
        _worker = await Factory.ClientForAsync("w@tosa.jp", TestData.Password);
    }

    private static object DialectType(string code = "tosa_dialect", int questions = 3) => new
    {
        code,
        nameJa = "土佐弁 聞き取り",
        nameEn = "Tosa dialect listening",
        descriptionJa = "高知の方言を含む音声のテープ起こし",
        descriptionEn = (string?)null,
        questionsPerAttempt = questions,
        passMarkPercent = 60,
        timeLimitMinutes = 10,
        attemptsBeforeCooldown = 2,
        cooldownHours = 24,
        validityMonths = 24,
        renewalWindowDays = 60,
        graceDays = 7,
    };

    private async Task AddQuestionsAsync(string code, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await (await _coordinator.PostAsJsonAsync($"/api/v1/agents/{_agent.Id}/certification-types/{code}/questions", new
            {
                promptJa = $"「{i}ちゅう」の意味は？",
                promptEn = $"What does \"{i}-chuu\" mean? ({i})",
                options = new[] { new { ja = "と言う", en = "to say" }, new { ja = "している", en = "is doing" }, new { ja = "食べる", en = "to eat" } },
                correctOption = 1,
            })).JsonAsync();
        }
    }

    [Fact]
    public async Task AnAgentsOwnType_IsTakenByItsWorkers_AndInvisibleToOtherAgents()
    {
        var created = await _coordinator.PostAsJsonAsync($"/api/v1/agents/{_agent.Id}/certification-types", DialectType());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await AddQuestionsAsync("tosa_dialect", 4);
        var bank = await (await _coordinator.GetAsync($"/api/v1/agents/{_agent.Id}/certification-types/tosa_dialect/questions")).JsonAsync();
        Assert.Equal(4, bank.GetArrayLength());
        Assert.Equal(1, bank[0].GetProperty("correctOption").GetInt32()); // staff see answers of their own bank

        var exam = (await (await _worker.GetAsync("/api/v1/exams")).JsonAsync()).EnumerateArray().Single(e => e.GetProperty("code").GetString() == "tosa_dialect");
        Assert.False(exam.GetProperty("platform").GetBoolean());
        var result = await TakeAsync(Factory, _worker, "tosa_dialect", rightAnswers: 2); // 2 of 3 = 66 % ≥ 60 %
        Assert.Equal("Issued", result.GetProperty("result").GetProperty("outcome").GetString());
        var mine = await MineAsync(_worker, "tosa_dialect");
        Assert.Equal(Factory.Clock.GetUtcNow().AddMonths(24), mine.GetProperty("certification").GetProperty("validUntil").GetDateTimeOffset());

        var other = await TestData.AgentAsync(Factory, "別のNPO", "TYPE-2");
        await TestData.UserAsync(Factory, "coord@other.jp", Roles.AgentCoordinator, other.Id);
        await TestData.UserAsync(Factory, "w@other.jp", Roles.Worker, other.Id);
        var otherCoordinator = await Factory.ClientForAsync("coord@other.jp", TestData.Password);
        var otherWorker = await Factory.ClientForAsync("w@other.jp", TestData.Password);
        await (await otherWorker.PostAsync("/api/v1/exams/tosa_dialect/attempts", null)).AssertProblemAsync(HttpStatusCode.NotFound, "certification_type_not_found");
        Assert.DoesNotContain("tosa_dialect", await (await otherWorker.GetAsync("/api/v1/exams")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var otherTypes = await (await otherCoordinator.GetAsync($"/api/v1/agents/{other.Id}/certification-types")).JsonAsync();
        Assert.Equal(7, otherTypes.GetArrayLength());
        await (await otherCoordinator.GetAsync($"/api/v1/agents/{other.Id}/certification-types/tosa_dialect/questions"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "certification_type_not_found");
        // The other agent may use the same code for a type of its own.
        Assert.Equal(HttpStatusCode.Created, (await otherCoordinator.PostAsJsonAsync($"/api/v1/agents/{other.Id}/certification-types", DialectType())).StatusCode);
    }

    [Fact]
    public async Task DefiningTypes_RefusesPlatformCodes_Duplicates_AndBadRules_AndPlatformBanksStayHidden()
    {
        var url = $"/api/v1/agents/{_agent.Id}/certification-types";
        await (await _coordinator.PostAsJsonAsync(url, DialectType(CertificationCodes.DataEntry))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "certification_code_reserved");
        Assert.Equal(HttpStatusCode.Created, (await _coordinator.PostAsJsonAsync(url, DialectType())).StatusCode);
        await (await _coordinator.PostAsJsonAsync(url, DialectType())).AssertProblemAsync(HttpStatusCode.Conflict, "certification_code_taken");
        await (await _coordinator.PostAsJsonAsync(url, DialectType("too_many", questions: 99))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "exam_questions_per_attempt_out_of_range");
        await (await _coordinator.GetAsync($"{url}/confidentiality/questions")).AssertProblemAsync(HttpStatusCode.NotFound, "certification_type_not_found");
        await (await _worker.PostAsJsonAsync(url, DialectType("by_worker"))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Start_WithABankSmallerThanAnAttempt_Is409()
    {
        await (await _coordinator.PostAsJsonAsync($"/api/v1/agents/{_agent.Id}/certification-types", DialectType(questions: 5))).JsonAsync();
        await AddQuestionsAsync("tosa_dialect", 3);

        await (await _worker.PostAsync("/api/v1/exams/tosa_dialect/attempts", null)).AssertProblemAsync(HttpStatusCode.Conflict, ExamAttempt.BankTooSmallCode);
    }

    [Fact]
    public async Task PersonalDataEntry_PassedExamWaitsForThePractical_AndTheRecordedPracticalIssuesIt()
    {
        var result = await TakeAsync(Factory, _worker, CertificationCodes.DataEntryPersonalData, rightAnswers: 8);
        Assert.Equal("AwaitingPractical", result.GetProperty("result").GetProperty("outcome").GetString());
        var reread = await (await _worker.GetAsync($"/api/v1/exams/attempts/{result.GetProperty("attemptId").GetString()}")).JsonAsync();
        Assert.Equal("AwaitingPractical", reread.GetProperty("result").GetProperty("outcome").GetString()); // the result page reloaded says the same
        var exam = (await (await _worker.GetAsync("/api/v1/exams")).JsonAsync()).EnumerateArray().Single(e => e.GetProperty("code").GetString() == CertificationCodes.DataEntryPersonalData);
        Assert.True(exam.GetProperty("awaitingPractical").GetBoolean());
        Assert.Equal(9950, exam.GetProperty("practical").GetProperty("minAccuracyBasisPoints").GetInt32());

        var workerId = (await (await _worker.GetAsync("/api/v1/me")).JsonAsync()).GetProperty("userId").GetGuid();
        var url = $"/api/v1/agents/{_agent.Id}/workers/{workerId}/certifications/{CertificationCodes.DataEntryPersonalData}/practical";
        var short_ = await (await _coordinator.PostAsJsonAsync(url, new { cellsCompared = 400, cellsCorrect = 396 })).JsonAsync(); // 99.0 %
        Assert.Equal(("None", false), (short_.GetProperty("outcome").GetString(), short_.GetProperty("meetsRequirement").GetBoolean()));
        await (await _coordinator.PostAsJsonAsync(url, new { cellsCompared = 10, cellsCorrect = 11 })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var met = await (await _coordinator.PostAsJsonAsync(url, new { cellsCompared = 400, cellsCorrect = 399 })).JsonAsync(); // 99.75 %
        Assert.Equal("Issued", met.GetProperty("outcome").GetString());
        Assert.Equal("Active", (await MineAsync(_worker, CertificationCodes.DataEntryPersonalData)).GetProperty("certification").GetProperty("state").GetString());

        await (await _coordinator.PostAsJsonAsync($"/api/v1/agents/{_agent.Id}/workers/{workerId}/certifications/{CertificationCodes.DataEntry}/practical", new { cellsCompared = 10, cellsCorrect = 10 }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "certification_has_no_practical");
    }
}
