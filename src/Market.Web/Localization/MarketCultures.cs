using System.Globalization;

namespace Market.Web.Localization;

public static class MarketCultures
{
    public const string Japanese = "ja-JP";
    public const string English = "en";

    public static readonly IReadOnlyList<CultureInfo> Supported = [new(Japanese), new(English)];

    public static bool IsJapanese(CultureInfo culture) => culture.TwoLetterISOLanguageName == "ja";

    /// <summary>Maps a language the API or a form names ("ja", "en", "en-US") to a supported culture, or null.</summary>
    public static string? Normalize(string? language) =>
        language?.Trim().ToLowerInvariant() switch
        {
            "ja" or "ja-jp" => Japanese,
            "en" or ['e', 'n', '-', ..] => English,
            _ => null,
        };
}
