using Market.Domain.Assignments;
using Market.Domain.Certifications;
using Market.Domain.Jobs;
using Market.Domain.Quality;
using Market.Domain.Tests.Support;
using Market.Domain.Units;
using Market.Domain.Workers;

namespace Market.Domain.Tests.Quality;

/// <summary>A unit assigned and submitted through the real transitions, ready to be opened for review.</summary>
internal sealed class SubmittedWork
{
    public required Job Job { get; init; }

    public required WorkUnit Unit { get; init; }

    public required Assignment Assignment { get; init; }

    public Guid WorkerId => Assignment.WorkerId;
}

internal static class QualityFixture
{
    public const string Seed = "agent-sampling-seed-2025";

    /// <summary>Submission time; assignments start at <see cref="AgentLayer.WorkStarts"/>.</summary>
    public static readonly DateTimeOffset SubmittedAt = AgentLayer.WorkStarts.AddMinutes(20);

    public static readonly Guid WorkerId = AgentLayer.WorkerUserId(1);
    public static readonly Guid OtherWorkerId = AgentLayer.WorkerUserId(2);
    public static readonly Guid ReviewerId = Guid.Parse("c0000000-0000-4000-8000-000000000001");
    public static readonly Guid OwnerId = Guid.Parse("c0000000-0000-4000-8000-0000000000ff");

    public static readonly IReadOnlySet<string> ReviewerCertified = new HashSet<string> { CertificationCodes.Confidentiality, CertificationCodes.QcReviewer };

    /// <summary>A sampled submission with the seed's draw for every subject: Trial is always sampled.</summary>
    public static readonly SamplingPolicy ReviewEverything = new(10_000, 10_000, 10_000, 10_000);

    public static readonly SamplingPolicy ReviewNothing = new(0, 0, 0, 0);

    public static readonly Guid SubmissionId = Guid.Parse("d0000000-0000-4000-8000-000000000001");

    public static SubmittedWork Submit(Guid? workerId = null, JobType type = JobType.Transcription)
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, type);
        var unit = AgentLayer.Unit(job);
        var assignment = UnitAssignment.Assign(
            new AssignmentId(Guid.Parse("e0000000-0000-4000-8000-000000000001")),
            job,
            [],
            unit,
            null,
            AgentLayer.Candidate(AgentLayer.Worker(workerId ?? WorkerId)),
            AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId),
            AssignedBy.Claim,
            AgentLayer.WorkStarts);
        UnitAssignment.Submit(unit, assignment, assignment.Id, SubmittedAt);
        unit.ClearDomainEvents();
        assignment.ClearDomainEvents();
        return new SubmittedWork { Job = job, Unit = unit, Assignment = assignment };
    }

    /// <summary>A submitted unit opened for review and sampled (waiting for a reviewer).</summary>
    public static (SubmittedWork Work, ReviewTask Task) AwaitingReview(Guid? workerId = null)
    {
        var work = Submit(workerId);
        var task = SubmissionReview.Open(ReviewTaskId.New(), work.Unit, work.Assignment, SubmissionId, WorkerTier.B, ReviewEverything, Seed, SubmittedAt);
        task.ClearDomainEvents();
        work.Unit.ClearDomainEvents();
        return (work, task);
    }

    public static void ReturnForRework(SubmittedWork work, ReviewTask task, DateTimeOffset at, params string[] codes) =>
        SubmissionReview.ReturnForRework(
            task, work.Unit, work.Assignment, ReviewerId, ReviewerCertified,
            codes.Length == 0 ? [ReviewReasonCodes.Typo] : codes, "誤字があります", at.AddDays(2), at);

    /// <summary>The worker fixes the work on the reopened assignment and resubmits it.</summary>
    public static void Resubmit(SubmittedWork work, ReviewTask task, DateTimeOffset at)
    {
        UnitAssignment.Submit(work.Unit, work.Assignment, work.Assignment.Id, at);
        SubmissionReview.Resubmitted(task, work.Unit, work.Assignment, Guid.NewGuid(), at);
    }

    public static void Reject(SubmittedWork work, ReviewTask task, DateTimeOffset at) =>
        SubmissionReview.Reject(task, work.Unit, ReviewerId, ReviewerCertified, ReviewReasonCodes.WrongFormat, "指定の書式ではありません", at);

    public static T Single<T>(IEnumerable<object> events) => Assert.Single(events.OfType<T>());
}
