using System.Globalization;
using Market.Domain.Money;

namespace Market.Api.Features.Money.Data;

/// <summary>
/// Public holidays from the npm package <c>@holiday-jp/holiday_jp</c>, generated into
/// <c>Data/japanese-holidays.tsv</c> by <c>tools/money-data</c> and embedded: the bank calendar moves payment dates
/// off them. A date past the last year in the data is refused rather than guessed (update the package).
/// </summary>
public static class JapaneseHolidays
{
    public const string ResourceName = "japanese-holidays.tsv";

    public static (HolidaySet Holidays, string Version) Load() => Parse(EmbeddedData.ReadLines(ResourceName));

    public static (HolidaySet Holidays, string Version) Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        string? version = null;
        var dates = new List<DateOnly>();
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            if (line.StartsWith('#'))
            {
                version ??= EmbeddedData.VersionFromHeader(line, "@holiday-jp/holiday_jp");
                continue;
            }

            dates.Add(DateOnly.ParseExact(line.Split('\t')[0], "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (dates.Count == 0 || version is null)
        {
            throw new FormatException("The holiday list is empty or names no @holiday-jp/holiday_jp version.");
        }

        return (new HolidaySet(dates, dates.Min().Year, dates.Max().Year), version);
    }
}
