using Market.Domain.Common;
using Market.Domain.Quality;

namespace Market.Domain.Reports;

/// <summary>A delivery of one of the agent's jobs: when it was delivered and by when it was due.</summary>
public sealed record DeliveryFact(DateTimeOffset DeliveredAt, DateTimeOffset Deadline);

/// <summary>A sampled review (検品) of the agent's work that reached its final outcome.</summary>
public sealed record ReviewFact(ReviewStatus Status, int ReworkRounds, DateTimeOffset ClosedAt);

public sealed record AgentImpactFigures(int JobsDelivered, int JobsOnTime, int ReviewsClosed, int ReviewsPassed, int ReviewsReworked)
{
    /// <summary>Jobs delivered by their deadline, of the jobs delivered.</summary>
    public int? OnTimeBasisPoints => Share.BasisPoints(JobsOnTime, JobsDelivered);

    /// <summary>Sampled work a reviewer finally accepted, of the sampled work that reached a final outcome.</summary>
    public int? QcPassBasisPoints => Share.BasisPoints(ReviewsPassed, ReviewsClosed);

    /// <summary>Sampled work that was returned for rework at least once, of the same.</summary>
    public int? ReworkBasisPoints => Share.BasisPoints(ReviewsReworked, ReviewsClosed);
}

public sealed record AgentImpactMonth(YearMonth Month, AgentImpactFigures Figures);

/// <summary>
/// An agent's delivery and quality record for clients and the operator, per month (Japan time) and over the range.
/// Only sampled reviews count towards QC rates: work accepted without sampling, or because nobody reviewed it within
/// 72 hours, was never judged. A review closes when it is accepted (also after an overturned rejection), rejected, or
/// its rework was abandoned (which counts as not passed).
/// </summary>
public static class AgentImpactReport
{
    public static bool IsClosedReview(ReviewStatus status) =>
        status is ReviewStatus.Accepted or ReviewStatus.Rejected or ReviewStatus.ReworkAbandoned;

    public static (IReadOnlyList<AgentImpactMonth> Months, AgentImpactFigures Total) Build(
        IEnumerable<DeliveryFact> deliveries, IEnumerable<ReviewFact> reviews, YearMonth from, YearMonth to)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        ArgumentNullException.ThrowIfNull(reviews);
        if (from > to)
        {
            throw new UnprocessableInputException("report_range_reversed", "The first month comes after the last.");
        }

        var deliveredIn = deliveries.ToLookup(d => JapanTime.MonthOf(d.DeliveredAt));
        var closedIn = reviews.Where(r => IsClosedReview(r.Status)).ToLookup(r => JapanTime.MonthOf(r.ClosedAt));
        var months = YearMonth.Range(from, to)
            .Select(month => new AgentImpactMonth(month, Figures(deliveredIn[month], closedIn[month])))
            .ToList();
        var total = new AgentImpactFigures(
            months.Sum(m => m.Figures.JobsDelivered),
            months.Sum(m => m.Figures.JobsOnTime),
            months.Sum(m => m.Figures.ReviewsClosed),
            months.Sum(m => m.Figures.ReviewsPassed),
            months.Sum(m => m.Figures.ReviewsReworked));
        return (months, total);
    }

    private static AgentImpactFigures Figures(IEnumerable<DeliveryFact> deliveries, IEnumerable<ReviewFact> reviews)
    {
        var delivered = deliveries.ToList();
        var closed = reviews.ToList();
        return new AgentImpactFigures(
            delivered.Count,
            delivered.Count(d => d.DeliveredAt <= d.Deadline),
            closed.Count,
            closed.Count(r => r.Status == ReviewStatus.Accepted),
            closed.Count(r => r.ReworkRounds > 0));
    }
}
