using System.Globalization;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Reports;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Reports;

public sealed record AgentFiguresView(
    int JobsDelivered,
    int JobsOnTime,
    int? OnTimeBasisPoints,
    int ReviewsClosed,
    int ReviewsPassed,
    int? QcPassBasisPoints,
    int ReviewsReworked,
    int? ReworkBasisPoints)
{
    public static AgentFiguresView From(AgentImpactFigures f) => new(
        f.JobsDelivered, f.JobsOnTime, f.OnTimeBasisPoints, f.ReviewsClosed, f.ReviewsPassed, f.QcPassBasisPoints, f.ReviewsReworked, f.ReworkBasisPoints);
}

/// <summary>One month of the agent: its delivery and QC record, and what its workers did and earned.</summary>
public sealed record AgentImpactMonthView(string Month, AgentFiguresView Figures, int ActiveWorkers, int UnitsDone, long YenToWorkers, long YenPaidOut);

public sealed record AgentImpactView(
    Guid AgentId,
    string AgentName,
    string From,
    string To,
    string YenBasis,
    AgentFiguresView Total,
    IReadOnlyList<AgentImpactMonthView> Months,
    IReadOnlyList<RegionalImpactRowView> Regions)
{
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "month", "jobs_delivered", "jobs_on_time", "on_time_percent", "reviews_closed", "reviews_passed", "qc_pass_percent", "reviews_reworked",
        "rework_percent", "active_workers", "units_done", "yen_to_workers", "yen_paid_out",
    ];

    public IEnumerable<IReadOnlyList<string>> CsvRecords() =>
        Months.Select(m => Record(m.Month, m.Figures, m.ActiveWorkers, m.UnitsDone, m.YenToWorkers, m.YenPaidOut))
            .Append(Record("total", Total, null, Months.Sum(m => m.UnitsDone), Months.Sum(m => m.YenToWorkers), Months.Sum(m => m.YenPaidOut)));

    private static IReadOnlyList<string> Record(string month, AgentFiguresView f, int? active, int units, long yen, long paid) =>
    [
        month, Number(f.JobsDelivered), Number(f.JobsOnTime), Share.Percent(f.OnTimeBasisPoints), Number(f.ReviewsClosed), Number(f.ReviewsPassed),
        Share.Percent(f.QcPassBasisPoints), Number(f.ReviewsReworked), Share.Percent(f.ReworkBasisPoints), active is { } a ? Number(a) : string.Empty,
        Number(units), yen.ToString(CultureInfo.InvariantCulture), paid.ToString(CultureInfo.InvariantCulture),
    ];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

public sealed record GetAgentImpact(Guid AgentId, string? From, string? To) : IRequest<AgentImpactView>;

/// <summary>An agent's record for clients and the operator: on-time delivery, QC pass and rework rates, and its workers' output (<see cref="AgentImpactReport"/>).</summary>
public sealed class AgentImpactHandler(MarketDbContext db, ImpactFacts facts, TimeProvider clock) : IRequestHandler<GetAgentImpact, AgentImpactView>
{
    public async Task<AgentImpactView> Handle(GetAgentImpact request, CancellationToken cancellationToken)
    {
        var (from, to) = ReportRange.Of(request.From, request.To, clock.GetUtcNow());
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == request.AgentId, cancellationToken)
            ?? throw new NotFoundException("agent_not_found", "No such agent.");
        var start = from.Start;
        var end = to.End;
        var deliveries = (await db.Jobs.AsNoTracking()
                .Where(j => j.ContractedAgentId == agent.Id && j.DeliveredAt >= start && j.DeliveredAt < end)
                .Select(j => new { DeliveredAt = j.DeliveredAt!.Value, j.Deadline })
                .ToListAsync(cancellationToken))
            .Select(j => new DeliveryFact(j.DeliveredAt, j.Deadline));
        var reviews = (await db.ReviewTasks.AsNoTracking()
                .Where(t => t.AgentId == agent.Id && t.Sampled && t.DecidedAt >= start && t.DecidedAt < end)
                .Select(t => new { t.Status, t.ReworkRounds, DecidedAt = t.DecidedAt!.Value })
                .ToListAsync(cancellationToken))
            .Select(t => new ReviewFact(t.Status, t.ReworkRounds, t.DecidedAt));
        var (months, total) = AgentImpactReport.Build(deliveries, reviews, from, to);

        var set = await facts.ReadAsync(from, to, agent.Id, null, cancellationToken);
        var regions = RegionalImpactReport.Build(set.Workers, set.Work, set.Accepted, from, to, set.PaidOut);
        var monthViews = months.Select(m =>
        {
            var rows = regions.Where(r => r.Month == m.Month).ToList();
            return new AgentImpactMonthView(
                m.Month.ToString(), AgentFiguresView.From(m.Figures), rows.Sum(r => r.ActiveWorkers), rows.Sum(r => r.UnitsDone), rows.Sum(r => r.YenToLocalWorkers.Amount),
                rows.Sum(r => r.YenPaidOut.Amount));
        }).ToList();
        return new AgentImpactView(
            agent.Id, agent.Name, from.ToString(), to.ToString(), ImpactFacts.YenBasis, AgentFiguresView.From(total), monthViews,
            regions.Select(RegionalImpactRowView.From).ToList());
    }
}
