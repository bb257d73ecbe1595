using Market.Domain.Certifications;
using static Market.Domain.Tests.Certifications.CertificationTestData;

namespace Market.Domain.Tests.Certifications;

public sealed class RenewalRemindersTests
{
    private static readonly WorkerCertification Certification = WorkerCertification.Issue(WorkerId, AgentId, CertificationCodes.DataEntry, Terms, Now);

    [Theory]
    [InlineData(40, null)]
    [InlineData(30.5, null)]
    [InlineData(30, 30)]
    [InlineData(8, 30)]
    [InlineData(7, 7)]
    [InlineData(5, 7)]
    [InlineData(1, 1)]
    [InlineData(0.1, 1)]
    public void Due_BeforeTheEnd_IsTheNearestThresholdReached(double daysLeft, int? expected)
    {
        var reminder = RenewalReminders.Due(Certification, Certification.ValidUntil - TimeSpan.FromDays(daysLeft));

        Assert.Equal(expected, reminder?.DaysBefore);
        if (expected is { } days)
        {
            Assert.Equal(ReminderKind.BeforeExpiry, reminder!.Kind);
            Assert.EndsWith($":before-{days}d", reminder.DedupeKey, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Due_InGraceAndAfterIt_AreTheGraceAndExpiredNotices()
    {
        Assert.Equal(ReminderKind.InGrace, RenewalReminders.Due(Certification, Certification.ValidUntil.AddDays(1))!.Kind);
        Assert.Equal(ReminderKind.Expired, RenewalReminders.Due(Certification, Certification.GraceEndsAt)!.Kind);
    }

    [Fact]
    public void DedupeKey_IsStableWithinAPeriod_AndNewAfterRenewal()
    {
        var c = WorkerCertification.Issue(WorkerId, AgentId, CertificationCodes.DataEntry, Terms, Now);
        var at = c.ValidUntil.AddDays(-6);
        var first = RenewalReminders.Due(c, at)!.DedupeKey;
        Assert.Equal(first, RenewalReminders.Due(c, at.AddHours(20))!.DedupeKey);

        c.Renew(Terms, at, at);
        var nextCycle = RenewalReminders.Due(c, c.ValidUntil.AddDays(-6))!.DedupeKey;

        Assert.NotEqual(first, nextCycle);
        Assert.Null(RenewalReminders.Due(c, at.AddDays(1))); // renewed: nothing is due for a year
    }

    [Fact]
    public void Due_ForARevokedCertification_IsNothing()
    {
        var c = WorkerCertification.Issue(WorkerId, AgentId, CertificationCodes.DataEntry, Terms, Now);
        c.Revoke(Guid.NewGuid(), "reason", Now);

        Assert.Null(RenewalReminders.Due(c, c.ValidUntil.AddDays(-1)));
    }
}
