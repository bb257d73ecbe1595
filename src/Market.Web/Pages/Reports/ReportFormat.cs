using System.Globalization;

namespace Market.Web.Pages.Reports;

public static class ReportFormat
{
    /// <summary>Basis points as a percent with one decimal (half up), or a dash when there was nothing to measure.</summary>
    public static string Percent(int? basisPoints) => basisPoints is { } bp
        ? ((bp + 5) / 10 / 10.0).ToString("0.0", CultureInfo.InvariantCulture) + "%"
        : "—";

    public static string Yen(long amount) => Formatting.Yen.Format(amount);

    /// <summary>"2026-04" → "4月" / "Apr" under a chart bar.</summary>
    public static string MonthLabel(string month) =>
        DateTime.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? "yy/M" : "MMM yy", CultureInfo.CurrentCulture)
            : month;
}
