using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>預金種目 as the Zengin format codes it.</summary>
public enum BankAccountType
{
    /// <summary>普通預金.</summary>
    Ordinary = 1,

    /// <summary>当座預金.</summary>
    Current = 2,
}

/// <summary>
/// A Japanese bank account transfers go to (a worker's) or come from (an agent's). Codes are checked for form
/// here; whether the bank and branch exist is checked by the Api against the published code list. The number
/// is shown only as <see cref="Masked"/> — <see cref="ToString"/> never prints it — and in the Zengin file.
/// </summary>
public sealed record BankAccount
{
    public const int MaxHolderNameLength = 30;
    public const int BankNameLength = 15;

    private BankAccount(string bankCode, string branchCode, BankAccountType type, string number, string holderName, string? bankName, string? branchName)
    {
        BankCode = bankCode;
        BranchCode = branchCode;
        Type = type;
        Number = number;
        HolderName = holderName;
        BankName = bankName;
        BranchName = branchName;
    }

    /// <summary>4 digits (金融機関コード).</summary>
    public string BankCode { get; }

    /// <summary>3 digits (支店コード).</summary>
    public string BranchCode { get; }

    public BankAccountType Type { get; }

    /// <summary>7 digits, zero-padded on the left.</summary>
    public string Number { get; }

    /// <summary>The holder's name in Zengin half-width kana (口座名義カナ), at most 30 characters, ﾞ and ﾟ counting as one each.</summary>
    public string HolderName { get; }

    /// <summary>The bank's name in half-width kana, if known (for reference only in transfers; cut to 15 characters).</summary>
    public string? BankName { get; }

    public string? BranchName { get; }

    /// <param name="number">Up to 7 digits; a shorter number is padded with zeros on the left, as banks write it.</param>
    /// <param name="holderName">The holder's name in kana (full- or half-width, or hiragana), converted by <see cref="KanaName.ToZenginHalfWidth"/>.</param>
    /// <param name="bankName">Optional, from the bank code list.</param>
    /// <param name="branchName">Optional, from the bank code list.</param>
    public static BankAccount Create(string? bankCode, string? branchCode, BankAccountType type, string? number, string? holderName, string? bankName = null, string? branchName = null)
    {
        var bank = bankCode?.Trim() ?? string.Empty;
        if (bank.Length != 4 || !bank.All(char.IsAsciiDigit))
        {
            throw new UnprocessableInputException("bank_code_invalid", "A bank code is 4 digits.");
        }

        var branch = branchCode?.Trim() ?? string.Empty;
        if (branch.Length != 3 || !branch.All(char.IsAsciiDigit))
        {
            throw new UnprocessableInputException("branch_code_invalid", "A branch code is 3 digits.");
        }

        if (!Enum.IsDefined(type))
        {
            throw new UnprocessableInputException("account_type_invalid", "The account type is 1 (普通) or 2 (当座).");
        }

        var digits = number?.Trim() ?? string.Empty;
        if (digits.Length is < 1 or > 7 || !digits.All(char.IsAsciiDigit) || digits.All(c => c == '0'))
        {
            throw new UnprocessableInputException("account_number_invalid", "An account number is up to 7 digits.");
        }

        var holder = KanaName.ToZenginHalfWidth(holderName);
        if (holder.Length > MaxHolderNameLength)
        {
            throw new UnprocessableInputException("bank_holder_name_too_long", $"A holder name is at most {MaxHolderNameLength} half-width characters (ﾞ and ﾟ count as one each).");
        }

        return new BankAccount(bank, branch, type, digits.PadLeft(7, '0'), holder, OptionalName(bankName), OptionalName(branchName));
    }

    /// <summary>The last three digits, e.g. <c>****567</c>.</summary>
    public string Masked() => "****" + Number[^3..];

    public override string ToString() => $"{BankCode}-{BranchCode} {Type} {Masked()}";

    private static string? OptionalName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var half = KanaName.ToZenginHalfWidth(name);
        return half.Length <= BankNameLength ? half : half[..BankNameLength];
    }
}
