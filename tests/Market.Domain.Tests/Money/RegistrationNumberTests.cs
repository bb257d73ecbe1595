using Market.Domain.Common;
using Market.Domain.Money;

namespace Market.Domain.Tests.Money;

public class RegistrationNumberTests
{
    [Theory]
    // 国税庁's own corporate number 7000012050002. Base 000012050002, digits from the right with weights 1,2,1,2,…:
    // 2×1 + 0×2 + 0×1 + 0×2 + 5×1 + 0×2 + 2×1 + 1×2 + 0 + 0 + 0 + 0 = 11; 11 mod 9 = 2; 9 − 2 = 7.
    [InlineData("T7000012050002")]
    // Base 180301018771, from the right: 1×1 + 7×2 + 7×1 + 8×2 + 1×1 + 0×2 + 1×1 + 0×2 + 3×1 + 0×2 + 8×1 + 1×2
    // = 1 + 14 + 7 + 16 + 1 + 0 + 1 + 0 + 3 + 0 + 8 + 2 = 53; 53 mod 9 = 8; 9 − 8 = 1 → 1180301018771.
    [InlineData("T1180301018771")]
    // Base 123456789012, from the right: 2×1 + 1×2 + 0×1 + 9×2 + 8×1 + 7×2 + 6×1 + 5×2 + 4×1 + 3×2 + 2×1 + 1×2
    // = 2 + 2 + 0 + 18 + 8 + 14 + 6 + 10 + 4 + 6 + 2 + 2 = 74; 74 mod 9 = 2; 9 − 2 = 7 → 7123456789012.
    [InlineData("T7123456789012")]
    // Base 000000000000: sum 0; 0 mod 9 = 0; 9 − 0 = 9 → 9000000000000 (a check digit of 9 exists, 0 never does).
    [InlineData("T9000000000000")]
    // Base 400000000009: 9×1 + 4×2 (the 12th digit has weight 2) = 17; 17 mod 9 = 8; 9 − 8 = 1 → 1400000000009.
    [InlineData("T1400000000009")]
    public void ForCorporation_WhenTheCheckDigitMatches_IsAccepted(string text)
    {
        var number = RegistrationNumber.ForCorporation(text);

        Assert.Equal(text, number.Value);
        Assert.Equal(text[1..], number.Digits);
        Assert.True(number.IsCorporate);
    }

    [Theory]
    [InlineData("T8000012050002")]
    [InlineData("T7000012050003")]
    [InlineData("T2180301018771")]
    [InlineData("T1123456789012")]
    // Swapping two neighbouring digits changes the weighted sum: 7000012050020 is not 国税庁's number.
    [InlineData("T7000012050020")]
    public void ForCorporation_WhenTheCheckDigitDoesNotMatch_IsRefused(string text)
    {
        var exception = Assert.Throws<UnprocessableInputException>(() => RegistrationNumber.ForCorporation(text));

        Assert.Equal("registration_number_invalid", exception.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7000012050002")]
    [InlineData("t7000012050002")]
    [InlineData("T700001205000")]
    [InlineData("T70000120500021")]
    [InlineData("T70000120500O2")]
    [InlineData("T７000012050002")]
    [InlineData(null)]
    public void Parse_WhenNotTAndThirteenDigits_IsRefused(string? text)
    {
        Assert.Equal("registration_number_invalid", Assert.Throws<UnprocessableInputException>(() => RegistrationNumber.ForCorporation(text)).Code);
        Assert.Equal("registration_number_invalid", Assert.Throws<UnprocessableInputException>(() => RegistrationNumber.ForIndividual(text)).Code);
    }

    [Fact]
    public void ForIndividual_WhenThirteenDigits_NeedsNoCheckDigit()
    {
        var number = RegistrationNumber.ForIndividual("T8000012050002");

        Assert.False(number.IsCorporate);
        Assert.Equal("T8000012050002", number.ToString());
    }

    [Theory]
    [InlineData("000012050002", 7)]
    [InlineData("180301018771", 1)]
    [InlineData("123456789012", 7)]
    [InlineData("000000000000", 9)]
    // 111111111111: six digits at weight 1 and six at weight 2 = 6 + 12 = 18; 18 mod 9 = 0; 9 − 0 = 9.
    [InlineData("111111111111", 9)]
    // 000000000001: 1; 9 − 1 = 8.  000000000010: 1×2 = 2; 9 − 2 = 7.
    [InlineData("000000000001", 8)]
    [InlineData("000000000010", 7)]
    public void CorporateCheckDigit_OfABase_IsNineMinusTheWeightedSumModNine(string twelveDigits, int expected)
    {
        Assert.Equal(expected, RegistrationNumber.CorporateCheckDigit(twelveDigits));
    }
}
