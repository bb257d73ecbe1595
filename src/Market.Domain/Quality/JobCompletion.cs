using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Quality;

/// <summary>Where a job stands on the way to delivery.</summary>
/// <param name="PlannedUnits">Units in the plan (withdrawn ones are not).</param>
/// <param name="Outstanding">Planned units not accepted yet, in sequence order.</param>
/// <param name="OpenAdjudications">Data-entry adjudications still open: their cells have no value yet.</param>
public sealed record JobCompletionStatus(JobId JobId, JobStatus JobStatus, int PlannedUnits, int AcceptedUnits, IReadOnlyList<WorkUnitId> Outstanding, int OpenAdjudications)
{
    /// <summary>Every planned unit is accepted and nothing is in dispute: the job can be assembled and the agent does the final check.</summary>
    public bool IsReadyForFinalCheck =>
        JobStatus is Jobs.JobStatus.InProgress or Jobs.JobStatus.RevisionRequested
        && PlannedUnits > 0
        && Outstanding.Count == 0
        && OpenAdjudications == 0;
}

/// <summary>When a job's work is done: every planned unit accepted, then the agent's final check, then delivery.</summary>
public static class JobCompletion
{
    public static JobCompletionStatus Evaluate(Job job, IEnumerable<WorkUnit> units, int openAdjudications = 0)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentOutOfRangeException.ThrowIfNegative(openAdjudications);
        var planned = units.Where(u => u.Status != WorkUnitStatus.Withdrawn).OrderBy(u => u.Sequence).ToList();
        if (planned.Any(u => u.JobId != job.Id))
        {
            throw new ArgumentException($"All units must belong to job {job.Id}.", nameof(units));
        }

        var outstanding = planned.Where(u => u.Status != WorkUnitStatus.Accepted).Select(u => u.Id).ToList();
        return new JobCompletionStatus(job.Id, job.Status, planned.Count, planned.Count - outstanding.Count, outstanding, openAdjudications);
    }

    /// <summary>The agent's final check passed: hands over the assembled deliverable, refusing while any unit is outstanding.</summary>
    public static void Deliver(Job job, IEnumerable<WorkUnit> units, int openAdjudications, FileId deliverable, DateTimeOffset now)
    {
        var status = Evaluate(job, units, openAdjudications);
        Guard.Against(status.PlannedUnits == 0, "job_has_no_units", "The job has no planned units to deliver.");
        Guard.Against(
            status.Outstanding.Count > 0,
            "job_units_not_all_accepted",
            $"{status.Outstanding.Count} of {status.PlannedUnits} unit(s) are not accepted yet.");
        Guard.Against(status.OpenAdjudications > 0, "job_adjudication_open", $"{status.OpenAdjudications} adjudication(s) are still open.");
        job.Deliver(deliverable, now);
    }
}

/// <summary>
/// The client's acceptance window: 14 days from delivery to accept or ask for a revision; after that the
/// delivery is accepted automatically (a Quartz job), so the agent is not left waiting on a silent client.
/// </summary>
public static class ClientAutoAccept
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);

    /// <summary>When the window closes for the current delivery; null unless the job is delivered.</summary>
    public static DateTimeOffset? DueAt(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Status == JobStatus.Delivered ? job.DeliveredAt + Window : null;
    }

    /// <summary>Delivered and the window has closed; at exactly 14 days it is due.</summary>
    public static bool IsDue(Job job, DateTimeOffset now) => DueAt(job) is { } due && now >= due;

    public static void AcceptIfDue(Job job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        Guard.Against(job.Status != JobStatus.Delivered, "job_not_delivered", "The job has not been delivered.");
        Guard.Against(!IsDue(job, now), "job_client_window_open", $"The client has {Window.TotalDays:0} days from delivery to decide.");
        job.Accept(now);
    }
}
