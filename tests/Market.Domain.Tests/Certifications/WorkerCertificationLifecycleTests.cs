using Market.Domain.Certifications;
using Market.Domain.Common;
using static Market.Domain.Tests.Certifications.CertificationTestData;

namespace Market.Domain.Tests.Certifications;

public sealed class WorkerCertificationLifecycleTests
{
    private static WorkerCertification Issued() => WorkerCertification.Issue(WorkerId, AgentId, CertificationCodes.Confidentiality, Terms, Now);

    [Fact]
    public void Issue_SetsTheThreeDatesFromTheTerms()
    {
        var certification = Issued();

        Assert.Equal(Now, certification.IssuedAt);
        Assert.Equal(Now.AddMonths(12), certification.ValidUntil);
        Assert.Equal(Now.AddMonths(12).AddDays(-30), certification.RenewalOpensAt);
        Assert.Equal(Now.AddMonths(12).AddDays(14), certification.GraceEndsAt);
        Assert.IsType<CertificationIssued>(Assert.Single(certification.DomainEvents));
    }

    [Fact]
    public void StateAt_WalksActive_RenewalDue_InGrace_Expired_AtTheExactBoundaries()
    {
        var c = Issued();
        var tick = TimeSpan.FromTicks(1);

        Assert.Equal(CertificationState.Active, c.StateAt(Now));
        Assert.Equal(CertificationState.Active, c.StateAt(c.RenewalOpensAt - tick));
        Assert.Equal(CertificationState.RenewalDue, c.StateAt(c.RenewalOpensAt));
        Assert.Equal(CertificationState.RenewalDue, c.StateAt(c.ValidUntil - tick));
        Assert.Equal(CertificationState.InGrace, c.StateAt(c.ValidUntil));
        Assert.Equal(CertificationState.InGrace, c.StateAt(c.GraceEndsAt - tick));
        Assert.Equal(CertificationState.Expired, c.StateAt(c.GraceEndsAt));
    }

    [Fact]
    public void AllowsNewWork_UntilGraceEnds_NotAfter_AndNeverOnceRevoked()
    {
        var c = Issued();

        Assert.True(c.AllowsNewWorkAt(c.RenewalOpensAt.AddDays(1)));
        Assert.True(c.AllowsNewWorkAt(c.ValidUntil.AddDays(1))); // grace still allows new work (ADR 0015)
        Assert.False(c.AllowsNewWorkAt(c.GraceEndsAt));

        var revoked = Issued();
        revoked.Revoke(Guid.NewGuid(), "守秘義務違反（画面の撮影）", Now.AddDays(3));
        Assert.Equal(CertificationState.Revoked, revoked.StateAt(Now.AddDays(3)));
        Assert.False(revoked.AllowsNewWorkAt(Now.AddDays(3)));
    }

    [Fact]
    public void Renew_InTheWindow_ExtendsFromTheOldEndDate_SoRenewingEarlyLosesNothing()
    {
        var c = Issued();
        var oldEnd = c.ValidUntil;
        var startedAt = c.RenewalOpensAt.AddDays(2);

        c.Renew(Terms, startedAt, startedAt.AddMinutes(10));

        Assert.Equal(oldEnd.AddMonths(12), c.ValidUntil);
        Assert.Equal(oldEnd.AddMonths(12).AddDays(-30), c.RenewalOpensAt);
        Assert.Equal(oldEnd.AddMonths(12).AddDays(14), c.GraceEndsAt);
        Assert.Equal(1, c.RenewalCount);
        Assert.Equal(CertificationState.Active, c.StateAt(startedAt.AddMinutes(10)));
        Assert.Contains(c.DomainEvents, e => e is CertificationRenewed r && r.PreviousValidUntil == oldEnd);
    }

