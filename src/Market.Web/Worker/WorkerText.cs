using Market.Web.Api;
using Market.Web.Formatting;
using Microsoft.Extensions.Localization;

namespace Market.Web.Worker;

public static class WorkerText
{
    /// <summary>
    /// What a statement line was, in the reader's language: the job and unit an earning (or its reversal) paid for, the
    /// schedule and payment date of a transfer (or a failed one). The ledger's English memo only when neither is known.
    /// </summary>
    public static string StatementLine(IStringLocalizer localizer, StatementLine line)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(line);
        return line switch
        {
            { Kind: "Earning", JobTitle: { } title, UnitSequence: { } unit } => localizer["Worker_StatementLine_Earning", title, unit].Value,
            { Kind: "Reversal", JobTitle: { } title, UnitSequence: { } unit } => localizer["Worker_StatementLine_Reversal", title, unit].Value,
            { Kind: "Payout", PaymentDate: { } date, Schedule: { } schedule } =>
                localizer["Worker_StatementLine_Payout", localizer.Label("Worker_Schedule_", schedule), Agent.AgentText.Date(date)].Value,
            { Kind: "PayoutFailed", PaymentDate: { } date } => localizer["Worker_StatementLine_PayoutFailed", Agent.AgentText.Date(date)].Value,
            _ => line.Description,
        };
    }

    /// <summary>"1 時間 20 分" / "1 h 20 min" of lease left; under a minute reads as 0 minutes.</summary>
    public static string TimeLeft(IStringLocalizer localizer, int minutesLeft)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var minutes = Math.Max(0, minutesLeft);
        return minutes >= 60
            ? localizer["Worker_TimeLeftHours", minutes / 60, minutes % 60].Value
            : localizer["Worker_TimeLeftMinutes", minutes].Value;
    }

    /// <summary>A score or share in basis points (0–10,000) as a percentage with one decimal: 8,750 → "87.5%".</summary>
    public static string Percent(int basisPoints) =>
        (basisPoints / 100m).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    /// <summary>A mean grade in hundredths of a point: 425 → "4.25".</summary>
    public static string Grade(int hundredths) =>
        (hundredths / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
