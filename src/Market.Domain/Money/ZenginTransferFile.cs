using System.Globalization;
using System.Text;
using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>The agent as the transfer's requester (振込依頼人): the code its bank gave it, its kana name and the account paid from.</summary>
public sealed record ZenginRequester
{
    public const int MaxNameLength = 40;

    public ZenginRequester(string requesterCode, string name, BankAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var code = requesterCode?.Trim() ?? string.Empty;
        if (code.Length != 10 || !code.All(char.IsAsciiDigit))
        {
            throw new UnprocessableInputException("zengin_requester_code_invalid", "The requester code (委託者コード) is the 10 digits the bank assigned.");
        }

        var half = KanaName.ToZenginHalfWidth(name);
        if (half.Length > MaxNameLength)
        {
            throw new UnprocessableInputException("zengin_requester_name_too_long", $"The requester name is at most {MaxNameLength} half-width characters.");
        }

        RequesterCode = code;
        Name = half;
        Account = account;
    }

    public string RequesterCode { get; }

    public string Name { get; }

    public BankAccount Account { get; }
}

/// <summary>One transfer: the account, the amount and an optional 顧客コード1 (up to 10 digits) the agent reconciles with.</summary>
public sealed record ZenginTransfer(BankAccount Account, Yen Amount, string? CustomerCode = null);

/// <summary>A transfer file as records of exactly 120 single-byte characters; the Api writes it in Shift_JIS.</summary>
public sealed record ZenginFile(IReadOnlyList<string> Records, int Count, Yen Total)
{
    /// <summary>The records joined by <paramref name="separator"/> (banks differ: CR LF after each record, or none).</summary>
    public string ToText(string separator = "\r\n") => string.Concat(Records.Select(r => r + separator));
}

/// <summary>
/// A 総合振込 (bulk transfer) file in the Zengin fixed-length format: one header record, one data record per
/// transfer, a trailer and an end record, each 120 characters. Numeric fields are right-aligned and
/// zero-padded, text fields left-aligned and space-padded.
/// <code>
/// Header  1  データ区分 1 | 種別コード 2 "21" | コード区分 1 "0" | 依頼人コード 10 | 依頼人名 40 | 取組日 MMDD 4
///            | 仕向銀行番号 4 | 仕向銀行名 15 | 仕向支店番号 3 | 仕向支店名 15 | 預金種目 1 | 口座番号 7 | ダミー 17   = 120
/// Data    2  データ区分 1 | 被仕向銀行番号 4 | 銀行名 15 | 支店番号 3 | 支店名 15 | 手形交換所番号 4 (spaces)
///            | 預金種目 1 | 口座番号 7 | 受取人名 30 | 振込金額 10 | 新規コード 1 "0" | 顧客コード1 10 | 顧客コード2 10
///            | 振込指定区分 1 "7" | 識別表示 1 " " | ダミー 7                                                    = 120
/// Trailer 8  データ区分 1 | 合計件数 6 | 合計金額 12 | ダミー 101                                                = 120
/// End     9  データ区分 1 | ダミー 119                                                                            = 120
/// </code>
/// 振込指定区分 7 asks for an electronic (テレ為替) transfer; 識別表示 is blank because 顧客コード carries no EDI data.
/// </summary>
public static class ZenginTransferFile
{
    public const int RecordLength = 120;
    public const string TransferTypeCode = "21";
    public const string CodeSetShiftJis = "0";
    public static readonly Yen MaxAmount = new(9_999_999_999);
    public const int MaxCount = 999_999;
    public static readonly Yen MaxTotal = new(999_999_999_999);

    public static ZenginFile Build(ZenginRequester requester, DateOnly transferDate, IReadOnlyList<ZenginTransfer> transfers)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(transfers);
        if (transfers.Count is 0 or > MaxCount)
        {
            throw new UnprocessableInputException("zengin_transfer_count_invalid", $"A transfer file carries 1 to {MaxCount} transfers.");
        }

        if (transfers.Any(t => t.Amount < new Yen(1) || t.Amount > MaxAmount))
        {
            throw new UnprocessableInputException("zengin_amount_out_of_range", "Each transfer is from ¥1 to ¥9,999,999,999.");
        }

        if (transfers.Any(t => t.CustomerCode is { } code && (code.Length is 0 or > 10 || !code.All(char.IsAsciiDigit))))
        {
            throw new UnprocessableInputException("zengin_customer_code_invalid", "A customer code is up to 10 digits.");
        }

        var total = Yen.Sum(transfers.Select(t => t.Amount));
        if (total > MaxTotal)
        {
            throw new UnprocessableInputException("zengin_total_out_of_range", "A transfer file totals at most ¥999,999,999,999.");
        }

        var records = new List<string> { Header(requester, transferDate) };
        records.AddRange(transfers.Select(Data));
        records.Add(Record('8', Number(transfers.Count, 6), Number(total.Amount, 12), Spaces(101)));
        records.Add(Record('9', Spaces(119)));
        return new ZenginFile(records, transfers.Count, total);
    }

    private static string Header(ZenginRequester requester, DateOnly transferDate)
    {
        var account = requester.Account;
        return Record(
            '1',
            TransferTypeCode,
            CodeSetShiftJis,
            requester.RequesterCode,
            Text(requester.Name, 40),
            transferDate.ToString("MMdd", CultureInfo.InvariantCulture),
            account.BankCode,
            Text(account.BankName, 15),
            account.BranchCode,
            Text(account.BranchName, 15),
            ((int)account.Type).ToString(CultureInfo.InvariantCulture),
            account.Number,
            Spaces(17));
    }

    private static string Data(ZenginTransfer transfer)
    {
        var account = transfer.Account;
        return Record(
            '2',
            account.BankCode,
            Text(account.BankName, 15),
            account.BranchCode,
            Text(account.BranchName, 15),
            Spaces(4),
            ((int)account.Type).ToString(CultureInfo.InvariantCulture),
            account.Number,
            Text(account.HolderName, 30),
            Number(transfer.Amount.Amount, 10),
            "0",
            transfer.CustomerCode is null ? Spaces(10) : transfer.CustomerCode.PadLeft(10, '0'),
            Spaces(10),
            "7",
            " ",
            Spaces(7));
    }

    private static string Record(char dataType, params string[] fields)
    {
        var record = new StringBuilder(RecordLength).Append(dataType);
        foreach (var field in fields)
        {
            record.Append(field);
        }

        var text = record.ToString();
        if (text.Length != RecordLength || !text.All(c => c == ' ' || KanaName.IsZenginHalfWidth(c.ToString())))
        {
            throw new InvalidOperationException($"A Zengin record of type {dataType} must be {RecordLength} single-byte characters, not {text.Length}.");
        }

        return text;
    }

    private static string Text(string? value, int width)
    {
        var text = value ?? string.Empty;
        if (text.Length > width)
        {
            throw new InvalidOperationException($"'{text}' does not fit in {width} characters.");
        }

        return text.PadRight(width, ' ');
    }

    private static string Number(long value, int width)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (value < 0 || text.Length > width)
        {
            throw new InvalidOperationException($"{value} does not fit in {width} digits.");
        }

        return text.PadLeft(width, '0');
    }

    private static string Spaces(int width) => new(' ', width);
}
