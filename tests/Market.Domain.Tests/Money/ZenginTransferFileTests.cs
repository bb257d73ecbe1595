using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Tests.Support;
using static Market.Domain.Tests.Money.MoneyTestData;

namespace Market.Domain.Tests.Money;

public class ZenginTransferFileTests
{
    private static readonly ZenginRequester Requester = new(
        "1234567890",
        "ＮＰＯ　シマント　テレワーク",
        BankAccount.Create("0001", "123", BankAccountType.Ordinary, "7654321", "シマント テレワーク", "ミズホ", "コウチ"));

    private static string Sp(int count) => new(' ', count);

    /// <summary>
    /// The three-worker batch of <see cref="IssueFile_ThreeWorkerBatch_MatchesTheHandComputedFileByteForByte"/>, field by
    /// field. Each line's comment gives the field and its width; the widths add up to 120 per record.
    /// </summary>
    private static readonly string[] ExpectedRecords =
    [
        // Header: 1 + 2 + 1 + 10 + 40 + 4 + 4 + 15 + 3 + 15 + 1 + 7 + 17 = 120.
        "1"                                     // データ区分
        + "21"                                  // 種別コード: 総合振込
        + "0"                                   // コード区分: JIS/Shift_JIS
        + "1234567890"                          // 依頼人コード
        + "NPO ｼﾏﾝﾄ ﾃﾚﾜ-ｸ" + Sp(26)             // 依頼人名: 14 + 26 = 40
        + "1125"                                // 取組日: 25 November (Monthly, October close)
        + "0001"                                // 仕向銀行番号
        + "ﾐｽﾞﾎ" + Sp(11)                       // 仕向銀行名: 4 + 11 = 15
        + "123"                                 // 仕向支店番号
        + "ｺｳﾁ" + Sp(12)                        // 仕向支店名: 3 + 12 = 15
        + "1"                                   // 預金種目: 普通
        + "7654321"                             // 口座番号
        + Sp(17),                               // ダミー

        // Data, worker 1: 1 + 4 + 15 + 3 + 15 + 4 + 1 + 7 + 30 + 10 + 1 + 10 + 10 + 1 + 1 + 7 = 120.
        "2"                                     // データ区分
        + "0005"                                // 被仕向銀行番号
        + "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ" + Sp(2)               // 被仕向銀行名: 13 + 2 = 15
        + "001"                                 // 被仕向支店番号
        + "ﾎﾝﾃﾝ" + Sp(11)                       // 被仕向支店名: 4 + 11 = 15
        + Sp(4)                                 // 手形交換所番号
        + "1"                                   // 預金種目: 普通
        + "1234567"                             // 口座番号
        + "ﾔﾏﾀﾞ ﾀﾛｳ" + Sp(22)                   // 受取人名: 8 + 22 = 30
        + "0000125000"                          // 振込金額 ¥125,000
        + "0"                                   // 新規コード
        + Sp(10)                                // 顧客コード1
        + Sp(10)                                // 顧客コード2
        + "7"                                   // 振込指定区分: テレ為替
        + " "                                   // 識別表示
        + Sp(7),                                // ダミー

        // Data, worker 2: a current (当座) account with a 5-digit number, no bank or branch name known.
        "2" + "0173" + Sp(15) + "045" + Sp(15) + Sp(4) + "2" + "0098765"
        + "ｷﾖｳｺ ｽｽﾞｷ" + Sp(21)                  // 9 + 21 = 30
        + "0000001000" + "0" + Sp(10) + Sp(10) + "7" + " " + Sp(7),

        // Data, worker 3: ゆうちょ銀行 (9900), branch 018.
        "2" + "9900" + Sp(15) + "018" + Sp(15) + Sp(4) + "1" + "0012345"
        + "ｶﾞﾂｺｳ ﾊﾅｺ" + Sp(21)                  // 9 + 21 = 30
        + "0000038250" + "0" + Sp(10) + Sp(10) + "7" + " " + Sp(7),

        // Trailer: 1 + 6 + 12 + 101 = 120. 125,000 + 1,000 + 38,250 = 164,250.
        "8" + "000003" + "000000164250" + Sp(101),

        // End: 1 + 119 = 120.
        "9" + Sp(119),
    ];

    private static PayoutBatch ThreeWorkerBatch()
    {
        var cutoff = Calendar.Cutoff(PayoutSchedule.Monthly, new DateOnly(2026, 10, 31));
        WorkerDue[] dues =
        [
            new(Worker(1), new Yen(125_000), BankAccount.Create("0005", "001", BankAccountType.Ordinary, "1234567", "ヤマダ タロウ", "ミツビシユーエフジェイ", "ホンテン")),
            new(Worker(2), new Yen(1_000), BankAccount.Create("0173", "045", BankAccountType.Current, "98765", "きょうこ すずき")),
            new(Worker(3), new Yen(38_250), BankAccount.Create("9900", "018", BankAccountType.Ordinary, "0012345", "ガッコウ ハナコ")),
        ];
        var batch = PayoutBatch.Build(LeadAgentId, cutoff, Calendar, dues, Now);
        batch.MarkPosted(Now);
        return batch;
    }

