using Microsoft.EntityFrameworkCore;
using Market.Domain.Tenancy;
using Market.Api.Infrastructure;
using Market.Api.Identity;
using System.Globalization;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Reports;
using MediatR;

namespace Market.Api.Features.Reports;

public sealed record RegionalImpactRowView(
    string Prefecture,
    string Municipality,
    string Month,
    int RegisteredWorkers,
    int ActiveWorkers,
    int UnitsDone,
    int TranscriptionUnits,
    int DataEntryUnits,
    int WebEditUnits,
    long YenToLocalWorkers,
    int UnitsFromOutsideRegion,
    int? OutsideShareBasisPoints,
    long YenPaidOut)
{
    public static RegionalImpactRowView From(RegionalImpactRow r) => new(
        r.Prefecture, r.Municipality, r.Month.ToString(), r.RegisteredWorkers, r.ActiveWorkers, r.UnitsDone,
        r.TranscriptionUnits, r.DataEntryUnits, r.WebEditUnits, r.YenToLocalWorkers.Amount, r.UnitsFromOutsideRegion, r.OutsideShareBasisPoints,
        r.YenPaidOut.Amount);
}

/// <summary>All places together in one month.</summary>
public sealed record RegionalImpactMonthView(
    string Month, int RegisteredWorkers, int ActiveWorkers, int UnitsDone, long YenToLocalWorkers, int UnitsFromOutsideRegion, int? OutsideShareBasisPoints, long YenPaidOut);

public sealed record RegionalImpactView(string From, string To, string? Prefecture, string YenBasis, IReadOnlyList<RegionalImpactRowView> Rows, IReadOnlyList<RegionalImpactMonthView> Months)
{
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "month", "prefecture", "municipality", "registered_workers", "active_workers", "units_done", "transcription_units", "data_entry_units",
        "web_edit_units", "yen_to_local_workers", "units_from_outside_region", "outside_share_percent", "yen_paid_out",
    ];

    public IEnumerable<IReadOnlyList<string>> CsvRecords() => Rows.Select(r => (IReadOnlyList<string>)
    [
        r.Month, r.Prefecture, r.Municipality, Number(r.RegisteredWorkers), Number(r.ActiveWorkers), Number(r.UnitsDone), Number(r.TranscriptionUnits),
        Number(r.DataEntryUnits), Number(r.WebEditUnits), r.YenToLocalWorkers.ToString(CultureInfo.InvariantCulture), Number(r.UnitsFromOutsideRegion),
        Share.Percent(r.OutsideShareBasisPoints), r.YenPaidOut.ToString(CultureInfo.InvariantCulture),
    ]);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The regional impact report for the operator (and, once the role exists, municipalities): see <see cref="RegionalImpactReport"/>.</summary>
public sealed record GetRegionalImpact(string? From, string? To, string? Prefecture) : IRequest<RegionalImpactView>;

public sealed class RegionalImpactHandler(ImpactFacts facts, MarketDbContext db, ICurrentUser caller, TimeProvider clock) : IRequestHandler<GetRegionalImpact, RegionalImpactView>
{
    public async Task<RegionalImpactView> Handle(GetRegionalImpact request, CancellationToken cancellationToken)
    {
        var (from, to) = ReportRange.Of(request.From, request.To, clock.GetUtcNow());
        var prefecture = request.Prefecture?.Trim();
        if (prefecture is { Length: 0 })
        {
            prefecture = null;
        }

        if (prefecture is not null && !Prefectures.IsKnown(prefecture))
        {
            throw new UnprocessableInputException("report_prefecture_unknown", $"'{prefecture}' is not a prefecture (use the full name, e.g. 高知県).");
        }

        prefecture = await ScopeOfCallerAsync(prefecture, cancellationToken);

        var set = await facts.ReadAsync(from, to, null, prefecture, cancellationToken);
        var rows = RegionalImpactReport.Build(set.Workers, set.Work, set.Accepted, from, to, set.PaidOut);
        var months = YearMonth.Range(from, to).Select(month =>
        {
            var inMonth = rows.Where(r => r.Month == month).ToList();
            var units = inMonth.Sum(r => r.UnitsDone);
            var outside = inMonth.Sum(r => r.UnitsFromOutsideRegion);
            return new RegionalImpactMonthView(
                month.ToString(), inMonth.Sum(r => r.RegisteredWorkers), inMonth.Sum(r => r.ActiveWorkers), units,
                inMonth.Sum(r => r.YenToLocalWorkers.Amount), outside, Share.BasisPoints(outside, units), inMonth.Sum(r => r.YenPaidOut.Amount));
        }).ToList();
        return new RegionalImpactView(from.ToString(), to.ToString(), prefecture, ImpactFacts.YenBasis, rows.Select(RegionalImpactRowView.From).ToList(), months);
    }

    /// <summary>
    /// The operator (and background work) sees any prefecture. A public body (a prefecture's or municipality's office posting work) sees its own
    /// prefecture — the municipalities of the field evidence follow their own workers — and a company client sees none.
    /// </summary>
    private async Task<string?> ScopeOfCallerAsync(string? prefecture, CancellationToken cancellationToken)
    {
        if (caller.SeesAllTenants)
        {
            return prefecture;
        }

        var firm = caller.TenantKind == TenantKind.Client && caller.TenantId is { } id
            ? await db.ClientFirms.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            : null;
        if (firm is not { Kind: ClientKind.PublicBody, Prefecture: { } own })
        {
            throw new ForbiddenException("report_public_bodies_only", "The regional impact report is for the platform operator and public bodies.");
        }

        return prefecture is null || prefecture == own
            ? own
            : throw new ForbiddenException("report_prefecture_not_yours", $"A public body sees its own prefecture's figures ({own}).");
    }
}

/// <summary>A report's months: both given (yyyy-MM), or the six months up to the current one in Japan; at most three years.</summary>
public static class ReportRange
{
    public const int MaxMonths = 36;

    public static (YearMonth From, YearMonth To) Of(string? from, string? to, DateTimeOffset now)
    {
        var last = string.IsNullOrEmpty(to) ? JapanTime.MonthOf(now) : YearMonth.Parse(to, "report_month_invalid");
        var first = string.IsNullOrEmpty(from)
            ? YearMonth.Range(new YearMonth(last.Year - 1, last.Month), last)[^6]
            : YearMonth.Parse(from, "report_month_invalid");
        if (first > last)
        {
            throw new UnprocessableInputException("report_range_reversed", "The first month comes after the last.");
        }

        if (YearMonth.Range(first, last).Count > MaxMonths)
        {
            throw new UnprocessableInputException("report_range_too_long", $"A report covers at most {MaxMonths} months.");
        }

        return (first, last);
    }
}
