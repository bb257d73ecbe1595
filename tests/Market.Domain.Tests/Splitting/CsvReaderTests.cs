using System.Text;
using Market.Domain.Common;
using Market.Domain.Splitting.Csv;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Splitting;

public class CsvReaderTests
{
    // A municipal survey export: quoted commas, doubled quotes, a CRLF and a bare LF inside quoted fields,
    // full-width and half-width kana, and a machine-dependent character (①) that only CP932 has.
    private const string Survey =
        "受付番号,氏名,住所,備考\r\n" +
        "1,山田 太郎,\"高知県高知市本町1-2-3, 401号\",\"「至急」と記載\"\r\n" +
        "2,ｻﾄｳ ﾊﾅｺ,\"長野県塩尻市\r\n大門八番町\",\"He said \"\"はい\"\"\"\r\n" +
        "3,鈴木①,\"北海道\n札幌市\",\r\n";

    private static readonly string[][] SurveyRecords =
    [
        ["1", "山田 太郎", "高知県高知市本町1-2-3, 401号", "「至急」と記載"],
        ["2", "ｻﾄｳ ﾊﾅｺ", "長野県塩尻市\r\n大門八番町", "He said \"はい\""],
        ["3", "鈴木①", "北海道\n札幌市", ""],
    ];

    private static void AssertSurvey(CsvTable table)
    {
        Assert.Equal(["受付番号", "氏名", "住所", "備考"], table.Header);
        Assert.Equal(SurveyRecords.Length, table.Records.Count);
        for (var i = 0; i < SurveyRecords.Length; i++)
        {
            Assert.Equal(SurveyRecords[i], table.Records[i]);
        }
    }

    [Fact]
    public void Read_Utf8WithoutBom_ParsesQuotedFieldsEscapedQuotesAndEmbeddedNewlines()
    {
        var table = CsvReader.Read(Encoding.UTF8.GetBytes(Survey));

        AssertSurvey(table);
        Assert.Equal(TextEncodingKind.Utf8, table.SourceEncoding);
    }

    [Fact]
    public void Read_Utf8WithBom_DropsTheBom()
    {
        var table = CsvReader.Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Survey)]);

        AssertSurvey(table);
    }

    [Fact]
    public void Read_ShiftJis_IsDetectedAndDecoded()
    {
        var table = CsvReader.Read(ShiftJis.Bytes(Survey));

        AssertSurvey(table);
        Assert.Equal(TextEncodingKind.ShiftJis, table.SourceEncoding);
    }

    [Fact]
    public void Read_WhenBytesAreNeitherUtf8NorShiftJis_IsRefused()
    {
        byte[] bytes = [.. "a,b\r\n1,"u8.ToArray(), 0x81, 0x20, .. "\r\n"u8.ToArray()];

        var refusal = Assert.Throws<UnprocessableInputException>(() => CsvReader.Read(bytes));

        Assert.Equal("csv_encoding_invalid", refusal.Code);
    }

    [Fact]
    public void Read_WhenUtf8BomIsFollowedByInvalidUtf8_IsRefused()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. ShiftJis.Bytes("氏名\r\n山田\r\n")];

        var refusal = Assert.Throws<UnprocessableInputException>(() => CsvReader.Read(bytes));

        Assert.Equal("csv_encoding_invalid", refusal.Code);
    }

    [Fact]
    public void Read_WhenUtf16_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => CsvReader.Read(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a,b\r\n1,2\r\n")).ToArray()));

        Assert.Equal("csv_encoding_invalid", refusal.Code);
    }

    [Fact]
    public void Read_WhenARowHasTooFewFields_IsRefusedWithItsPhysicalLineNumber()
    {
        // Record 2 spans lines 3–4, so the ragged record starts on line 5.
        const string csv = "a,b,c\r\n1,2,3\r\n4,\"five\r\nlines\",6\r\n7,8\r\n";

        var refusal = Assert.Throws<UnprocessableInputException>(() => CsvReader.Read(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal("csv_ragged_row", refusal.Code);
        Assert.Contains("Line 5", refusal.Message);
    }

    [Fact]
    public void Read_WhenARowHasTooManyFields_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => CsvReader.Read("a,b\n1,2,\n"u8));

        Assert.Equal("csv_ragged_row", refusal.Code);
        Assert.Contains("Line 2", refusal.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("氏名,住所\r\n")]
    [InlineData("\uFEFF")]
    public void Read_WhenThereAreNoRecords_IsRefusedAsEmpty(string csv)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => CsvReader.Read(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal("csv_empty", refusal.Code);
    }

    [Theory]
    [InlineData("a,b\r\n1,\"unterminated\r\n")]
    [InlineData("a,b\r\n1,\"closed\"x\r\n")]
    [InlineData("a,b\r\n1,in\"side\r\n")]
    public void Read_WhenQuotingIsBroken_IsRefusedAsMalformed(string csv)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => CsvReader.Read(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal("csv_malformed", refusal.Code);
    }

    [Theory]
    [InlineData("a,a\r\n1,2\r\n")]
    [InlineData("a,\r\n1,2\r\n")]
    public void Read_WhenHeaderHasDuplicateOrBlankNames_IsRefused(string csv)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => CsvReader.Read(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal("csv_header_invalid", refusal.Code);
    }

    [Fact]
    public void Read_WithCrOnlyLineEndingsAndNoFinalNewline_ParsesAllRecords()
    {
        var table = CsvReader.Read("a,b\r1,2\r3,\"x,y\""u8);

        Assert.Equal(2, table.Records.Count);
        Assert.Equal(["3", "x,y"], table.Records[1]);
    }

    [Fact]
    public void Read_SkipsBlankLinesBetweenAndAfterRecords()
    {
        var table = CsvReader.Read("a,b\n1,2\n\n3,4\n\n"u8);

        Assert.Equal(2, table.Records.Count);
    }

    [Fact]
    public void Read_WhenFieldIsEmptyQuotedString_KeepsTheRecord()
    {
        var table = CsvReader.Read("only\n\"\"\nx\n"u8);

        Assert.Equal([[""], ["x"]], table.Records.Select(r => r.ToArray()));
    }

    [Fact]
    public void Write_ThenRead_RoundTripsEveryField()
    {
        IReadOnlyList<string> header = ["id", "memo"];
        IReadOnlyList<string>[] records = [["1", "a,b"], ["2", "say \"hi\""], ["3", "line1\r\nline2"], ["4", ""], ["5", "lone\rcr"]];

        var bytes = CsvWriter.ToUtf8Bytes(header, records);
        var table = CsvReader.Read(bytes);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(header, table.Header);
        Assert.Equal(records.Select(r => r.ToArray()), table.Records.Select(r => r.ToArray()));
    }

    [Fact]
    public void Write_QuotesOnlyFieldsThatNeedIt()
    {
        Assert.Equal("a,b\r\nplain,\"with,comma\"\r\n", CsvWriter.ToText(["a", "b"], [["plain", "with,comma"]]));
    }
}
