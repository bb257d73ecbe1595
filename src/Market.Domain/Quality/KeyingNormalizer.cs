using System.Text;

namespace Market.Domain.Quality;

/// <summary>
/// Puts a keyed value into the form two keyings are compared in (and the deliverable carries):
/// <list type="number">
/// <item>Unicode NFKC: full-width Latin letters and digits become half-width (ＡＢＣ１２３ → ABC123), half-width
/// katakana become full-width with voicing marks composed (ｶﾞｲﾄﾞ → ガイド), the ideographic space becomes a
/// space, and compatibility forms unfold (㈱ → (株)).</item>
/// <item>Whitespace is trimmed and every run of it becomes one space. Spaces are not removed altogether:
/// 「山田 太郎」 and 「山田太郎」 differ where the spec asks for a space between family and given name.</item>
/// <item>Hyphen, dash and minus variants (‐ ‑ ‒ – — ― − ⁃ ﹘ ﹣ －) become the ASCII hyphen-minus.</item>
/// <item>The katakana prolonged sound mark ー (and half-width ｰ) becomes a hyphen only between two digits
/// (0880ー22ー1234): a Japanese IME in kana mode types ー for the minus key, so in a phone or postal number it
/// is a hyphen. Anywhere else it is part of a word (コーヒー) and is kept, so a mis-keyed コ-ヒ- still shows
/// up as a difference.</item>
/// </list>
/// Case is kept: whether "abc" and "ABC" are the same value depends on the field (a code, a name), so a
/// difference goes to adjudication rather than being assumed away. The wave dash 〜 is not a hyphen either:
/// it marks ranges (9:00〜17:00).
/// </summary>
public static class KeyingNormalizer
{
    private const char ProlongedSoundMark = '\u30FC';

    public static string Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var text = value.Normalize(NormalizationForm.FormKC);
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }

            if (IsDash(c))
            {
                c = '-';
            }
            else if (c == ProlongedSoundMark
                && result.Length > 0 && char.IsAsciiDigit(result[^1])
                && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                c = '-';
            }

            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>Whether two keyings of a cell say the same thing.</summary>
    public static bool Agree(string? round1, string? round2) =>
        string.Equals(Normalize(round1), Normalize(round2), StringComparison.Ordinal);

    /// <summary>The dash characters left after NFKC (which already turns ‑ into ‐, ﹘ into —, and ﹣ and － into -).</summary>
    private static bool IsDash(char c) => c is '\u2010' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\u2043';
}