    [Fact]
    public void ExpectedRecords_AsWrittenByHand_AreEach120Characters()
    {
        Assert.All(ExpectedRecords, r => Assert.Equal(120, r.Length));
    }

    [Fact]
    public void IssueFile_ThreeWorkerBatch_MatchesTheHandComputedFileByteForByte()
    {
        var file = ThreeWorkerBatch().IssueFile(Requester, Now);

        Assert.Equal(ExpectedRecords.Length, file.Records.Count);
        for (var record = 0; record < ExpectedRecords.Length; record++)
        {
            var expected = ShiftJis.Bytes(ExpectedRecords[record]);
            var actual = ShiftJis.Bytes(file.Records[record]);
            Assert.Equal(120, actual.Length);
            for (var position = 0; position < 120; position++)
            {
                Assert.True(
                    expected[position] == actual[position],
                    $"Record {record + 1}, byte {position + 1}: expected 0x{expected[position]:X2} ('{ExpectedRecords[record][position]}'), got 0x{actual[position]:X2} ('{file.Records[record][position]}').");
            }
        }

        Assert.Equal((3, new Yen(164_250)), (file.Count, file.Total));
    }

    [Fact]
    public void IssueFile_HalfWidthKana_AreSingleShiftJisBytes()
    {
        var file = ThreeWorkerBatch().IssueFile(Requester, Now);

        // ﾔ is 0xD4, ﾏ 0xCF, ﾀ 0xC0, ﾞ 0xDE in JIS X 0201; the name starts at byte 51 of a data record.
        Assert.Equal(new byte[] { 0xD4, 0xCF, 0xC0, 0xDE, 0x20, 0xC0, 0xDB, 0xB3 }, ShiftJis.Bytes(file.Records[1])[50..58]);
    }

    [Fact]
    public void ToText_WithCrLf_EndsEveryRecordWithALineBreak()
    {
        var text = ThreeWorkerBatch().IssueFile(Requester, Now).ToText();

        Assert.Equal(6 * 122, text.Length);
        Assert.Equal(6 * 122, ShiftJis.Bytes(text).Length);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithACustomerCode_ZeroPadsItIntoCustomerCode1()
    {
        var account = BankAccount.Create("0005", "001", BankAccountType.Ordinary, "1234567", "ヤマダ タロウ");

        var record = ZenginTransferFile.Build(Requester, new DateOnly(2026, 11, 25), [new ZenginTransfer(account, new Yen(5_000), "4711")]).Records[1];

        Assert.Equal("0000004711", record[91..101]);
        Assert.Equal("0000005000", record[80..90]);
    }

    [Theory]
    [InlineData(0, "zengin_amount_out_of_range")]
    [InlineData(10_000_000_000, "zengin_amount_out_of_range")]
    public void Build_WhenAnAmountDoesNotFit_IsRefused(long amount, string expected)
    {
        var account = BankAccount.Create("0005", "001", BankAccountType.Ordinary, "1234567", "ヤマダ タロウ");

        Assert.Equal(expected, Code(() => ZenginTransferFile.Build(Requester, new DateOnly(2026, 11, 25), [new ZenginTransfer(account, new Yen(amount))])));
    }

    [Fact]
    public void Build_WithoutTransfers_IsRefused()
    {
        Assert.Equal("zengin_transfer_count_invalid", Code(() => ZenginTransferFile.Build(Requester, new DateOnly(2026, 11, 25), [])));
    }

    [Theory]
    [InlineData("123456789", "シマント", "zengin_requester_code_invalid")]
    [InlineData("12345678901", "シマント", "zengin_requester_code_invalid")]
    [InlineData("1234567890", "四万十テレワーク", "zengin_name_not_kana")]
    // ｼﾏﾝﾄﾃﾚﾜｸｷﾖｳﾄﾞｳｸﾐｱｲ is 19 characters; twice with a space and ﾎﾝﾌﾞ is 43.
    [InlineData("1234567890", "シマントテレワークキヨウドウクミアイ シマントテレワークキヨウドウクミアイホンブ", "zengin_requester_name_too_long")]
    public void Requester_WhenMalformed_IsRefused(string code, string name, string expected)
    {
        var account = BankAccount.Create("0001", "123", BankAccountType.Ordinary, "7654321", "シマント");

        Assert.Equal(expected, Code(() => new ZenginRequester(code, name, account)));
    }
}