    [Fact]
    public void Renew_InGrace_StillExtendsFromTheOldEndDate_SoRenewingLateGainsNothing()
    {
        var c = Issued();
        var oldEnd = c.ValidUntil;
        var inGrace = oldEnd.AddDays(5);

        c.Renew(Terms, inGrace, inGrace.AddMinutes(10));

        Assert.Equal(oldEnd.AddMonths(12), c.ValidUntil);
        Assert.Equal(CertificationState.Active, c.StateAt(inGrace.AddMinutes(10)));
    }

    [Fact]
    public void Renew_BeforeTheWindowOpens_IsRefused()
    {
        var c = Issued();

        var refused = Assert.Throws<DomainRuleException>(() => c.Renew(Terms, c.RenewalOpensAt.AddDays(-1), c.RenewalOpensAt.AddDays(-1)));

        Assert.Equal(WorkerCertification.RenewalNotOpenCode, refused.Code);
    }

    [Fact]
    public void Renew_StartedAfterGraceEnded_IsRefused_ButStartedOnTheLastMinuteOfGraceCounts()
    {
        var late = Issued();
        Assert.Equal(
            WorkerCertification.RenewalClosedCode,
            Assert.Throws<DomainRuleException>(() => late.Renew(Terms, late.GraceEndsAt, late.GraceEndsAt.AddMinutes(5))).Code);

        var justInTime = Issued();
        justInTime.Renew(Terms, justInTime.GraceEndsAt.AddMinutes(-1), justInTime.GraceEndsAt.AddMinutes(15));
        Assert.Equal(1, justInTime.RenewalCount);
    }

    [Fact]
    public void Revoked_CannotBeRenewed_OrRevokedTwice_AndNeedsAReason()
    {
        Assert.Equal("certification_revocation_reason_required",
            Assert.Throws<UnprocessableInputException>(() => Issued().Revoke(Guid.NewGuid(), "  ", Now)).Code);

        var c = Issued();
        c.Revoke(Guid.NewGuid(), "個人情報の持ち出し", Now.AddDays(1));

        Assert.Equal(WorkerCertification.RevokedCode, Assert.Throws<DomainRuleException>(() => c.Revoke(Guid.NewGuid(), "again", Now.AddDays(2))).Code);
        Assert.Equal(WorkerCertification.RevokedCode, Assert.Throws<DomainRuleException>(() => c.Renew(Terms, c.RenewalOpensAt, c.RenewalOpensAt)).Code);
        Assert.Equal("個人情報の持ち出し", c.RevocationReason);
    }

    [Fact]
    public void RecordExpiry_OnlyOnceAndOnlyWhenExpired_AndReissueStartsAFreshPeriod()
    {
        var c = Issued();
        Assert.False(c.RecordExpiry(c.ValidUntil.AddDays(1))); // in grace: not expired yet
        Assert.True(c.RecordExpiry(c.GraceEndsAt));
        Assert.False(c.RecordExpiry(c.GraceEndsAt.AddDays(1)));
        Assert.Equal(c.GraceEndsAt, c.ExpiredAt);

        var again = c.GraceEndsAt.AddDays(20);
        c.Reissue(Terms, AgentId, again);

        Assert.Equal(again, c.IssuedAt);
        Assert.Equal(again.AddMonths(12), c.ValidUntil);
        Assert.Null(c.ExpiredAt);
        Assert.Equal(CertificationState.Active, c.StateAt(again));
    }

    [Fact]
    public void Reissue_WhileStillHeld_IsRefused()
    {
        var c = Issued();

        Assert.Equal(WorkerCertification.StillHeldCode, Assert.Throws<DomainRuleException>(() => c.Reissue(Terms, AgentId, c.ValidUntil.AddDays(1))).Code);
    }

    [Fact]
    public void Terms_AreValidated()
    {
        Assert.Equal("certification_renewal_window_too_long", Assert.Throws<UnprocessableInputException>(() => new CertificationTerms(1, 30, 14).Validate()).Code);
        Assert.Equal("certification_grace_out_of_range", Assert.Throws<UnprocessableInputException>(() => new CertificationTerms(12, 30, -1).Validate()).Code);
    }
}
