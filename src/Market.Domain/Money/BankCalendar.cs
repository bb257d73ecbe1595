namespace Market.Domain.Money;

/// <summary>Japanese public holidays (国民の祝日, 振替休日, 国民の休日).</summary>
public interface IHolidayCalendar
{
    /// <summary>Throws rather than guess for a date outside the years the calendar knows.</summary>
    bool IsPublicHoliday(DateOnly date);
}

/// <summary>A holiday calendar from a list of dates covering whole years (the Api builds it from <c>@holiday-jp/holiday_jp</c>).</summary>
public sealed class HolidaySet : IHolidayCalendar
{
    private readonly HashSet<DateOnly> _holidays;

    public HolidaySet(IEnumerable<DateOnly> holidays, int firstYear, int lastYear)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstYear, lastYear);
        _holidays = holidays.ToHashSet();
        if (_holidays.Any(d => d.Year < firstYear || d.Year > lastYear))
        {
            throw new ArgumentException("A holiday lies outside the years the calendar covers.", nameof(holidays));
        }

        FirstYear = firstYear;
        LastYear = lastYear;
    }

    public int FirstYear { get; }

    public int LastYear { get; }

    public bool IsPublicHoliday(DateOnly date)
    {
        if (date.Year < FirstYear || date.Year > LastYear)
        {
            throw new InvalidOperationException($"The holiday calendar covers {FirstYear}–{LastYear}, not {date:yyyy}; update the holiday data.");
        }

        return _holidays.Contains(date);
    }
}

/// <summary>
/// Days Japanese banks transfer money. Banks are closed on weekends, public holidays and 31 December to
/// 3 January (銀行法施行令 第5条), so year-end days that are not public holidays are still not business days.
/// </summary>
public sealed class BankCalendar(IHolidayCalendar holidays)
{
    private readonly IHolidayCalendar _holidays = holidays ?? throw new ArgumentNullException(nameof(holidays));

    public static bool IsYearEndClosure(DateOnly date) =>
        (date.Month == 12 && date.Day == 31) || (date.Month == 1 && date.Day <= 3);

    public bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !IsYearEndClosure(date)
        && !_holidays.IsPublicHoliday(date);

    /// <summary>The date itself if banks are open, otherwise the last business day before it.</summary>
    public DateOnly OnOrBefore(DateOnly date)
    {
        while (!IsBusinessDay(date))
        {
            date = date.AddDays(-1);
        }

        return date;
    }

    /// <summary>The first business day after the date.</summary>
    public DateOnly NextAfter(DateOnly date)
    {
        do
        {
            date = date.AddDays(1);
        }
        while (!IsBusinessDay(date));

        return date;
    }

    public DateOnly LastBusinessDayOfMonth(int year, int month) => OnOrBefore(new DateOnly(year, month, DateTime.DaysInMonth(year, month)));
}
