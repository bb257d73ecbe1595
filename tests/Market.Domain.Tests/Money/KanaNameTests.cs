using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Money;

public class KanaNameTests
{
    [Theory]
    [InlineData("ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("ガギグゲゴ ザジズゼゾ ダヂヅデド バビブベボ", "ｶﾞｷﾞｸﾞｹﾞｺﾞ ｻﾞｼﾞｽﾞｾﾞｿﾞ ﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞ ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ")]
    [InlineData("パピプペポ", "ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ")]
    // Hiragana become katakana; small kana become large, as banks hold names (キュウヨ → ｷﾕｳﾖ).
    [InlineData("きゅうよ いちろう", "ｷﾕｳﾖ ｲﾁﾛｳ")]
    [InlineData("ジンジ ショウゴ", "ｼﾞﾝｼﾞ ｼﾖｳｺﾞ")]
    [InlineData("ハットリ", "ﾊﾂﾄﾘ")]
    [InlineData("ァィゥェォッャュョヮヵヶ", "ｱｲｳｴｵﾂﾔﾕﾖﾜｶｹ")]
    // The long-vowel mark is not in the Zengin set; banks take a hyphen for it.
    [InlineData("スーパー ヤマダ", "ｽ-ﾊﾟ- ﾔﾏﾀﾞ")]
    [InlineData("ヴァイオリン", "ｳﾞｱｲｵﾘﾝ")]
    [InlineData("ゔぁいおりん", "ｳﾞｱｲｵﾘﾝ")]
    // Already half-width: small kana and ｰ are normalised the same way.
    [InlineData("ｷｬﾉﾝ ｽｰﾊﾟｰ", "ｷﾔﾉﾝ ｽ-ﾊﾟ-")]
    // Full-width letters, digits and the ideographic space; lower case to upper case.
    [InlineData("ＡＢＣ　カブシキガイシャ", "ABC ｶﾌﾞｼｷｶﾞｲｼﾔ")]
    [InlineData("abc 123", "ABC 123")]
    [InlineData("カ）フルサト", "ｶ)ﾌﾙｻﾄ")]
    [InlineData("(ｶ)ﾌﾙｻﾄ.ｼﾞﾑｼﾖ/ﾆｼ-ﾃﾝ", "(ｶ)ﾌﾙｻﾄ.ｼﾞﾑｼﾖ/ﾆｼ-ﾃﾝ")]
    // ヲ is outside the set and read as ｵ; ヰ and ヱ as ｲ and ｴ.
    [InlineData("ヲノ ヰヱ", "ｵﾉ ｲｴ")]
    // Decomposed voiced marks (カ + U+3099) and the spacing ゛ ゜ join as ﾞ ﾟ.
    [InlineData("カ\u3099ハ\u309A", "ｶﾞﾊﾟ")]
    [InlineData("カ゛ハ゜", "ｶﾞﾊﾟ")]
    [InlineData("　 ヤマダ  ", "ﾔﾏﾀﾞ")]
    public void ToZenginHalfWidth_ForKanaAndLatin_GivesSingleByteZenginCharacters(string input, string expected)
    {
        var result = KanaName.ToZenginHalfWidth(input);

        Assert.Equal(expected, result);
        Assert.True(KanaName.IsZenginHalfWidth(result));
        Assert.Equal(result.Length, ShiftJis.Bytes(result).Length);
    }

    [Theory]
    [InlineData("山田 太郎")]
    [InlineData("ヤマダ・タロウ")]
    [InlineData("ヤマダ,タロウ")]
    [InlineData("ヤマダ😀")]
    [InlineData("ゝ")]
    [InlineData("ｦ｢ﾔﾏﾀﾞ｣")]
    [InlineData("Müller")]
    [InlineData("ヤマダ&タロウ")]
    public void ToZenginHalfWidth_WhenACharacterCannotBeWritten_IsRefused(string input)
    {
        var exception = Assert.Throws<UnprocessableInputException>(() => KanaName.ToZenginHalfWidth(input));

        Assert.Equal("zengin_name_not_kana", exception.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("　")]
    [InlineData(null)]
    public void ToZenginHalfWidth_WhenBlank_IsRefused(string? input)
    {
        Assert.Equal("zengin_name_required", Assert.Throws<UnprocessableInputException>(() => KanaName.ToZenginHalfWidth(input)).Code);
    }

    [Theory]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", true)]
    [InlineData("ｷｬﾉﾝ", false)]
    [InlineData("ｽｰﾊﾟｰ", false)]
    [InlineData("ﾔﾏﾀﾞ,ﾀﾛｳ", false)]
    [InlineData("yamada", false)]
    public void IsZenginHalfWidth_ForText_AcceptsOnlyTheZenginSet(string text, bool expected)
    {
        Assert.Equal(expected, KanaName.IsZenginHalfWidth(text));
    }
}
