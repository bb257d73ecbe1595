using System.Text.Json;
using Market.Api.Features.Money.Data;
using Market.Domain.Money;

namespace Market.Api.Tests.Money;

/// <summary>The embedded bank code list and holiday list are the ones the npm lock file pins, and say what the packages say.</summary>
public sealed class MoneyDataTests
{
    private static JsonElement LockedPackage(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Marketplace.sln")))
        {
            directory = directory.Parent;
        }

        var lockFile = Path.Combine(directory!.FullName, "tools", "money-data", "package-lock.json");
        return JsonDocument.Parse(File.ReadAllText(lockFile)).RootElement.GetProperty("packages").GetProperty($"node_modules/{name}");
    }

    [Fact]
    public void ZenginCodeList_IsGeneratedFromTheLockedPackage_AndResolvesRealBanks()
    {
        var list = ZenginCodeList.Load();

        Assert.Equal(LockedPackage("zengin-code").GetProperty("version").GetString(), list.Version);
        Assert.True(list.BankCount > 1_000, $"only {list.BankCount} banks");
        var (bank, branch) = list.Resolve("0005", "001");
        Assert.Equal("ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ", bank.Kana);
        Assert.True(KanaName.IsZenginHalfWidth(branch.Kana));
    }

    [Fact]
    public void Holidays_AreGeneratedFromTheLockedPackage_AndMovePaymentDates()
    {
        var (holidays, version) = JapaneseHolidays.Load();
        var bank = new BankCalendar(holidays);
        var calendar = new PayoutCalendar(bank);

        Assert.Equal(LockedPackage("@holiday-jp/holiday_jp").GetProperty("version").GetString(), version);
        Assert.True(holidays.IsPublicHoliday(new DateOnly(2026, 9, 22))); // 国民の休日 between 敬老の日 and 秋分の日
        Assert.True(holidays.IsPublicHoliday(new DateOnly(2026, 5, 6)));  // 振替休日
        Assert.False(holidays.IsPublicHoliday(new DateOnly(2026, 9, 24)));
        // The semi-monthly 15 Sep 2026 cut-off pays at month end (Wed 30 Sep); the monthly August one pays the 25th (Fri).
        Assert.Equal(new DateOnly(2026, 9, 30), calendar.PaymentDate(new PayoutCutoff(PayoutSchedule.SemiMonthly, new DateOnly(2026, 9, 15))));
        // Daily: Fri 18 Sep closes, paid the next business day — Tue 22 Sep is a holiday, Mon 21 too: Thu 24 Sep.
        Assert.Equal(new DateOnly(2026, 9, 24), calendar.PaymentDate(new PayoutCutoff(PayoutSchedule.Daily, new DateOnly(2026, 9, 18))));
        Assert.Equal(2050, holidays.LastYear);
    }
}
