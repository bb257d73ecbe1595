using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Market.Web.Tests.Support;

/// <summary>
/// The worker's certifications and exams in the fake API: three held certifications in different states, four exams
/// (one renewable, one still held, one in a cool-down, one to take), and attempts that keep the answers they are sent.
/// The fake's answer key is option 0; the real scoring has its own tests in the API.
/// </summary>
public sealed class FakeCertificationsApi
{
    public const int PassMarkPercent = 80;
    public static readonly DateTimeOffset Now = MarketWebFactory.DefaultNow;

    private readonly ConcurrentDictionary<Guid, Attempt> attempts = new();
    private readonly ConcurrentQueue<(int Status, string Code, string Detail)> startProblems = new();

    /// <summary>While set, the attempts' deadline has passed: answers are refused and submit scores as at the deadline.</summary>
    public bool TimeOver { get; set; }

    /// <summary>Every answer the API accepted, in order, as (question, option).</summary>
    public ConcurrentQueue<(Guid QuestionId, int Option)> AnswersReceived { get; } = new();

    public void RefuseNextStart(int status, string code, string detail) => startProblems.Enqueue((status, code, detail));

    /// <summary>Back to no attempts, in time, nothing received (each test starts from here).</summary>
    public void Reset()
    {
        attempts.Clear();
        startProblems.Clear();
        AnswersReceived.Clear();
        TimeOver = false;
    }

    internal void Map(RouteGroupBuilder v1, Func<HttpContext, FakeApiUser?> caller)
    {
        v1.MapGet("/me/certifications", (HttpContext context) => caller(context) is null ? Results.Unauthorized() : Results.Ok(Held()));
        v1.MapGet("/exams", (HttpContext context) => caller(context) is null ? Results.Unauthorized() : Results.Ok(Exams()));
        v1.MapPost("/exams/{code}/attempts", (HttpContext context, string code) =>
        {
            if (caller(context) is null)
            {
                return Results.Unauthorized();
            }

            if (startProblems.TryDequeue(out var problem))
            {
                return Problem(problem.Status, problem.Code, problem.Detail);
            }

            var attempt = new Attempt(Guid.NewGuid(), code, code == "data_entry" ? "Renewal" : "Initial", Now,
                [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()]);
            attempts[attempt.Id] = attempt;
            return Results.Created($"/api/v1/exams/attempts/{attempt.Id}", View(attempt));
        });
        v1.MapGet("/exams/attempts/{id:guid}", (HttpContext context, Guid id) =>
            caller(context) is null ? Results.Unauthorized()
            : attempts.TryGetValue(id, out var attempt) ? Results.Ok(View(attempt))
            : Problem(404, "exam_attempt_not_found", "No such exam attempt."));
        v1.MapPut("/exams/attempts/{id:guid}/answers/{questionId:guid}", async (HttpContext context, Guid id, Guid questionId) =>
        {
            if (caller(context) is null)
            {
                return Results.Unauthorized();
            }

            if (!attempts.TryGetValue(id, out var attempt))
            {
                return Problem(404, "exam_attempt_not_found", "No such exam attempt.");
            }

            if (attempt.Status != "InProgress")
            {
                return Problem(409, "exam_attempt_finished", "The attempt is finished.");
            }

            if (TimeOver)
            {
                return Problem(409, "exam_time_over", "The time limit has passed.");
            }

            if (!attempt.Questions.Contains(questionId))
            {
                return Problem(409, "exam_question_not_in_attempt", "That question is not in this attempt.");
            }

            var body = await context.Request.ReadFromJsonAsync<AnswerBody>();
            attempt.Chosen[questionId] = body!.Option;
            AnswersReceived.Enqueue((questionId, body.Option));
            return Results.Ok(View(attempt));
        });
        v1.MapPost("/exams/attempts/{id:guid}/submit", (HttpContext context, Guid id) =>
        {
            if (caller(context) is null)
            {
                return Results.Unauthorized();
            }

            if (!attempts.TryGetValue(id, out var attempt))
            {
                return Problem(404, "exam_attempt_not_found", "No such exam attempt.");
            }

            if (attempt.Status != "InProgress")
            {
                return Problem(409, "exam_attempt_finished", "The attempt is finished.");
            }

            attempt.Status = TimeOver ? "TimedOut" : "Submitted";
            return Results.Ok(View(attempt));
        });
    }

    private static object Certification(string state, DateTimeOffset validUntil, string? revocationReason = null) => new
    {
        state,
        allowsNewWork = state is "Active" or "RenewalDue" or "InGrace",
        issuedAt = validUntil.AddMonths(-12),
        validUntil,
        renewalOpensAt = validUntil.AddDays(-30),
        graceEndsAt = validUntil.AddDays(14),
        renewalCount = 0,
        lastRenewedAt = (DateTimeOffset?)null,
        revokedAt = revocationReason is null ? (DateTimeOffset?)null : Now.AddDays(-3),
        revocationReason,
    };

