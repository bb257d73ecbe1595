using Market.Domain.Common;
using Market.Domain.Money;

namespace Market.Domain.Tests.Money;

public class BankAccountTests
{
    [Fact]
    public void Create_WithAShortNumber_PadsItToSevenDigitsAndConvertsTheName()
    {
        var account = BankAccount.Create("0173", "045", BankAccountType.Ordinary, "98765", "すずき きょうこ", "シコク", "コウチエキマエ");

        Assert.Equal(("0173", "045", BankAccountType.Ordinary, "0098765"), (account.BankCode, account.BranchCode, account.Type, account.Number));
        Assert.Equal("ｽｽﾞｷ ｷﾖｳｺ", account.HolderName);
        Assert.Equal(("ｼｺｸ", "ｺｳﾁｴｷﾏｴ"), (account.BankName, account.BranchName));
    }

    [Fact]
    public void Masked_Always_ShowsOnlyTheLastThreeDigits()
    {
        var account = BankAccount.Create("0001", "001", BankAccountType.Ordinary, "1234567", "ヤマダ タロウ");

        Assert.Equal("****567", account.Masked());
        Assert.DoesNotContain("1234567", account.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("1234", account.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithALongBankName_CutsItToFifteenCharacters()
    {
        var account = BankAccount.Create("0005", "001", BankAccountType.Ordinary, "1234567", "ヤマダ タロウ", "ミツビシユーエフジェイギンコウ");

        // ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲｷﾞﾝｺｳ is 18 characters; the first 15 are kept.
        Assert.Equal("ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲｷﾞ", account.BankName);
    }

    [Theory]
    [InlineData("001", "001", 1, "1234567", "ヤマダ", "bank_code_invalid")]
    [InlineData("00O1", "001", 1, "1234567", "ヤマダ", "bank_code_invalid")]
    [InlineData("00011", "001", 1, "1234567", "ヤマダ", "bank_code_invalid")]
    [InlineData("0001", "01", 1, "1234567", "ヤマダ", "branch_code_invalid")]
    [InlineData("0001", "0011", 1, "1234567", "ヤマダ", "branch_code_invalid")]
    [InlineData("0001", "001", 3, "1234567", "ヤマダ", "account_type_invalid")]
    [InlineData("0001", "001", 0, "1234567", "ヤマダ", "account_type_invalid")]
    [InlineData("0001", "001", 1, "12345678", "ヤマダ", "account_number_invalid")]
    [InlineData("0001", "001", 1, "12a4567", "ヤマダ", "account_number_invalid")]
    [InlineData("0001", "001", 1, "", "ヤマダ", "account_number_invalid")]
    [InlineData("0001", "001", 1, "0000000", "ヤマダ", "account_number_invalid")]
    [InlineData("0001", "001", 1, "1234567", "山田", "zengin_name_not_kana")]
    [InlineData("0001", "001", 1, "1234567", "", "zengin_name_required")]
    // 31 half-width characters once the voiced marks are split off.
    [InlineData("0001", "001", 1, "1234567", "ガギグゲゴ ガギグゲゴ ガギグゲゴ", "bank_holder_name_too_long")]
    public void Create_WithAMalformedField_IsRefusedWithItsCode(string bank, string branch, int type, string number, string holder, string expected)
    {
        var exception = Assert.Throws<UnprocessableInputException>(() => BankAccount.Create(bank, branch, (BankAccountType)type, number, holder));

        Assert.Equal(expected, exception.Code);
    }

    [Fact]
    public void Create_WithExactlyThirtyCharacters_IsAccepted()
    {
        // ｶﾞｷﾞｸﾞｹﾞｺﾞ is 10; three of them with two spaces is 32, so use 28 + 2 spaces = ｶﾞｷﾞｸﾞｹﾞｺﾞ ｶﾞｷﾞｸﾞｹﾞｺﾞ ｱｲｳｴｵｶｷｸ.
        var account = BankAccount.Create("0001", "001", BankAccountType.Current, "1", "ガギグゲゴ ガギグゲゴ アイウエオカキク");

        Assert.Equal(30, account.HolderName.Length);
        Assert.Equal("0000001", account.Number);
    }
}
