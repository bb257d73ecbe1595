using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Tests.Support;
using Market.Domain.Workers;

namespace Market.Domain.Tests.Workers;

public class WorkerProfileTests
{
    private static readonly DateTimeOffset At = AgentLayer.Now;
    private static readonly Guid UserId = AgentLayer.WorkerUserId(1);

    private static WorkerProfile Register(
        int hoursPerWeek = 20,
        int maxConcurrentUnits = 3,
        string prefecture = "高知県",
        string municipality = "四万十町",
        JobType[]? skills = null) =>
        WorkerProfile.Register(UserId, AgentLayer.LeadAgentId, prefecture, municipality, hoursPerWeek, maxConcurrentUnits, skills ?? [JobType.Transcription], At);

    [Fact]
    public void Register_WhenValid_StartsActiveOnTrialSinceNowAndRaisesEvent()
    {
        var profile = Register(skills: [JobType.WebEdit, JobType.Transcription, JobType.WebEdit]);

        Assert.Equal(UserId, profile.UserId);
        Assert.Equal(AgentLayer.LeadAgentId, profile.AgentId);
        Assert.Equal(MembershipStatus.Active, profile.Status);
        Assert.Equal(WorkerTier.Trial, profile.Tier);
        Assert.Equal(At, profile.TierSince);
        Assert.Equal([JobType.Transcription, JobType.WebEdit], profile.Skills);
        Assert.Equal(("高知県", "四万十町"), (profile.Prefecture, profile.Municipality));
        Assert.Equal(new WorkerRegistered(UserId, AgentLayer.LeadAgentId, At), Assert.Single(profile.DomainEvents));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(60, 10)]
    public void SetAvailability_AtTheLimits_IsStored(int hours, int units)
    {
        var profile = Register();

        profile.SetAvailability(hours, units);

        Assert.Equal((hours, units), (profile.HoursPerWeek, profile.MaxConcurrentUnits));
    }

    [Theory]
    [InlineData(0, 3, "worker_hours_per_week_out_of_range")]
    [InlineData(61, 3, "worker_hours_per_week_out_of_range")]
    [InlineData(20, 0, "worker_max_concurrent_units_out_of_range")]
    [InlineData(20, 11, "worker_max_concurrent_units_out_of_range")]
    public void SetAvailability_OutOfRange_IsRefusedAndChangesNothing(int hours, int units, string code)
    {
        var profile = Register(hoursPerWeek: 20, maxConcurrentUnits: 3);

        var refusal = Assert.Throws<UnprocessableInputException>(() => profile.SetAvailability(hours, units));

        Assert.Equal(code, refusal.Code);
        Assert.Equal((20, 3), (profile.HoursPerWeek, profile.MaxConcurrentUnits));
    }

    [Fact]
    public void Register_WithUnknownPrefecture_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => Register(prefecture: "高知"));

        Assert.Equal("worker_prefecture_unknown", refusal.Code);
    }

    [Fact]
    public void Register_WithoutMunicipality_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => Register(municipality: " "));

        Assert.Equal("worker_municipality_required", refusal.Code);
    }

    [Fact]
    public void SetSkills_WithUnknownJobType_IsRefused()
    {
        var profile = Register();

        var refusal = Assert.Throws<UnprocessableInputException>(() => profile.SetSkills([(JobType)99]));

        Assert.Equal("worker_skill_unknown", refusal.Code);
        Assert.Equal([JobType.Transcription], profile.Skills);
    }

    [Fact]
    public void ChangeTier_ToAnotherTier_MovesTierSinceAndRaisesEvent()
    {
        var profile = Register();
        profile.ClearDomainEvents();

        profile.ChangeTier(WorkerTier.A, At.AddMonths(2));

        Assert.Equal(WorkerTier.A, profile.Tier);
        Assert.Equal(At.AddMonths(2), profile.TierSince);
        Assert.Equal(new WorkerTierChanged(UserId, AgentLayer.LeadAgentId, WorkerTier.Trial, WorkerTier.A, At.AddMonths(2)), Assert.Single(profile.DomainEvents));
    }

    [Fact]
    public void ChangeTier_ToTheSameTier_KeepsTierSinceAndRaisesNothing()
    {
        var profile = Register();
        profile.ChangeTier(WorkerTier.B, At.AddMonths(1));
        profile.ClearDomainEvents();

        profile.ChangeTier(WorkerTier.B, At.AddMonths(2));

        Assert.Equal(At.AddMonths(1), profile.TierSince);
        Assert.Empty(profile.DomainEvents);
    }

    [Fact]
    public void Suspend_WhenActive_SuspendsWithReasonAndRaisesEvent()
    {
        var profile = Register();
        profile.ClearDomainEvents();

        profile.Suspend("納品物に他人の個人情報を転記", At);

        Assert.Equal(MembershipStatus.Suspended, profile.Status);
        Assert.False(profile.IsActive);
        Assert.Equal("納品物に他人の個人情報を転記", profile.StatusReason);
        Assert.Equal(new WorkerSuspended(UserId, AgentLayer.LeadAgentId, "納品物に他人の個人情報を転記", At), Assert.Single(profile.DomainEvents));
    }

    [Fact]
    public void Suspend_WithoutReason_IsRefused()
    {
        var profile = Register();

        var refusal = Assert.Throws<UnprocessableInputException>(() => profile.Suspend("", At));

        Assert.Equal("worker_suspension_reason_required", refusal.Code);
        Assert.True(profile.IsActive);
    }

    [Fact]
    public void Suspend_WhenAlreadySuspended_IsRefused()
    {
        var profile = Register();
        profile.Suspend("理由", At);

        var refusal = Assert.Throws<DomainRuleException>(() => profile.Suspend("理由", At));

        Assert.Equal("worker_not_active", refusal.Code);
    }

    [Fact]
    public void Reinstate_WhenSuspended_IsActiveAgainAndRaisesEvent()
    {
        var profile = Register();
        profile.Suspend("理由", At);

        profile.Reinstate(At.AddDays(7));

        Assert.True(profile.IsActive);
        Assert.Null(profile.StatusReason);
        Assert.Equal(At.AddDays(7), profile.StatusChangedAt);
        Assert.IsType<WorkerReinstated>(profile.DomainEvents[^1]);
    }

    [Fact]
    public void Reinstate_WhenActive_IsRefused()
    {
        var refusal = Assert.Throws<DomainRuleException>(() => Register().Reinstate(At));

        Assert.Equal("worker_not_suspended", refusal.Code);
    }

    [Fact]
    public void Leave_WhenSuspended_EndsTheMembership()
    {
        var profile = Register();
        profile.Suspend("理由", At);

        profile.Leave(At.AddDays(1));

        Assert.Equal(MembershipStatus.Left, profile.Status);
        Assert.IsType<WorkerLeft>(profile.DomainEvents[^1]);
    }

    [Fact]
    public void AfterLeaving_ProfileChangesAndReinstatementAreRefused()
    {
        var profile = Register();
        profile.Leave(At);

        Assert.Equal("worker_has_left", Assert.Throws<DomainRuleException>(() => profile.Leave(At)).Code);
        Assert.Equal("worker_has_left", Assert.Throws<DomainRuleException>(() => profile.SetAvailability(10, 1)).Code);
        Assert.Equal("worker_has_left", Assert.Throws<DomainRuleException>(() => profile.ChangeTier(WorkerTier.S, At)).Code);
        Assert.Equal("worker_not_suspended", Assert.Throws<DomainRuleException>(() => profile.Reinstate(At)).Code);
    }
}
