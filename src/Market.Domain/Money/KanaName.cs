using System.Text;
using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>
/// Names as banks carry them: the Zengin character set of half-width katakana (ｱ–ﾝ with ﾞ and ﾟ as separate
/// characters), upper-case letters, digits, space and <c>( ) - . /</c> — every one a single byte in Shift_JIS.
/// </summary>
public static class KanaName
{
    public const string NotKanaCode = "zengin_name_not_kana";
    public const string RequiredCode = "zengin_name_required";

    private const string AllowedSymbols = " ()-./";

    // Small kana are not in the Zengin set and banks read them as their large forms (キュウ → ｷﾕｳ); ヲ is not in
    // it either and is read as ｵ; the long-vowel mark is not in it and banks take a hyphen in its place
    // (スーパー → ｽ-ﾊﾟ-).
    private static readonly Dictionary<char, string> Katakana = BuildKatakana();

    private static readonly Dictionary<char, string> HalfWidthNormalised = new()
    {
        ['ｦ'] = "ｵ", ['ｧ'] = "ｱ", ['ｨ'] = "ｲ", ['ｩ'] = "ｳ", ['ｪ'] = "ｴ", ['ｫ'] = "ｵ",
        ['ｬ'] = "ﾔ", ['ｭ'] = "ﾕ", ['ｮ'] = "ﾖ", ['ｯ'] = "ﾂ", ['ｰ'] = "-",
    };

    /// <summary>
    /// Converts full-width katakana, hiragana, full-width letters and digits to the Zengin set: voiced kana split
    /// into base and mark (ガ → ｶﾞ), small kana made large, ー to "-", lower case to upper case, the ideographic
    /// space to a space. Anything else (kanji, ・, emoji, most punctuation) is refused with
    /// <c>zengin_name_not_kana</c> rather than guessed at.
    /// </summary>
    public static string ToZenginHalfWidth(string? name)
    {
        var text = name?.Trim(' ', '\u3000', '\t') ?? string.Empty;
        if (text.Length == 0)
        {
            throw new UnprocessableInputException(RequiredCode, "A name in kana is required.");
        }

        var result = new StringBuilder(text.Length + 8);
        foreach (var original in text)
        {
            var c = original;
            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                c = (char)(c - 0xFEE0);
            }
            else if (c == '\u3000')
            {
                c = ' ';
            }
            else if (c is >= '\u3041' and <= '\u3096')
            {
                c = (char)(c + 0x60);
            }

            if (c is >= 'a' and <= 'z')
            {
                result.Append(char.ToUpperInvariant(c));
            }
            else if (c is >= 'A' and <= 'Z' or >= '0' and <= '9' || AllowedSymbols.Contains(c))
            {
                result.Append(c);
            }
            else if (Katakana.TryGetValue(c, out var half))
            {
                result.Append(half);
            }
            else if (HalfWidthNormalised.TryGetValue(c, out var normalised))
            {
                result.Append(normalised);
            }
            else if (c is >= 'ｱ' and <= 'ﾟ')
            {
                result.Append(c);
            }
            else if (c is 'ー' or '‐' or '‑' or '–' or '—' or '―' or '−')
            {
                result.Append('-');
            }
            else if (c is '\u3099' or '\u309B')
            {
                result.Append('ﾞ');
            }
            else if (c is '\u309A' or '\u309C')
            {
                result.Append('ﾟ');
            }
            else
            {
                throw new UnprocessableInputException(NotKanaCode, $"'{original}' cannot be written in the half-width kana banks use; enter the name in katakana.");
            }
        }

        return result.ToString();
    }

    /// <summary>Whether every character is in the Zengin set (what <see cref="ToZenginHalfWidth"/> produces).</summary>
    public static bool IsZenginHalfWidth(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9' or >= 'ｱ' and <= 'ﾟ' || AllowedSymbols.Contains(c));
    }

    private static Dictionary<char, string> BuildKatakana()
    {
        string[] pairs =
        [
            "ァｱ", "アｱ", "ィｲ", "イｲ", "ゥｳ", "ウｳ", "ェｴ", "エｴ", "ォｵ", "オｵ",
            "カｶ", "ガｶﾞ", "キｷ", "ギｷﾞ", "クｸ", "グｸﾞ", "ケｹ", "ゲｹﾞ", "コｺ", "ゴｺﾞ",
            "サｻ", "ザｻﾞ", "シｼ", "ジｼﾞ", "スｽ", "ズｽﾞ", "セｾ", "ゼｾﾞ", "ソｿ", "ゾｿﾞ",
            "タﾀ", "ダﾀﾞ", "チﾁ", "ヂﾁﾞ", "ッﾂ", "ツﾂ", "ヅﾂﾞ", "テﾃ", "デﾃﾞ", "トﾄ", "ドﾄﾞ",
            "ナﾅ", "ニﾆ", "ヌﾇ", "ネﾈ", "ノﾉ",
            "ハﾊ", "バﾊﾞ", "パﾊﾟ", "ヒﾋ", "ビﾋﾞ", "ピﾋﾟ", "フﾌ", "ブﾌﾞ", "プﾌﾟ", "ヘﾍ", "ベﾍﾞ", "ペﾍﾟ", "ホﾎ", "ボﾎﾞ", "ポﾎﾟ",
            "マﾏ", "ミﾐ", "ムﾑ", "メﾒ", "モﾓ",
            "ャﾔ", "ヤﾔ", "ュﾕ", "ユﾕ", "ョﾖ", "ヨﾖ",
            "ラﾗ", "リﾘ", "ルﾙ", "レﾚ", "ロﾛ",
            "ヮﾜ", "ワﾜ", "ヰｲ", "ヱｴ", "ヲｵ", "ンﾝ", "ヴｳﾞ", "ヵｶ", "ヶｹ",
            "ヷﾜﾞ", "ヸｲﾞ", "ヹｴﾞ", "ヺｵﾞ",
        ];
        return pairs.ToDictionary(p => p[0], p => p[1..]);
    }
}
