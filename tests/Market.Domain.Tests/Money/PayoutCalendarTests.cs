using Market.Domain.Common;
using Market.Domain.Money;
using static Market.Domain.Tests.Money.MoneyTestData;

namespace Market.Domain.Tests.Money;

public class PayoutCalendarTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Monthly: the 25th of the next month. 2026-11-25 is a Wednesday.
    [InlineData(PayoutSchedule.Monthly, "2026-10-31", "2026-11-25")]
    // 2026-04-25 is a Saturday → Friday 24th.
    [InlineData(PayoutSchedule.Monthly, "2026-03-31", "2026-04-24")]
    // 2026-10-25 is a Sunday → back over Saturday to Friday 23rd.
    [InlineData(PayoutSchedule.Monthly, "2026-09-30", "2026-10-23")]
    // 2027-12-25 is a Saturday → Friday 24th.
    [InlineData(PayoutSchedule.Monthly, "2027-11-30", "2027-12-24")]
    [InlineData(PayoutSchedule.Monthly, "2026-12-31", "2027-01-25")]
    // Semi-monthly, 15th close → the month's last day. 2026-12-31 is a Thursday but banks close 31 Dec → Wednesday 30th.
    [InlineData(PayoutSchedule.SemiMonthly, "2026-12-15", "2026-12-30")]
    // 2026-11-15 is a Sunday; the close is still the 15th (a calendar day), paid Monday 30 November.
    [InlineData(PayoutSchedule.SemiMonthly, "2026-11-15", "2026-11-30")]
    // 2027-02-28 is a Sunday → Friday 26th.
    [InlineData(PayoutSchedule.SemiMonthly, "2027-02-15", "2027-02-26")]
    // Semi-monthly, month-end close → the 15th of the next month. 2026-11-15 is a Sunday → Friday 13th.
    [InlineData(PayoutSchedule.SemiMonthly, "2026-10-31", "2026-11-13")]
    [InlineData(PayoutSchedule.SemiMonthly, "2026-12-31", "2027-01-15")]
    // Daily: the next bank business day. Friday 2026-11-20 → skip the weekend and 勤労感謝の日 (Monday 23rd) → Tuesday 24th.
    [InlineData(PayoutSchedule.Daily, "2026-11-20", "2026-11-24")]
    // Wednesday 2026-12-30 → 31 Dec and 1–3 Jan are bank holidays → Monday 2027-01-04.
    [InlineData(PayoutSchedule.Daily, "2026-12-30", "2027-01-04")]
    // Friday 2026-05-01 → weekend and Golden Week (3–6 May, 6 May being the substitute holiday) → Thursday 7th.
    [InlineData(PayoutSchedule.Daily, "2026-05-01", "2026-05-07")]
    public void PaymentDate_ForACutoff_IsTheScheduledDayOrThePreviousBankBusinessDay(PayoutSchedule schedule, string cutoff, string expected)
    {
        Assert.Equal(D(expected), Calendar.PaymentDate(Calendar.Cutoff(schedule, D(cutoff))));
    }

    [Theory]
    // 勤労感謝の日 (Monday) and the weekend before it.
    [InlineData("2026-11-23", "2026-11-20")]
    // 31 Dec to 3 Jan are closed although only 1 Jan is a public holiday.
    [InlineData("2026-12-31", "2026-12-30")]
    [InlineData("2027-01-03", "2026-12-30")]
    // Golden Week: Wednesday 6 May (substitute holiday) back to Friday 1 May.
    [InlineData("2026-05-06", "2026-05-01")]
    [InlineData("2026-11-24", "2026-11-24")]
    public void OnOrBefore_WhenBanksAreClosed_RollsBackToThePreviousBusinessDay(string date, string expected)
    {
        Assert.Equal(D(expected), Bank.OnOrBefore(D(date)));
    }

    [Theory]
    [InlineData("2026-12-31", false)]
    [InlineData("2027-01-02", false)]
    [InlineData("2027-01-04", true)]
    [InlineData("2026-11-23", false)]
    [InlineData("2026-11-21", false)]
    [InlineData("2026-11-24", true)]
    public void IsBusinessDay_ForADate_KnowsWeekendsHolidaysAndTheBankYearEnd(string date, bool expected)
    {
        Assert.Equal(expected, Bank.IsBusinessDay(D(date)));
    }

    [Fact]
    public void IsPublicHoliday_OutsideTheCoveredYears_ThrowsRatherThanGuessing()
    {
        Assert.Throws<InvalidOperationException>(() => Bank.IsBusinessDay(new DateOnly(2028, 3, 1)));
    }

    [Theory]
    [InlineData(PayoutSchedule.Monthly, "2026-11-30", true)]
    [InlineData(PayoutSchedule.SemiMonthly, "2026-11-15", false)]
    [InlineData(PayoutSchedule.SemiMonthly, "2026-11-30", true)]
    // Daily: the month's last bank business day. 2026-10-31 is a Saturday, so Friday 30 October closes the month.
    [InlineData(PayoutSchedule.Daily, "2026-10-30", true)]
    [InlineData(PayoutSchedule.Daily, "2026-10-29", false)]
    [InlineData(PayoutSchedule.Daily, "2026-12-30", true)]
    public void IsMonthEnd_ForACutoff_IsTheSchedulesLastCloseOfTheMonth(PayoutSchedule schedule, string date, bool expected)
    {
        Assert.Equal(expected, Calendar.IsMonthEnd(Calendar.Cutoff(schedule, D(date))));
    }

    [Theory]
    [InlineData(PayoutSchedule.Monthly, "2026-11-15")]
    [InlineData(PayoutSchedule.SemiMonthly, "2026-11-16")]
    [InlineData(PayoutSchedule.Daily, "2026-11-23")]
    [InlineData(PayoutSchedule.Daily, "2026-12-31")]
    public void Cutoff_WhenTheScheduleDoesNotCloseThatDay_IsRefused(PayoutSchedule schedule, string date)
    {
        Assert.Equal("payout_cutoff_invalid", Code(() => Calendar.Cutoff(schedule, D(date))));
    }

    [Fact]
    public void CutoffsBetween_TwoWeeksOfDailyPay_SkipsWeekendsAndHolidays()
    {
        var cutoffs = Calendar.CutoffsBetween(PayoutSchedule.Daily, D("2026-11-19"), D("2026-11-25")).Select(c => c.Date);

        Assert.Equal([D("2026-11-19"), D("2026-11-20"), D("2026-11-24"), D("2026-11-25")], cutoffs);
    }

    [Fact]
    public void CutoffOnOrAfter_SemiMonthly_FindsTheNextFifteenthOrMonthEnd()
    {
        Assert.Equal(new PayoutCutoff(PayoutSchedule.SemiMonthly, D("2027-02-15")), Calendar.CutoffOnOrAfter(PayoutSchedule.SemiMonthly, D("2027-02-01")));
        Assert.Equal(new PayoutCutoff(PayoutSchedule.SemiMonthly, D("2027-02-28")), Calendar.CutoffOnOrAfter(PayoutSchedule.SemiMonthly, D("2027-02-16")));
    }

    [Fact]
    public void ClosesAt_ACutoff_IsMidnightAfterItInJapan()
    {
        var cutoff = new PayoutCutoff(PayoutSchedule.Monthly, D("2026-11-30"));

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), cutoff.ClosesAt.ToUniversalTime());
    }
}
