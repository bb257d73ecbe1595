using Market.Domain.Common;
using Market.Domain.Workers;

namespace Market.Domain.Money;

/// <summary>How often a worker is paid; a higher value is paid more often.</summary>
public enum PayoutSchedule
{
    /// <summary>Month-end close, paid by the 25th of the next month.</summary>
    Monthly = 0,

    /// <summary>Closes on the 15th and at month end.</summary>
    SemiMonthly = 1,

    /// <summary>Closes every bank business day.</summary>
    Daily = 2,
}

/// <summary>
/// Which schedules a tier may choose. The field source (a software house paying SOHO engineers) let workers
/// pick daily, twice-monthly or monthly pay "depending on their track record", and paid new workers within
/// 25 days of month end: Trial and B are paid monthly, A may choose twice a month, S also daily.
/// </summary>
public static class PayoutSchedulePolicy
{
    public const string NotAllowedCode = "payout_schedule_not_allowed";

    public static IReadOnlyList<PayoutSchedule> Allowed(WorkerTier tier) => tier switch
    {
        WorkerTier.Trial or WorkerTier.B => [PayoutSchedule.Monthly],
        WorkerTier.A => [PayoutSchedule.Monthly, PayoutSchedule.SemiMonthly],
        WorkerTier.S => [PayoutSchedule.Monthly, PayoutSchedule.SemiMonthly, PayoutSchedule.Daily],
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    public static bool IsAllowed(WorkerTier tier, PayoutSchedule schedule) => Allowed(tier).Contains(schedule);

    /// <summary>The most frequent schedule the tier allows.</summary>
    public static PayoutSchedule Best(WorkerTier tier) => Allowed(tier).Max();

    /// <summary>The worker asks for <paramref name="requested"/>; refused unless their tier allows it.</summary>
    /// <returns>The schedule to store.</returns>
    public static PayoutSchedule ChangeSchedule(PayoutSchedule current, PayoutSchedule requested, WorkerTier tier)
    {
        if (!Enum.IsDefined(current))
        {
            throw new ArgumentOutOfRangeException(nameof(current), current, null);
        }

        if (!Enum.IsDefined(requested))
        {
            throw new UnprocessableInputException("payout_schedule_unknown", "Unknown payout schedule.");
        }

        Guard.Against(
            !IsAllowed(tier, requested),
            NotAllowedCode,
            $"A {tier} worker can choose {string.Join(" or ", Allowed(tier))} payouts.");
        return requested;
    }

    /// <summary>
    /// After a tier change, the schedule the worker is paid on from the next cut-off: unchanged while the new tier
    /// allows it, otherwise the most frequent one it does allow (an S worker paid daily who drops to A is paid
    /// twice a month). An upgrade changes nothing until the worker asks.
    /// </summary>
    public static PayoutSchedule OnTierChanged(PayoutSchedule current, WorkerTier newTier) =>
        IsAllowed(newTier, current) ? current : Best(newTier);
}
