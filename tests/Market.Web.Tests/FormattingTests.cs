using System.Globalization;
using Market.Web.Formatting;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

public sealed class FormattingTests(WebFixture web) : IClassFixture<WebFixture>
{
    private static readonly DateTimeOffset EveningInTokyo = new(2026, 11, 21, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void TokyoTime_Format_WhenJapanese_ShowsJapaneseDateInTokyo()
    {
        Assert.Equal("2026年11月21日 19:30", TokyoTime.Format(EveningInTokyo, CultureInfo.GetCultureInfo("ja-JP")));
    }

    [Fact]
    public void TokyoTime_Format_WhenEnglish_ShowsDayMonthYearAndJst()
    {
        Assert.Equal("21 Nov 2026 19:30 JST", TokyoTime.Format(EveningInTokyo, CultureInfo.GetCultureInfo("en")));
    }

    [Fact]
    public void TokyoTime_Format_WhenInstantIsLateUtcEvening_RollsOverToTheNextTokyoDay()
    {
        var lateUtc = new DateTimeOffset(2026, 12, 31, 15, 5, 0, TimeSpan.Zero);

        Assert.Equal("2027年1月1日 00:05", TokyoTime.Format(lateUtc, CultureInfo.GetCultureInfo("ja-JP")));
        Assert.Equal("1 Jan 2027 00:05 JST", TokyoTime.Format(lateUtc, CultureInfo.GetCultureInfo("en")));
    }

    [Fact]
    public void TokyoTime_Format_WhenInstantCarriesAnotherOffset_ConvertsToTokyo()
    {
        var newYorkMorning = new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.FromHours(-4));

        Assert.Equal("2026年7月1日 21:00", TokyoTime.Format(newYorkMorning, CultureInfo.GetCultureInfo("ja-JP")));
        Assert.Equal("2026-07-01T21:00:00+09:00", TokyoTime.FormatIso(newYorkMorning));
    }

    [Theory]
    [InlineData(0L, "¥0")]
    [InlineData(1234L, "¥1,234")]
    [InlineData(1000000L, "¥1,000,000")]
    [InlineData(-5000L, "-¥5,000")]
    [InlineData(long.MinValue, "-¥9,223,372,036,854,775,808")]
    public void Yen_Format_WhenGivenIntegerYen_ShowsYenSignAndThousandsSeparators(long amount, string expected)
    {
        Assert.Equal(expected, Yen.Format(amount));
    }

    [Fact]
    public async Task Portal_WhenSignedIn_ShowsTheSignInTimeInTokyo()
    {
        using var session = web.NewSession();

        var japanese = await session.SignInAsync(FakeUsers.Client);

        var time = japanese.Single(".welcome__facts time");
        Assert.Equal("2026年11月21日 19:30", time.TextContent);
        Assert.Equal("2026-11-21T19:30:00+09:00", time.GetAttribute("datetime"));

        var english = await session.SwitchLanguageAsync(japanese, "en");

        Assert.Equal("21 Nov 2026 19:30 JST", english.Single(".welcome__facts time").TextContent);
    }
}
