using Market.Domain.Certifications;
using static Market.Domain.Tests.Certifications.CertificationTestData;

namespace Market.Domain.Tests.Certifications;

public sealed class CertificationIssuanceTests
{
    [Fact]
    public void AfterScoring_APassedInitialExam_IssuesForOneValidityPeriod()
    {
        var type = Type(questions: 3, passMark: 60);
        var attempt = Finished(type, correct: 2, Now);

        var result = CertificationIssuance.AfterScoring(attempt, type, null, null, Now.AddMinutes(1));

        Assert.Equal(IssuanceOutcome.Issued, result.Outcome);
        Assert.Equal(Now.AddMinutes(1).AddMonths(12), result.Certification!.ValidUntil);
        Assert.Equal(type.Code, result.Certification.Code);
    }

    [Fact]
    public void AfterScoring_AFailedExam_ChangesNothing()
    {
        var type = Type(questions: 3, passMark: 100);

        var result = CertificationIssuance.AfterScoring(Finished(type, correct: 2, Now), type, null, null, Now);

        Assert.Equal(IssuanceOutcome.None, result.Outcome);
        Assert.Null(result.Certification);
    }

    [Fact]
    public void AfterScoring_APassedRenewal_Renews()
    {
        var type = Type(questions: 3, passMark: 60);
        var held = WorkerCertification.Issue(WorkerId, AgentId, type.Code, type.Terms, Now);
        var oldEnd = held.ValidUntil;
        var attempt = Finished(type, correct: 3, held.RenewalOpensAt.AddDays(1), held);

        var result = CertificationIssuance.AfterScoring(attempt, type, held, null, attempt.FinishedAt!.Value);

        Assert.Equal(ExamAttemptKind.Renewal, attempt.Kind);
        Assert.Equal(IssuanceOutcome.Renewed, result.Outcome);
        Assert.Equal(oldEnd.AddMonths(12), held.ValidUntil);
    }

    [Fact]
    public void Practical_IsRequiredForTheFirstIssue_AndIssuesOnceMet_WithinThePassValidity()
    {
        var type = Type(questions: 3, passMark: 60, practical: new PracticalTest(9_800, 200));
        var attempt = Finished(type, correct: 3, Now);

        var waiting = CertificationIssuance.AfterScoring(attempt, type, null, null, Now.AddMinutes(1));
        Assert.Equal(IssuanceOutcome.AwaitingPractical, waiting.Outcome);

        var tooFewCells = PracticalResult.Record(WorkerId, type.Code, 150, 150, Now.AddDays(1));
        Assert.Equal(IssuanceOutcome.None, CertificationIssuance.AfterPractical(type, AgentId, null, attempt, tooFewCells, Now.AddDays(1)).Outcome);
        var tooInaccurate = PracticalResult.Record(WorkerId, type.Code, 300, 290, Now.AddDays(1)); // 96.66 %
        Assert.Equal(IssuanceOutcome.None, CertificationIssuance.AfterPractical(type, AgentId, null, attempt, tooInaccurate, Now.AddDays(1)).Outcome);

        var good = PracticalResult.Record(WorkerId, type.Code, 300, 295, Now.AddDays(2)); // 98.33 %
        var issued = CertificationIssuance.AfterPractical(type, AgentId, null, attempt, good, Now.AddDays(2));
        Assert.Equal(IssuanceOutcome.Issued, issued.Outcome);
        Assert.Equal(Now.AddDays(2).AddMonths(12), issued.Certification!.ValidUntil);

        var stale = CertificationIssuance.AfterPractical(type, AgentId, null, attempt, good, attempt.FinishedAt!.Value.AddDays(91));
        Assert.Equal(IssuanceOutcome.None, stale.Outcome);
    }

    [Fact]
    public void Practical_AlreadyMetWhenTheExamPasses_IssuesAtOnce_AndRenewalNeedsNoPractical()
    {
        var type = Type(questions: 3, passMark: 60, practical: new PracticalTest(9_800, 200));
        var good = PracticalResult.Record(WorkerId, type.Code, 500, 499, Now);

        var issued = CertificationIssuance.AfterScoring(Finished(type, correct: 3, Now), type, null, good, Now.AddMinutes(1));
        Assert.Equal(IssuanceOutcome.Issued, issued.Outcome);

        var held = issued.Certification!;
        var renewal = Finished(type, correct: 3, held.RenewalOpensAt, held);
        Assert.Equal(IssuanceOutcome.Renewed, CertificationIssuance.AfterScoring(renewal, type, held, null, renewal.FinishedAt!.Value).Outcome);
    }

    [Fact]
    public void AfterScoring_APassedInitialExamAfterExpiry_Reissues()
    {
        var type = Type(questions: 3, passMark: 60);
        var held = WorkerCertification.Issue(WorkerId, AgentId, type.Code, type.Terms, Now);
        var later = held.GraceEndsAt.AddDays(3);
        var attempt = Finished(type, correct: 3, later, held);

        var result = CertificationIssuance.AfterScoring(attempt, type, held, null, attempt.FinishedAt!.Value);

        Assert.Equal(ExamAttemptKind.Initial, attempt.Kind);
        Assert.Equal(IssuanceOutcome.Issued, result.Outcome);
        Assert.Same(held, result.Certification);
        Assert.Equal(CertificationState.Active, held.StateAt(attempt.FinishedAt!.Value));
    }

    [Fact]
    public void AfterScoring_ARenewalPassedAfterTheCertificationWasRevokedMeanwhile_RenewsNothing_AndDoesNotThrow()
    {
        var type = Type(questions: 3, passMark: 60);
        var held = WorkerCertification.Issue(WorkerId, AgentId, type.Code, type.Terms, Now);
        var attempt = ExamAttempt.Start(ExamAttemptId.New(), WorkerId, AgentId, type, held, [], Bank(10), new Random(1), held.RenewalOpensAt);
        held.Revoke(Guid.NewGuid(), "不正の疑い", held.RenewalOpensAt.AddMinutes(1));
        foreach (var item in attempt.Items.ToList())
        {
            attempt.Answer(item.QuestionId, 1, 4, held.RenewalOpensAt.AddMinutes(2));
        }

        attempt.Submit(KeyFor(attempt), held.RenewalOpensAt.AddMinutes(3));
        var result = CertificationIssuance.AfterScoring(attempt, type, held, null, held.RenewalOpensAt.AddMinutes(3));

        Assert.True(attempt.Passed);
        Assert.Equal(IssuanceOutcome.None, result.Outcome);
        Assert.Equal(CertificationState.Revoked, held.StateAt(held.RenewalOpensAt.AddMinutes(3)));
    }
}
