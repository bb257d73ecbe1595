using Market.Domain.Certifications;
using Market.Domain.Common;
using static Market.Domain.Tests.Certifications.CertificationTestData;

namespace Market.Domain.Tests.Certifications;

public sealed class ExamAttemptTests
{
    private static ExamAttempt Start(CertificationType type, DateTimeOffset at, WorkerCertification? held = null, IReadOnlyList<ExamAttempt>? earlier = null, int bank = 10) =>
        ExamAttempt.Start(ExamAttemptId.New(), WorkerId, AgentId, type, held, earlier ?? [], Bank(bank), new Random(11), at);

    [Fact]
    public void Start_DrawsNDistinctQuestionsFromTheBank_WithADeadlineFromTheTimeLimit()
    {
        var type = Type(questions: 5, minutes: 15);

        var attempt = Start(type, Now);

        Assert.Equal(5, attempt.Items.Select(i => i.QuestionId).Distinct().Count());
        Assert.All(attempt.Items, i => Assert.Contains(i.QuestionId, Bank(10)));
        Assert.Equal([1, 2, 3, 4, 5], attempt.Items.Select(i => i.Position));
        Assert.Equal(Now.AddMinutes(15), attempt.Deadline);
        Assert.Equal(ExamAttemptKind.Initial, attempt.Kind);
        Assert.Equal(ExamAttemptStatus.InProgress, attempt.Status);
    }

    [Fact]
    public void Draw_IsSpreadOverTheWholeBank()
    {
        var random = new Random(3);
        var seen = new HashSet<Guid>();
        for (var i = 0; i < 50; i++)
        {
            seen.UnionWith(ExamDraw.Pick(Bank(12), 4, random));
        }

        Assert.Equal(12, seen.Count);
    }

    [Fact]
    public void Start_WithABankSmallerThanN_IsRefused()
    {
        var refused = Assert.Throws<DomainRuleException>(() => Start(Type(questions: 5), Now, bank: 4));

        Assert.Equal(ExamAttempt.BankTooSmallCode, refused.Code);
    }

    [Fact]
    public void Submit_ScoresOnTheServerAgainstTheKey_AndPassesAtThePassMark()
    {
        var type = Type(questions: 5, passMark: 80);

        var fourRight = Finished(type, correct: 4, Now);
        var threeRight = Finished(type, correct: 3, Now);

        Assert.Equal((4, 80, true), (fourRight.CorrectCount, fourRight.ScorePercent, fourRight.Passed));
        Assert.Equal((3, 60, false), (threeRight.CorrectCount, threeRight.ScorePercent, threeRight.Passed));
        Assert.Equal(ExamAttemptStatus.Submitted, fourRight.Status);
    }

    [Fact]
    public void Submit_UnansweredQuestionsCountAsWrong()
    {
        var type = Type(questions: 3, passMark: 60);
        var attempt = Start(type, Now);
        attempt.Answer(attempt.Items[0].QuestionId, 1, 4, Now.AddMinutes(1));

        attempt.Submit(KeyFor(attempt), Now.AddMinutes(2));

        Assert.Equal((1, 33, false), (attempt.CorrectCount, attempt.ScorePercent, attempt.Passed));
    }

    [Fact]
    public void Answer_CanBeChangedBeforeTheDeadline_AtTheDeadlineStillCounts_AfterItIsRefused()
    {
        var type = Type(questions: 3, minutes: 10);
        var attempt = Start(type, Now);
        var q = attempt.Items[0].QuestionId;

        attempt.Answer(q, 0, 4, Now.AddMinutes(1));
        attempt.Answer(q, 1, 4, attempt.Deadline);
        var late = Assert.Throws<DomainRuleException>(() => attempt.Answer(q, 2, 4, attempt.Deadline.AddSeconds(1)));

        Assert.Equal(ExamAttempt.TimeOverCode, late.Code);
        Assert.Equal(1, attempt.Items[0].ChosenOption);
    }

