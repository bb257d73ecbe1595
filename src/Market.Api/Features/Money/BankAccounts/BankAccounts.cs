using Market.Api.Features.Money.Data;
using Market.Api.Persistence;
using Market.Domain.Money;

namespace Market.Api.Features.Money.BankAccounts;

/// <summary>What anyone but the Zengin file sees of an account: the number masked to its last three digits.</summary>
public sealed record BankAccountView(
    string BankCode,
    string? BankName,
    string BranchCode,
    string? BranchName,
    BankAccountType AccountType,
    string AccountNumber,
    string HolderName,
    DateTimeOffset UpdatedAt)
{
    public static BankAccountView Of(BankAccountRow row) =>
        new(row.BankCode, row.BankName, row.BranchCode, row.BranchName, row.AccountType, row.MaskedNumber, row.HolderName, row.UpdatedAt);
}

/// <param name="AccountType">Ordinary (普通) or Current (当座).</param>
/// <param name="AccountNumber">Up to 7 digits.</param>
/// <param name="HolderName">The name on the account in katakana (full- or half-width) or hiragana.</param>
public sealed record BankAccountBody(string? BankCode, string? BranchCode, BankAccountType AccountType, string? AccountNumber, string? HolderName);

/// <summary>Checks an account against the domain's form rules and the published code list, and stores it encrypted.</summary>
public sealed class BankAccountStore(ZenginCodeList codes, BankDetailsProtector protector)
{
    /// <summary>The account with its bank and branch names from the code list; 422 when the form is wrong or the codes unknown.</summary>
    public BankAccount Validate(BankAccountBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var form = BankAccount.Create(body.BankCode, body.BranchCode, body.AccountType, body.AccountNumber, body.HolderName);
        var (bank, branch) = codes.Resolve(form.BankCode, form.BranchCode);
        return BankAccount.Create(form.BankCode, form.BranchCode, form.Type, form.Number, form.HolderName, bank.Kana, branch.Kana);
    }

    /// <returns>The row to add, or null when <paramref name="existing"/> was updated in place.</returns>
    public BankAccountRow? Store(BankAccountRow? existing, Guid ownerId, BankAccountOwner kind, Guid agentId, BankAccount account, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        var cipher = protector.Protect(account.Number, ownerId);
        if (existing is null)
        {
            return new BankAccountRow
            {
                OwnerId = ownerId,
                OwnerKind = kind,
                AgentId = agentId,
                BankCode = account.BankCode,
                BranchCode = account.BranchCode,
                AccountType = account.Type,
                NumberCipher = cipher,
                NumberLast3 = account.Number[^3..],
                HolderName = account.HolderName,
                BankName = account.BankName,
                BranchName = account.BranchName,
                UpdatedAt = now,
            };
        }

        existing.AgentId = agentId;
        existing.BankCode = account.BankCode;
        existing.BranchCode = account.BranchCode;
        existing.AccountType = account.Type;
        existing.NumberCipher = cipher;
        existing.NumberLast3 = account.Number[^3..];
        existing.HolderName = account.HolderName;
        existing.BankName = account.BankName;
        existing.BranchName = account.BranchName;
        existing.UpdatedAt = now;
        return null;
    }

    /// <summary>The full account, number decrypted: for the Zengin file only.</summary>
    public BankAccount Reveal(BankAccountRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return BankAccount.Create(row.BankCode, row.BranchCode, row.AccountType, protector.Unprotect(row.NumberCipher, row.OwnerId), row.HolderName, row.BankName, row.BranchName);
    }
}
