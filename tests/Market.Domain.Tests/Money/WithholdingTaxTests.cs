using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;

namespace Market.Domain.Tests.Money;

public class WithholdingTaxTests
{
    [Theory]
    // 999,999 × 10.21 % = 102,099.8979 → ¥102,099.
    [InlineData(999_999, 102_099)]
    // 1,000,000 × 10.21 % = ¥102,100 exactly.
    [InlineData(1_000_000, 102_100)]
    // (1,000,001 − 1,000,000) × 20.42 % + 102,100 = 0.2042 + 102,100 = 102,100.2042 → ¥102,100.
    [InlineData(1_000_001, 102_100)]
    // (1,234,567 − 1,000,000) × 20.42 % + 102,100 = 234,567 × 0.2042 + 102,100 = 47,898.5814 + 102,100 → ¥149,998.
    [InlineData(1_234_567, 149_998)]
    // 1,000,005 → 5 × 0.2042 = 1.021 → 102,101: the upper rate starts on the yen above the threshold.
    [InlineData(1_000_005, 102_101)]
    // ¥800 web page: 81.68 → ¥81. ¥9 → 0.9189 → ¥0.
    [InlineData(800, 81)]
    [InlineData(9, 0)]
    [InlineData(0, 0)]
    public void On_Payment_FollowsTheNationalTaxAgencyFormula(long payment, long expected)
    {
        Assert.Equal(new Yen(expected), WithholdingTax.On(new Yen(payment)));
    }

    [Fact]
    public void On_WhenPaymentIsNegative_IsRefused()
    {
        var exception = Assert.Throws<UnprocessableInputException>(() => WithholdingTax.On(new Yen(-1)));

        Assert.Equal("withholding_payment_negative", exception.Code);
    }

    [Theory]
    [InlineData(JobType.Transcription)]
    [InlineData(JobType.DataEntry)]
    [InlineData(JobType.WebEdit)]
    public void Default_ForTheCurrentJobTypes_WithholdsNothing(JobType type)
    {
        Assert.False(WithholdingConfig.Default.Applies(type));
        Assert.Equal(Yen.Zero, WithholdingConfig.Default.WithholdingOn(type, new Yen(50_000)));
    }

    [Fact]
    public void WithholdingOn_WhenTheTypeIsConfigured_Withholds()
    {
        var config = new WithholdingConfig([JobType.WebEdit]);

        // 50,000 × 10.21 % = ¥5,105.
        Assert.Equal(new Yen(5_105), config.WithholdingOn(JobType.WebEdit, new Yen(50_000)));
        Assert.Equal(Yen.Zero, config.WithholdingOn(JobType.Transcription, new Yen(50_000)));
        Assert.Equal(new WithholdingConfig([JobType.WebEdit, JobType.WebEdit]), config);
    }
}