    [Fact]
    public void Answer_ToAQuestionNotDrawn_OrAnOptionOutOfRange_IsRefused()
    {
        var attempt = Start(Type(questions: 3), Now);

        Assert.Equal(ExamAttempt.QuestionNotInAttemptCode,
            Assert.Throws<DomainRuleException>(() => attempt.Answer(Guid.NewGuid(), 0, 4, Now)).Code);
        Assert.Equal(ExamAttempt.OptionOutOfRangeCode,
            Assert.Throws<UnprocessableInputException>(() => attempt.Answer(attempt.Items[0].QuestionId, 4, 4, Now)).Code);
    }

    [Fact]
    public void Submit_AfterTheDeadline_IsScoredAsSubmittedAtTheDeadline_WithTheAnswersSavedInTime()
    {
        var type = Type(questions: 3, passMark: 60, minutes: 10);
        var attempt = Start(type, Now);
        attempt.Answer(attempt.Items[0].QuestionId, 1, 4, Now.AddMinutes(2));
        attempt.Answer(attempt.Items[1].QuestionId, 1, 4, Now.AddMinutes(3));
        Assert.True(attempt.IsOverdue(Now.AddMinutes(11)));

        attempt.Submit(KeyFor(attempt), Now.AddHours(5));

        Assert.Equal(ExamAttemptStatus.TimedOut, attempt.Status);
        Assert.Equal(attempt.Deadline, attempt.FinishedAt);
        Assert.Equal((2, true), (attempt.CorrectCount, attempt.Passed));
    }

    [Fact]
    public void Submit_Twice_IsRefused_AndAnswersAfterSubmitAreRefused()
    {
        var attempt = Finished(Type(questions: 3), correct: 3, Now);

        Assert.Equal(ExamAttempt.FinishedCode, Assert.Throws<DomainRuleException>(() => attempt.Submit(KeyFor(attempt), Now.AddMinutes(2))).Code);
        Assert.Equal(ExamAttempt.FinishedCode, Assert.Throws<DomainRuleException>(() => attempt.Answer(attempt.Items[0].QuestionId, 0, 4, Now.AddMinutes(2))).Code);
    }

    [Fact]
    public void Start_WhileAnotherAttemptIsInProgress_IsRefused()
    {
        var type = Type();
        var open = Start(type, Now);

        Assert.Equal(ExamAttempt.InProgressCode, Assert.Throws<DomainRuleException>(() => Start(type, Now.AddMinutes(1), earlier: [open])).Code);
    }

    [Fact]
    public void Start_AfterNFailuresInARow_WaitsForTheCooldown_ThenAllowsNMoreTries()
    {
        var type = Type(questions: 3, passMark: 100, attempts: 3, cooldownHours: 72);
        var history = new List<ExamAttempt>();
        for (var i = 0; i < 3; i++)
        {
            history.Add(Finished(type, correct: 1, Now.AddHours(i), earlier: history));
        }

        var lastFailure = history[^1].FinishedAt!.Value;
        var refused = Assert.Throws<DomainRuleException>(() => Start(type, lastFailure.AddHours(71), earlier: history));
        Assert.Equal(ExamAttempt.CooldownCode, refused.Code);
        Assert.Equal(lastFailure.AddHours(72), ExamRetryPolicy.CooldownUntil(type.Exam, history));

        history.Add(Finished(type, correct: 1, lastFailure.AddHours(72), earlier: history)); // fourth: allowed after the cool-down
        Assert.Null(ExamRetryPolicy.CooldownUntil(type.Exam, history));
        Assert.Equal(1, ExamRetryPolicy.FailuresTowardsCooldown(type.Exam, history));
    }

