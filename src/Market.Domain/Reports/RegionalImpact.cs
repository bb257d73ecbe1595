using Market.Domain.Common;
using Market.Domain.Jobs;

namespace Market.Domain.Reports;

/// <summary>Where a worker lives and when they were with an agent. <paramref name="LeftAt"/> is null while they are still registered.</summary>
public sealed record WorkerRegion(Guid UserId, string Prefecture, string Municipality, DateTimeOffset RegisteredAt, DateTimeOffset? LeftAt);

/// <summary>
/// A unit accepted for <paramref name="WorkerId"/>: its type, the worker's pay for it, and where the client that ordered
/// it is (null when the client gave no prefecture: such work is not counted as coming from outside).
/// </summary>
public sealed record AcceptedUnitFact(Guid WorkerId, JobType Type, Yen WorkerPay, string? ClientPrefecture, DateTimeOffset AcceptedAt);

/// <summary>A transfer to a worker the agent confirmed as made, on its payment date (Japan): money that reached the region.</summary>
public sealed record PaidOutFact(Guid WorkerId, Yen Amount, DateOnly PaidOn);

/// <summary>Work handed in by a worker (a submission): it makes the worker active in that month.</summary>
public sealed record WorkFact(Guid WorkerId, DateTimeOffset At);

public sealed record RegionalImpactRow(
    string Prefecture,
    string Municipality,
    YearMonth Month,
    int RegisteredWorkers,
    int ActiveWorkers,
    int TranscriptionUnits,
    int DataEntryUnits,
    int WebEditUnits,
    Yen YenToLocalWorkers,
    int UnitsFromOutsideRegion)
{
    public int UnitsDone => TranscriptionUnits + DataEntryUnits + WebEditUnits;

    /// <summary>Yen actually transferred to the place's workers in the month (confirmed payouts by payment date; failed transfers left out).</summary>
    public Yen YenPaidOut { get; init; }

    /// <summary>The share of the units done here that were ordered by a client in another prefecture (地域外からの仕事).</summary>
    public int? OutsideShareBasisPoints => Share.BasisPoints(UnitsFromOutsideRegion, UnitsDone);
}

/// <summary>
/// The regional impact report (field evidence: the Kochi programme's KPIs — workers engaged, amounts paid, and work
/// from clients outside the prefecture). Per prefecture, municipality and month (Japan time):
/// <list type="bullet">
/// <item>registered workers: registered before the month ended and not gone before it began;</item>
/// <item>active workers: handed in at least one unit in the month;</item>
/// <item>units done by type, and yen to local workers: units accepted in the month, at the worker's pay for them;</item>
/// <item>yen paid out: transfers to the place's workers confirmed by their agent, in the month of the payment date;</item>
/// <item>units from outside the region: of those, the ones whose client is in another prefecture than the worker.</item>
/// </list>
/// A worker counts where they live now (profiles keep no address history). Rows with nothing to report are left out.
/// </summary>
public static class RegionalImpactReport
{
    public static IReadOnlyList<RegionalImpactRow> Build(
        IReadOnlyCollection<WorkerRegion> workers,
        IEnumerable<WorkFact> work,
        IEnumerable<AcceptedUnitFact> accepted,
        YearMonth from,
        YearMonth to,
        IEnumerable<PaidOutFact>? paidOut = null)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(accepted);
        if (from > to)
        {
            throw new UnprocessableInputException("report_range_reversed", "The first month comes after the last.");
        }

        var regionOf = workers.ToDictionary(w => w.UserId);
        var activeByMonth = work
            .Where(f => regionOf.ContainsKey(f.WorkerId))
            .GroupBy(f => JapanTime.MonthOf(f.At))
            .ToDictionary(g => g.Key, g => g.Select(f => f.WorkerId).ToHashSet());
        var acceptedByMonth = accepted
            .Where(f => regionOf.ContainsKey(f.WorkerId))
            .GroupBy(f => JapanTime.MonthOf(f.AcceptedAt))
            .ToDictionary(g => g.Key, g => g.ToList());

        var paidByMonth = (paidOut ?? [])
            .Where(f => regionOf.ContainsKey(f.WorkerId))
            .GroupBy(f => new YearMonth(f.PaidOn.Year, f.PaidOn.Month))
            .ToDictionary(g => g.Key, g => g.ToList());

        var rows = new List<RegionalImpactRow>();
        foreach (var month in YearMonth.Range(from, to))
        {
            var active = activeByMonth.GetValueOrDefault(month) ?? [];
            var units = acceptedByMonth.GetValueOrDefault(month) ?? [];
            var paid = paidByMonth.GetValueOrDefault(month) ?? [];
            foreach (var place in workers.GroupBy(w => (w.Prefecture, w.Municipality)).OrderBy(g => PrefectureOrder(g.Key.Prefecture)).ThenBy(g => g.Key.Municipality, StringComparer.Ordinal))
            {
                var ids = place.Select(w => w.UserId).ToHashSet();
                var registered = place.Count(w => w.RegisteredAt < month.End && (w.LeftAt is not { } left || left >= month.Start));
                var here = units.Where(u => ids.Contains(u.WorkerId)).ToList();
                var row = new RegionalImpactRow(
                    place.Key.Prefecture,
                    place.Key.Municipality,
                    month,
                    registered,
                    active.Count(ids.Contains),
                    here.Count(u => u.Type == JobType.Transcription),
                    here.Count(u => u.Type == JobType.DataEntry),
                    here.Count(u => u.Type == JobType.WebEdit),
                    Yen.Sum(here.Select(u => u.WorkerPay)),
                    here.Count(u => u.ClientPrefecture is not null && u.ClientPrefecture != place.Key.Prefecture))
                {
                    YenPaidOut = Yen.Sum(paid.Where(f => ids.Contains(f.WorkerId)).Select(f => f.Amount)),
                };
                if (row.RegisteredWorkers > 0 || row.ActiveWorkers > 0 || row.UnitsDone > 0 || row.YenPaidOut.Amount > 0)
                {
                    rows.Add(row);
                }
            }
        }

        return rows;
    }

    private static int PrefectureOrder(string prefecture)
    {
        var index = Prefectures.All.ToList().IndexOf(prefecture);
        return index < 0 ? int.MaxValue : index;
    }
}
