using System.Globalization;
using Market.Domain.Common;

namespace Market.Domain.Tests.Common;

public class YenTests
{
    [Fact]
    public void Operators_WhenUsed_ComputeWholeYen()
    {
        var a = new Yen(1_200);
        var b = new Yen(345);

        Assert.Equal(new Yen(1_545), a + b);
        Assert.Equal(new Yen(855), a - b);
        Assert.Equal(new Yen(-1_200), -a);
        Assert.Equal(new Yen(3_600), a * 3);
        Assert.Equal(new Yen(3_600), 3L * a);
        Assert.True(b < a);
        Assert.True(a >= new Yen(1_200));
        Assert.Equal(-1, b.CompareTo(a));
    }

    [Fact]
    public void Operators_WhenResultOverflows_Throw()
    {
        var max = new Yen(long.MaxValue);

        Assert.Throws<OverflowException>(() => max + new Yen(1));
        Assert.Throws<OverflowException>(() => new Yen(long.MinValue) - new Yen(1));
        Assert.Throws<OverflowException>(() => max * 2);
        Assert.Throws<OverflowException>(() => -new Yen(long.MinValue));
    }

    [Theory]
    [InlineData(100, 1, 3, 33)]
    [InlineData(100, 2, 3, 66)]
    [InlineData(60, 250_500, 60_000, 250)]
    [InlineData(60, 305_000, 60_000, 305)]
    [InlineData(-7, 1, 2, -3)]
    [InlineData(-100, 2, 3, -66)]
    [InlineData(999, 0, 7, 0)]
    public void MultiplyByFraction_CutsOffTheFractionTowardZero(long amount, long numerator, long denominator, long expected)
    {
        Assert.Equal(new Yen(expected), new Yen(amount).MultiplyByFraction(numerator, denominator));
    }

    [Fact]
    public void MultiplyByFraction_WhenIntermediateProductExceedsLong_StillExact()
    {
        var big = new Yen(long.MaxValue / 2);

        Assert.Equal(new Yen((long.MaxValue / 2 / 4) * 3 + (long.MaxValue / 2 % 4 * 3 / 4)), big.MultiplyByFraction(3, 4));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void MultiplyByFraction_WhenDenominatorNotPositive_Throws(long denominator)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Yen(100).MultiplyByFraction(1, denominator));
    }

    [Theory]
    [InlineData(1_999, 2_500, 499)]
    [InlineData(10_000, 1_000, 1_000)]
    [InlineData(3, 3_333, 0)]
    public void MultiplyByBasisPoints_UsesTheSameTruncation(long amount, int basisPoints, long expected)
    {
        Assert.Equal(new Yen(expected), new Yen(amount).MultiplyByBasisPoints(basisPoints));
    }

    [Theory]
    [InlineData(0, "¥0")]
    [InlineData(999, "¥999")]
    [InlineData(1_234, "¥1,234")]
    [InlineData(12_345_678, "¥12,345,678")]
    [InlineData(-1_234, "-¥1,234")]
    public void ToString_FormatsWithYenSignAndThousandsCommas(long amount, string expected)
    {
        Assert.Equal(expected, new Yen(amount).ToString());
    }

    [Fact]
    public void ToString_IgnoresTheCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("¥1,234,567", new Yen(1_234_567).ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Sum_AddsAllAmounts()
    {
        Assert.Equal(new Yen(6), Yen.Sum([new Yen(1), new Yen(2), new Yen(3)]));
        Assert.Equal(Yen.Zero, Yen.Sum([]));
    }
}
