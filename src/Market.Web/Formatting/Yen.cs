using System.Globalization;

namespace Market.Web.Formatting;

/// <summary>Formats integer yen (JPY has no minor unit) as ¥1,234.</summary>
public static class Yen
{
    public static string Format(long amount) =>
        amount < 0
            ? "-¥" + Math.Abs((decimal)amount).ToString("#,0", CultureInfo.InvariantCulture)
            : "¥" + amount.ToString("#,0", CultureInfo.InvariantCulture);
}
