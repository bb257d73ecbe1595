using System.Security.Cryptography;
using Market.Api.Features.Assignments;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Assignments;
using Market.Domain.Quality;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Quality;

/// <summary>
/// Opens the review of a submission, or puts a reworked one back in the queue, inside the submit's transaction:
/// <see cref="SubmissionReview.Open"/> on the first submission of an assignment, <see cref="SubmissionReview.Resubmitted"/>
/// after rework. The draw uses the agent's sampling policy and seed (created lazily with the defaults).
/// </summary>
public sealed class SubmissionReviews(MarketDbContext db, AuditLog audit)
{
    /// <summary>
    /// The unit returned for rework left the worker's hands (released, expired, revoked): its review task ends
    /// unpaid and leaves the queue instead of waiting forever. Call after the lease has ended.
    /// </summary>
    public async Task OnLeaseEndedAsync(Market.Domain.Units.WorkUnit unit, Assignment assignment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reworked = await db.ReviewTasks
            .Where(t => t.AssignmentId == assignment.Id && t.Status == ReviewStatus.ReturnedForRework)
            .SingleOrDefaultAsync(cancellationToken);
        if (reworked is not null)
        {
            SubmissionReview.ReworkAbandoned(reworked, unit, assignment, now);
            audit.Record("review.rework_abandoned", "review_task", reworked.Id.ToString(), new { unitId = unit.Id.Value }, reworked.AgentId);
        }
    }

    public async Task<ReviewTask> OnSubmittedAsync(UnitWork work, Assignment assignment, Guid submissionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reworked = await db.ReviewTasks
            .Where(t => t.AssignmentId == assignment.Id && t.Status == ReviewStatus.ReturnedForRework)
            .SingleOrDefaultAsync(cancellationToken);
        if (reworked is not null)
        {
            SubmissionReview.Resubmitted(reworked, work.Unit, assignment, submissionId, now);
            audit.Record("review.resubmitted", "review_task", reworked.Id.ToString(), new { unitId = work.Unit.Id.Value, submissionId }, reworked.AgentId);
            return reworked;
        }

        var settings = await SettingsAsync(assignment.AgentId, now, cancellationToken);
        var tier = await db.WorkerProfiles.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(p => p.UserId == assignment.WorkerId)
            .Select(p => (WorkerTier?)p.Tier)
            .SingleOrDefaultAsync(cancellationToken) ?? WorkerTier.Trial;
        var task = SubmissionReview.Open(ReviewTaskId.New(), work.Unit, assignment, submissionId, tier, settings.ToPolicy(), settings.Seed, now);
        db.ReviewTasks.Add(task);
        audit.Record(
            task.Sampled ? "review.opened" : "review.auto_accepted.not_sampled",
            "review_task",
            task.Id.ToString(),
            new { unitId = work.Unit.Id.Value, submissionId, tier = tier.ToString(), share = task.SamplingShare, draw = task.SamplingDraw },
            task.AgentId);
        return task;
    }

    /// <summary>The agent's settings; the row is created on first use with the default policy and a random seed.</summary>
    public async Task<AgentQualitySettings> SettingsAsync(Guid agentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await db.AgentQualitySettings.AsNoTracking().SingleOrDefaultAsync(s => s.AgentId == agentId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var policy = SamplingPolicy.Default;
        var seed = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        // Two first submissions racing: one insert wins, both read the winner's seed.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
             INSERT INTO agent_quality_settings (agent_id, trial_share, b_share, a_share, s_share, gold_share, gold_low_watermark, seed, created_at)
             VALUES ({agentId}, {policy.TrialShare}, {policy.BShare}, {policy.AShare}, {policy.SShare}, {GoldPolicy.DefaultShare}, {GoldPolicy.DefaultLowWatermark}, {seed}, {now})
             ON CONFLICT (agent_id) DO NOTHING
             """,
            cancellationToken);
        return await db.AgentQualitySettings.AsNoTracking().SingleAsync(s => s.AgentId == agentId, cancellationToken);
    }
}
