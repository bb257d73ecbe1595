using System.Text;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Quality;

/// <summary>A client's comment pinned to one unit of the delivery.</summary>
public sealed record UnitRevisionComment(WorkUnitId UnitId, int Sequence, string Comment);

/// <summary>
/// What the client wants changed in a delivery: a summary and comments pinned to units, so the agent knows
/// which units to revisit. <see cref="Job.RequestRevision"/> records the reason text; the pinned comments are
/// kept alongside (per job, per revision round).
/// </summary>
public sealed record RevisionRequest
{
    private RevisionRequest(JobId jobId, string summary, IReadOnlyList<UnitRevisionComment> unitComments)
    {
        JobId = jobId;
        Summary = summary;
        UnitComments = unitComments;
    }

    public JobId JobId { get; }

    public string Summary { get; }

    public IReadOnlyList<UnitRevisionComment> UnitComments { get; }

    /// <param name="units">The job's units; every pinned unit must be one of its planned units.</param>
    /// <param name="comments">Comments by unit id; at most one per unit.</param>
    public static RevisionRequest Create(Job job, IEnumerable<WorkUnit> units, string summary, IEnumerable<(WorkUnitId UnitId, string Comment)> comments)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(comments);
        var text = QualityText.Required(summary, "job_revision_reason_required", "Say what needs to change.");
        var planned = units.Where(u => u.JobId == job.Id && u.Status != WorkUnitStatus.Withdrawn).ToDictionary(u => u.Id);
        var pinned = new List<UnitRevisionComment>();
        foreach (var (unitId, comment) in comments)
        {
            if (!planned.TryGetValue(unitId, out var unit))
            {
                throw new UnprocessableInputException("revision_unit_unknown", $"Unit {unitId} is not part of this job's delivery.");
            }

            if (pinned.Any(p => p.UnitId == unitId))
            {
                throw new UnprocessableInputException("revision_unit_duplicate", $"Unit #{unit.Sequence} has more than one comment; combine them.");
            }

            pinned.Add(new UnitRevisionComment(unitId, unit.Sequence, QualityText.Required(comment, "revision_comment_required", "A pinned comment needs text.")));
        }

        return new RevisionRequest(job.Id, text, pinned.OrderBy(p => p.Sequence).ToList());
    }

    /// <summary>The reason recorded on the job: the summary, then one line per pinned unit.</summary>
    public string ToReasonText()
    {
        var text = new StringBuilder(Summary);
        foreach (var pinned in UnitComments)
        {
            text.Append('\n').Append('#').Append(pinned.Sequence).Append(": ").Append(pinned.Comment);
        }

        return text.ToString();
    }
}

/// <summary>
/// A client's revision request on a delivery, within <see cref="ClientAutoAccept.Window"/>. (Accepting needs no
/// companion: a late acceptance ends where the auto-acceptance would, so <see cref="Job.Accept"/> is enough.)
/// </summary>
public static class ClientReview
{
    public static void RequestRevision(Job job, RevisionRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.JobId != job.Id)
        {
            throw new ArgumentException($"The revision request is for job {request.JobId}, not {job.Id}.", nameof(request));
        }

        EnsureWithinWindow(job, now);
        job.RequestRevision(request.ToReasonText(), now);
    }

    /// <summary>After the window the delivery counts as accepted, even if the Quartz job has not run yet.</summary>
    private static void EnsureWithinWindow(Job job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        Guard.Against(job.Status != JobStatus.Delivered, "job_not_delivered", "The job has not been delivered.");
        Guard.Against(ClientAutoAccept.IsDue(job, now), "job_client_window_closed", $"The {ClientAutoAccept.Window.TotalDays:0}-day window to answer this delivery has closed.");
    }
}
