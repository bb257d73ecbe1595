using Market.Domain.Splitting.Csv;

namespace Market.Domain.Tests.Support;

internal static class TestCsv
{
    public static readonly string[] Fields = ["受付番号", "氏名", "電話番号", "住所"];

    /// <summary>A CSV of <paramref name="count"/> application records with awkward but realistic values.</summary>
    public static CsvTable Applications(int count)
    {
        var records = Enumerable.Range(1, count)
            .Select(i => (IReadOnlyList<string>)
            [
                $"R{i:D4}",
                i % 7 == 0 ? $"\"渡辺\" 花子{i}" : $"申請者{i}",
                $"088-{i % 1000:D3}-{(i * 37) % 10000:D4}",
                i % 5 == 0 ? $"高知県四万十市中村{i}番地,\r\n離れ" : $"長野県塩尻市大門{i}",
            ])
            .ToList();
        return new CsvTable(Fields, records);
    }
}
