using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>One close of one schedule: what was owed by the end of <see cref="Date"/> (Japan time) is paid from it.</summary>
public readonly record struct PayoutCutoff(PayoutSchedule Schedule, DateOnly Date)
{
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    /// <summary>
    /// The instant the cut-off closes: midnight after <see cref="Date"/> in Japan. Japan has no daylight saving
    /// time, so the offset is always +09:00.
    /// </summary>
    public DateTimeOffset ClosesAt => new(Date.AddDays(1).ToDateTime(TimeOnly.MinValue), JapanOffset);

    public override string ToString() => $"{Schedule}:{Date:yyyy-MM-dd}";
}

/// <summary>
/// When each schedule closes and when it pays. Every payment date that falls on a day banks are closed moves to
/// the previous bank business day, so a worker is never paid later than promised.
/// <list type="bullet">
/// <item><see cref="PayoutSchedule.Monthly"/>: closes at month end, paid on the 25th of the next month — the
/// field source paid new workers "within 25 days of month end".</item>
/// <item><see cref="PayoutSchedule.SemiMonthly"/>: closes on the 15th, paid on the last day of that month; closes
/// at month end, paid on the 15th of the next month. Both halves are paid about 15 days after their close, within
/// the source's "within a month whether or not the client has paid", and sooner than monthly pay — paying the
/// month-end half on the 25th would give an A worker nothing for half their earnings.</item>
/// <item><see cref="PayoutSchedule.Daily"/>: closes at the end of every bank business day, paid on the next one;
/// what is earned on a day banks are closed goes into the next business day's close.</item>
/// </list>
/// </summary>
public sealed class PayoutCalendar(BankCalendar bank)
{
    public const int MonthlyPayDay = 25;
    public const int MidMonthDay = 15;

    private readonly BankCalendar _bank = bank ?? throw new ArgumentNullException(nameof(bank));

    public BankCalendar Bank => _bank;

    public bool IsCutoff(PayoutSchedule schedule, DateOnly date) => schedule switch
    {
        PayoutSchedule.Monthly => IsLastDayOfMonth(date),
        PayoutSchedule.SemiMonthly => date.Day == MidMonthDay || IsLastDayOfMonth(date),
        PayoutSchedule.Daily => _bank.IsBusinessDay(date),
        _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, null),
    };

    /// <summary>The cut-off of <paramref name="schedule"/> on <paramref name="date"/>; refused if the schedule does not close that day.</summary>
    public PayoutCutoff Cutoff(PayoutSchedule schedule, DateOnly date)
    {
        Guard.Against(!IsCutoff(schedule, date), "payout_cutoff_invalid", $"{schedule} payouts do not close on {date:yyyy-MM-dd}.");
        return new PayoutCutoff(schedule, date);
    }

    /// <summary>The first cut-off of the schedule on or after the date.</summary>
    public PayoutCutoff CutoffOnOrAfter(PayoutSchedule schedule, DateOnly date)
    {
        while (!IsCutoff(schedule, date))
        {
            date = date.AddDays(1);
        }

        return new PayoutCutoff(schedule, date);
    }

    /// <summary>The schedule's cut-offs from <paramref name="from"/> to <paramref name="to"/>, both included — what a job that was down has to catch up.</summary>
    public IEnumerable<PayoutCutoff> CutoffsBetween(PayoutSchedule schedule, DateOnly from, DateOnly to)
    {
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            if (IsCutoff(schedule, date))
            {
                yield return new PayoutCutoff(schedule, date);
            }
        }
    }

    public DateOnly PaymentDate(PayoutCutoff cutoff)
    {
        EnsureCutoff(cutoff);
        var date = cutoff.Date;
        var nextMonth = date.AddMonths(1);
        return cutoff.Schedule switch
        {
            PayoutSchedule.Monthly => _bank.OnOrBefore(new DateOnly(nextMonth.Year, nextMonth.Month, MonthlyPayDay)),
            PayoutSchedule.SemiMonthly when date.Day == MidMonthDay => _bank.OnOrBefore(LastDayOfMonth(date)),
            PayoutSchedule.SemiMonthly => _bank.OnOrBefore(new DateOnly(nextMonth.Year, nextMonth.Month, MidMonthDay)),
            PayoutSchedule.Daily => _bank.NextAfter(date),
            _ => throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff.Schedule, null),
        };
    }

    /// <summary>
    /// Whether this is the schedule's last close of its month, when everything owed is paid however small. For
    /// daily pay that is the month's last bank business day.
    /// </summary>
    public bool IsMonthEnd(PayoutCutoff cutoff)
    {
        EnsureCutoff(cutoff);
        return cutoff.Schedule == PayoutSchedule.Daily
            ? cutoff.Date == _bank.LastBusinessDayOfMonth(cutoff.Date.Year, cutoff.Date.Month)
            : IsLastDayOfMonth(cutoff.Date);
    }

    private static bool IsLastDayOfMonth(DateOnly date) => date.Day == DateTime.DaysInMonth(date.Year, date.Month);

    private static DateOnly LastDayOfMonth(DateOnly date) => new(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month));

    private void EnsureCutoff(PayoutCutoff cutoff)
    {
        if (!IsCutoff(cutoff.Schedule, cutoff.Date))
        {
            throw new ArgumentException($"{cutoff} is not a cut-off.", nameof(cutoff));
        }
    }
}
