using System.Globalization;
using Market.Web.Localization;

namespace Market.Web.Agent;

public static class AgentText
{
    /// <summary>A calendar date (a cut-off, a payment day) in the user's language: 2026年11月30日 or 30 Nov 2026.</summary>
    public static string Date(DateOnly date) =>
        MarketCultures.IsJapanese(CultureInfo.CurrentCulture)
            ? date.ToString("yyyy'年'M'月'd'日'", CultureInfo.GetCultureInfo(MarketCultures.Japanese))
            : date.ToString("d MMM yyyy", CultureInfo.GetCultureInfo(MarketCultures.English));
}
