using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Workers;

namespace Market.Domain.Tests.Money;

public class PayoutScheduleTests
{
    public static TheoryData<WorkerTier, PayoutSchedule[]> AllowedByTier => new()
    {
        { WorkerTier.Trial, [PayoutSchedule.Monthly] },
        { WorkerTier.B, [PayoutSchedule.Monthly] },
        { WorkerTier.A, [PayoutSchedule.Monthly, PayoutSchedule.SemiMonthly] },
        { WorkerTier.S, [PayoutSchedule.Monthly, PayoutSchedule.SemiMonthly, PayoutSchedule.Daily] },
    };

    [Theory]
    [MemberData(nameof(AllowedByTier))]
    public void Allowed_ForEachTier_FollowsTheTrackRecord(WorkerTier tier, PayoutSchedule[] expected)
    {
        Assert.Equal(expected, PayoutSchedulePolicy.Allowed(tier));
    }

    [Theory]
    [InlineData(WorkerTier.Trial, PayoutSchedule.SemiMonthly)]
    [InlineData(WorkerTier.Trial, PayoutSchedule.Daily)]
    [InlineData(WorkerTier.B, PayoutSchedule.SemiMonthly)]
    [InlineData(WorkerTier.A, PayoutSchedule.Daily)]
    public void ChangeSchedule_WhenTheTierDoesNotAllowIt_IsRefused(WorkerTier tier, PayoutSchedule requested)
    {
        var exception = Assert.Throws<DomainRuleException>(() => PayoutSchedulePolicy.ChangeSchedule(PayoutSchedule.Monthly, requested, tier));

        Assert.Equal("payout_schedule_not_allowed", exception.Code);
    }

    [Theory]
    [InlineData(WorkerTier.A, PayoutSchedule.Monthly, PayoutSchedule.SemiMonthly)]
    [InlineData(WorkerTier.S, PayoutSchedule.Monthly, PayoutSchedule.Daily)]
    [InlineData(WorkerTier.S, PayoutSchedule.Daily, PayoutSchedule.Monthly)]
    [InlineData(WorkerTier.Trial, PayoutSchedule.Monthly, PayoutSchedule.Monthly)]
    public void ChangeSchedule_WhenAllowed_ReturnsTheRequestedSchedule(WorkerTier tier, PayoutSchedule current, PayoutSchedule requested)
    {
        Assert.Equal(requested, PayoutSchedulePolicy.ChangeSchedule(current, requested, tier));
    }

    [Fact]
    public void ChangeSchedule_WhenUnknown_IsRefusedAsInput()
    {
        var exception = Assert.Throws<UnprocessableInputException>(() => PayoutSchedulePolicy.ChangeSchedule(PayoutSchedule.Monthly, (PayoutSchedule)7, WorkerTier.S));

        Assert.Equal("payout_schedule_unknown", exception.Code);
    }

    [Theory]
    [InlineData(PayoutSchedule.Daily, WorkerTier.A, PayoutSchedule.SemiMonthly)]
    [InlineData(PayoutSchedule.Daily, WorkerTier.B, PayoutSchedule.Monthly)]
    [InlineData(PayoutSchedule.SemiMonthly, WorkerTier.Trial, PayoutSchedule.Monthly)]
    [InlineData(PayoutSchedule.SemiMonthly, WorkerTier.S, PayoutSchedule.SemiMonthly)]
    [InlineData(PayoutSchedule.Monthly, WorkerTier.S, PayoutSchedule.Monthly)]
    [InlineData(PayoutSchedule.Monthly, WorkerTier.A, PayoutSchedule.Monthly)]
    public void OnTierChanged_ToATier_KeepsAnAllowedScheduleOrFallsToTheBestAllowed(PayoutSchedule current, WorkerTier newTier, PayoutSchedule expected)
    {
        Assert.Equal(expected, PayoutSchedulePolicy.OnTierChanged(current, newTier));
    }
}
