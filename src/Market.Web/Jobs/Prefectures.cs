namespace Market.Web.Jobs;

/// <summary>One of Japan's 47 prefectures: its JIS code and the full name the API expects (e.g. 高知県).</summary>
public sealed record Prefecture(string Code, string Name)
{
    public string LabelKey => "Prefecture_" + Code;
}

/// <summary>A conventional region, used only to group the prefectures on forms.</summary>
public sealed record PrefectureRegion(string Key, IReadOnlyList<Prefecture> Prefectures)
{
    public string LabelKey => "Region_" + Key;
}

public static class Prefectures
{
    public static readonly IReadOnlyList<Prefecture> All =
    [
        new("01", "北海道"), new("02", "青森県"), new("03", "岩手県"), new("04", "宮城県"), new("05", "秋田県"), new("06", "山形県"),
        new("07", "福島県"), new("08", "茨城県"), new("09", "栃木県"), new("10", "群馬県"), new("11", "埼玉県"), new("12", "千葉県"),
        new("13", "東京都"), new("14", "神奈川県"), new("15", "新潟県"), new("16", "富山県"), new("17", "石川県"), new("18", "福井県"),
        new("19", "山梨県"), new("20", "長野県"), new("21", "岐阜県"), new("22", "静岡県"), new("23", "愛知県"), new("24", "三重県"),
        new("25", "滋賀県"), new("26", "京都府"), new("27", "大阪府"), new("28", "兵庫県"), new("29", "奈良県"), new("30", "和歌山県"),
        new("31", "鳥取県"), new("32", "島根県"), new("33", "岡山県"), new("34", "広島県"), new("35", "山口県"), new("36", "徳島県"),
        new("37", "香川県"), new("38", "愛媛県"), new("39", "高知県"), new("40", "福岡県"), new("41", "佐賀県"), new("42", "長崎県"),
        new("43", "熊本県"), new("44", "大分県"), new("45", "宮崎県"), new("46", "鹿児島県"), new("47", "沖縄県"),
    ];

    public static readonly IReadOnlyList<PrefectureRegion> Regions =
    [
        Region("HokkaidoTohoku", 1, 7),
        Region("Kanto", 8, 14),
        Region("Chubu", 15, 23),
        Region("Kinki", 24, 30),
        Region("Chugoku", 31, 35),
        Region("Shikoku", 36, 39),
        Region("KyushuOkinawa", 40, 47),
    ];

    private static readonly Dictionary<string, Prefecture> ByName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static Prefecture? Find(string name) => ByName.GetValueOrDefault(name);

    private static PrefectureRegion Region(string key, int first, int last) => new(key, All.Skip(first - 1).Take(last - first + 1).ToList());
}
