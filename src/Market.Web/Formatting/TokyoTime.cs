using System.Globalization;
using Market.Web.Localization;

namespace Market.Web.Formatting;

/// <summary>The one place that turns an instant into the wall-clock text users read: always Japan time.</summary>
public static class TokyoTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static readonly CultureInfo JapaneseCulture = CultureInfo.GetCultureInfo(MarketCultures.Japanese);
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo(MarketCultures.English);

    public static DateTimeOffset ToTokyo(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, Zone);

    /// <summary>The instant a date and time entered on a form mean, read as a wall clock in Japan.</summary>
    public static DateTimeOffset FromTokyoWallClock(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>2026年11月21日 19:30 in Japanese, 21 Nov 2026 19:30 JST otherwise.</summary>
    public static string Format(DateTimeOffset value, CultureInfo culture)
    {
        var tokyo = ToTokyo(value);
        return MarketCultures.IsJapanese(culture)
            ? tokyo.ToString("yyyy'年'M'月'd'日' HH:mm", JapaneseCulture)
            : tokyo.ToString("d MMM yyyy HH:mm 'JST'", EnglishCulture);
    }

    /// <summary>Machine-readable form for the <c>datetime</c> attribute of <c>&lt;time&gt;</c>.</summary>
    public static string FormatIso(DateTimeOffset value) =>
        ToTokyo(value).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
