using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>
/// A qualified-invoice issuer's registration number (適格請求書発行事業者登録番号): "T" and 13 digits. For a
/// corporation the 13 digits are its corporate number (法人番号), whose first digit is a check digit over the
/// other twelve; an individual's 13 digits are assigned without one, so only their form is checked.
/// </summary>
public readonly record struct RegistrationNumber
{
    public const string InvalidCode = "registration_number_invalid";

    private RegistrationNumber(string value, bool isCorporate)
    {
        Value = value;
        IsCorporate = isCorporate;
    }

    /// <summary>"T" followed by 13 digits, e.g. <c>T7000012050002</c>.</summary>
    public string Value { get; }

    public bool IsCorporate { get; }

    /// <summary>The 13 digits after "T".</summary>
    public string Digits => Value[1..];

    /// <summary>A corporation's number: "T" + its corporate number, check digit verified.</summary>
    public static RegistrationNumber ForCorporation(string? text)
    {
        var digits = ParseDigits(text);
        if (digits[0] - '0' != CorporateCheckDigit(digits[1..]))
        {
            throw new UnprocessableInputException(InvalidCode, "The registration number's check digit does not match its corporate number.");
        }

        return new RegistrationNumber("T" + digits, isCorporate: true);
    }

    /// <summary>A sole proprietor's number: "T" + 13 digits, which carry no check digit.</summary>
    public static RegistrationNumber ForIndividual(string? text) => new("T" + ParseDigits(text), isCorporate: false);

    /// <summary>
    /// The check digit of a 12-digit corporate number base, as 法人番号の指定等に関する省令 defines it:
    /// 9 − (Σ_{n=1..12} Pn × Qn mod 9), where Pn is the n-th digit counted from the right and Qn is 1 for odd n
    /// and 2 for even n.
    /// </summary>
    public static int CorporateCheckDigit(string twelveDigits)
    {
        ArgumentNullException.ThrowIfNull(twelveDigits);
        if (twelveDigits.Length != 12 || !twelveDigits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A corporate number base is 12 digits.", nameof(twelveDigits));
        }

        var sum = 0;
        for (var n = 1; n <= 12; n++)
        {
            var digit = twelveDigits[12 - n] - '0';
            sum += digit * (n % 2 == 1 ? 1 : 2);
        }

        return 9 - (sum % 9);
    }

    public override string ToString() => Value ?? string.Empty;

    private static string ParseDigits(string? text)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length != 14 || trimmed[0] != 'T' || !trimmed.Skip(1).All(char.IsAsciiDigit))
        {
            throw new UnprocessableInputException(InvalidCode, "A registration number is \"T\" followed by 13 digits.");
        }

        return trimmed[1..];
    }
}