    private static object[] Held() =>
    [
        new { code = "confidentiality", nameJa = "守秘義務・個人情報取扱い", nameEn = "Confidentiality and personal information", certification = Certification("Active", new DateTimeOffset(2027, 6, 1, 3, 0, 0, TimeSpan.Zero)) },
        new { code = "data_entry", nameJa = "データ入力", nameEn = "Data entry", certification = Certification("InGrace", Now.AddDays(-2)) },
        new { code = "transcription_l1", nameJa = "文字起こし L1", nameEn = "Transcription L1", certification = Certification("Revoked", Now.AddMonths(6), "原票の写真をSNSに投稿") },
    ];

    private object[] Exams()
    {
        object Exam(string code, string nameJa, string nameEn, bool canStart, string? kind, object? refusal = null, DateTimeOffset? availableFrom = null, object? certification = null) => new
        {
            code, platform = true, nameJa, nameEn, descriptionJa = nameJa + "の試験です。", descriptionEn = $"The {nameEn} exam.",
            questionsPerAttempt = 3, passMarkPercent = PassMarkPercent, timeLimitMinutes = 20, attemptsBeforeCooldown = 3, cooldownHours = 72,
            validityMonths = 12, renewalWindowDays = 30, graceDays = 14, practical = (object?)null, certification,
            canStart = canStart && !attempts.Values.Any(a => a.Code == code && a.Status == "InProgress"),
            nextAttemptKind = kind, refusal, availableFrom, failuresTowardsCooldown = 0,
            inProgressAttemptId = attempts.Values.FirstOrDefault(a => a.Code == code && a.Status == "InProgress")?.Id,
            awaitingPractical = false,
        };

        return
        [
            Exam("confidentiality", "守秘義務・個人情報取扱い", "Confidentiality and personal information", false, "Renewal",
                new { code = "certification_renewal_not_open", message = "Renewal opens on 2027-05-02." }, new DateTimeOffset(2027, 5, 2, 3, 0, 0, TimeSpan.Zero)),
            Exam("data_entry", "データ入力", "Data entry", true, "Renewal"),
            Exam("transcription_l2", "文字起こし L2", "Transcription L2", false, null,
                new { code = "exam_cooldown", message = "After 3 failed attempts in a row, wait 72 hours." }, Now.AddHours(30)),
            Exam("web_editing", "Web更新", "Web editing", true, "Initial"),
        ];
    }

    private object View(Attempt attempt)
    {
        var finished = attempt.Status != "InProgress";
        var correct = attempt.Chosen.Count(pair => pair.Value == 0);
        var score = correct * 100 / attempt.Questions.Length;
        return new
        {
            attemptId = attempt.Id,
            code = attempt.Code,
            kind = attempt.Kind,
            status = attempt.Status,
            startedAt = attempt.StartedAt,
            deadline = attempt.StartedAt.AddMinutes(20),
            secondsLeft = finished || TimeOver ? 0 : 20 * 60,
            questions = attempt.Questions.Select((id, index) => new
            {
                questionId = id,
                position = index + 1, // 1-based, as the API numbers them
                promptJa = "個人情報を含む原票の扱いとして正しいものは？",
                promptEn = "How do you handle source sheets with personal data?",
                options = new[] { ("作業後すぐに削除する", "Delete it right after the work"), ("私用端末に保存する", "Keep it on a private device"), ("家族に見せる", "Show it to family") }
                    .Select((o, index) => new { index, ja = o.Item1, en = o.Item2 }),
                chosenOption = attempt.Chosen.TryGetValue(id, out var chosen) ? chosen : (int?)null,
            }),
            result = finished
                ? new
                {
                    correctCount = correct,
                    scorePercent = score,
                    passMarkPercent = PassMarkPercent,
                    passed = score >= PassMarkPercent,
                    finishedAt = TimeOver ? attempt.StartedAt.AddMinutes(20) : Now,
                    outcome = score < PassMarkPercent ? "None" : attempt.Kind == "Renewal" ? "Renewed" : "Issued",
                    certification = score < PassMarkPercent ? null : Certification("Active", Now.AddMonths(12)),
                }
                : null,
        };
    }

    private static IResult Problem(int status, string code, string detail) => FakeMarketApi.Problem(status, code, "Refused.", null, detail);

    private sealed record AnswerBody(int Option);

    private sealed class Attempt(Guid id, string code, string kind, DateTimeOffset startedAt, Guid[] questions)
    {
        public Guid Id { get; } = id;

        public string Code { get; } = code;

        public string Kind { get; } = kind;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public Guid[] Questions { get; } = questions;

        public ConcurrentDictionary<Guid, int> Chosen { get; } = new();

        public string Status { get; set; } = "InProgress";
    }
}
