namespace Market.Domain.Reports;

/// <summary>
/// Days, weeks and months as people in Japan count them. Japan has no daylight saving, so the offset is always
/// +09:00; a day runs from 00:00 JST (15:00 UTC the day before).
/// </summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>The Monday of the week <paramref name="day"/> falls in (weeks run Monday to Sunday, as in Japanese work calendars).</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static DateOnly WeekOf(DateTimeOffset instant) => WeekOf(DayOf(instant));

    public static YearMonth MonthOf(DateTimeOffset instant)
    {
        var day = DayOf(instant);
        return new YearMonth(day.Year, day.Month);
    }
}

/// <summary>A calendar month; <see cref="Start"/> and <see cref="End"/> are its bounds in Japan time.</summary>
public readonly record struct YearMonth(int Year, int Month) : IComparable<YearMonth>
{
    public DateOnly FirstDay => new(Year, Month, 1);

    public DateTimeOffset Start => JapanTime.StartOf(FirstDay);

    /// <summary>Exclusive: the start of the next month.</summary>
    public DateTimeOffset End => JapanTime.StartOf(FirstDay.AddMonths(1));

    public YearMonth Next() => Month == 12 ? new YearMonth(Year + 1, 1) : new YearMonth(Year, Month + 1);

    public int CompareTo(YearMonth other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);

    public static bool operator <(YearMonth left, YearMonth right) => left.CompareTo(right) < 0;

    public static bool operator >(YearMonth left, YearMonth right) => left.CompareTo(right) > 0;

    public static bool operator <=(YearMonth left, YearMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >=(YearMonth left, YearMonth right) => left.CompareTo(right) >= 0;

    /// <summary>Every month from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static IReadOnlyList<YearMonth> Range(YearMonth from, YearMonth to)
    {
        var months = new List<YearMonth>();
        for (var m = from; m <= to; m = m.Next())
        {
            months.Add(m);
        }

        return months;
    }

    /// <summary>Reads <c>yyyy-MM</c>; anything else is refused with <paramref name="code"/>.</summary>
    public static YearMonth Parse(string text, string code)
    {
        if (text is { Length: 7 } && text[4] == '-'
            && int.TryParse(text.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            && int.TryParse(text.AsSpan(5, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var month)
            && year is >= 2000 and <= 2999 && month is >= 1 and <= 12)
        {
            return new YearMonth(year, month);
        }

        throw new Common.UnprocessableInputException(code, $"'{text}' is not a month (use yyyy-MM, e.g. 2026-04).");
    }

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}

/// <summary>A share as basis points (1/100 of a percent), rounded half up; null when there is nothing to divide by.</summary>
public static class Share
{
    public static int? BasisPoints(long part, long whole)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        ArgumentOutOfRangeException.ThrowIfNegative(whole);
        if (whole == 0)
        {
            return null;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(part, whole);
        return (int)((part * 20_000 + whole) / (2 * whole));
    }

    /// <summary>For people and CSV: 1234 → "12.3" (percent, one decimal, half up); null → empty.</summary>
    public static string Percent(int? basisPoints) => basisPoints is { } bp
        ? ((bp + 5) / 100).ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + ((bp + 5) / 10 % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Empty;
}