    [Fact]
    public void Cooldown_CountsOnlyFailuresSinceTheLastPass()
    {
        var type = Type(questions: 3, passMark: 100, attempts: 2);
        var history = new List<ExamAttempt>
        {
            Finished(type, correct: 0, Now),
            Finished(type, correct: 3, Now.AddHours(1)),
            Finished(type, correct: 0, Now.AddHours(2)),
        };

        Assert.Null(ExamRetryPolicy.CooldownUntil(type.Exam, history));
    }

    [Fact]
    public void KindFor_FollowsTheHeldCertification()
    {
        var type = Type();
        var held = WorkerCertification.Issue(WorkerId, AgentId, type.Code, Terms, Now);

        Assert.Equal(ExamAttemptKind.Initial, ExamAttempt.KindFor(type, null, Now));
        Assert.Equal(WorkerCertification.RenewalNotOpenCode,
            Assert.Throws<DomainRuleException>(() => ExamAttempt.KindFor(type, held, held.RenewalOpensAt.AddDays(-1))).Code);
        Assert.Equal(ExamAttemptKind.Renewal, ExamAttempt.KindFor(type, held, held.RenewalOpensAt));
        Assert.Equal(ExamAttemptKind.Renewal, ExamAttempt.KindFor(type, held, held.ValidUntil.AddDays(3)));
        Assert.Equal(ExamAttemptKind.Initial, ExamAttempt.KindFor(type, held, held.GraceEndsAt));

        held.Revoke(Guid.NewGuid(), "cause", Now.AddDays(1));
        Assert.Equal(WorkerCertification.RevokedCode, Assert.Throws<DomainRuleException>(() => ExamAttempt.KindFor(type, held, Now.AddDays(2))).Code);
    }

    [Fact]
    public void DefineForAgent_RefusesPlatformCodes_BadCodes_AndOutOfRangeRules()
    {
        ExamRules rules = new(3, 80, TimeSpan.FromMinutes(20), 3, TimeSpan.FromHours(24));
        CertificationType Define(string code, ExamRules? exam = null) => CertificationType.DefineForAgent(
            CertificationTypeId.New(), AgentId, code, "名", "Name", null, null, exam ?? rules, Terms, null, Now);

        Assert.Equal("certification_code_reserved", Assert.Throws<UnprocessableInputException>(() => Define(CertificationCodes.DataEntry)).Code);
        Assert.Equal("certification_code_invalid", Assert.Throws<UnprocessableInputException>(() => Define("Bad Code")).Code);
        Assert.Equal("exam_pass_mark_out_of_range", Assert.Throws<UnprocessableInputException>(() => Define("ok_code", rules with { PassMarkPercent = 0 })).Code);
        Assert.Equal("ok_code", Define(" ok_code ").Code);
    }

    [Fact]
    public void Availability_SaysWhyNotAndFromWhen()
    {
        var type = Type(questions: 3, passMark: 100, attempts: 1, cooldownHours: 24);
        var held = WorkerCertification.Issue(WorkerId, AgentId, type.Code, Terms, Now);

        var early = ExamAttempt.Availability(type, held, [], 10, Now.AddDays(1));
        Assert.Equal((WorkerCertification.RenewalNotOpenCode, held.RenewalOpensAt), (early.Refusal!.Code, early.AvailableFrom));

        var failed = Finished(type, correct: 0, held.RenewalOpensAt, held);
        var cooling = ExamAttempt.Availability(type, held, [failed], 10, held.RenewalOpensAt.AddHours(1));
        Assert.Equal((ExamAttempt.CooldownCode, ExamAttemptKind.Renewal), (cooling.Refusal!.Code, cooling.Kind));
        Assert.Equal(failed.FinishedAt!.Value.AddHours(24), cooling.AvailableFrom);

        var open = ExamAttempt.Availability(type, held, [failed], 10, failed.FinishedAt!.Value.AddHours(24));
        Assert.True(open.CanStart);
        Assert.Equal(ExamAttemptKind.Renewal, open.Kind);
    }
}
