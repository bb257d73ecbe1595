using Market.Api.Features.Assignments;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Assignments;
using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using Market.Domain.Units;
using Market.Domain.Workers;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Me.Units;

public sealed record ClaimNextUnit : ICommand<AssignmentView>;


/// <summary>
/// The worker takes the next unit of their agent's pool. Many workers claim at once: the row is taken with
/// <c>FOR UPDATE SKIP LOCKED</c>, so each claimer skips units another is taking instead of queueing behind them, and
/// the partial unique index on active assignments is the last word on "one holder per unit".
/// </summary>
public sealed class ClaimNextUnitHandler(
    MarketDbContext db,
    ICurrentUser caller,
    AssignmentCandidates candidates,
    UnitWorkLoader loader,
    AuditLog audit,
    TimeProvider clock) : IRequestHandler<ClaimNextUnit, AssignmentView>
{
    // A claim is the hottest write of the marketplace, so it talks to PostgreSQL as little as it can (docs/benchmarks.md,
    // section 1): one read for the worker (profile, units held, valid certifications) and the agent, one statement that
    // picks and locks the unit and brings its job, the job's subcontracts and the twin with it, and one batch that
    // writes the assignment, the unit and the audit entry. Every rule is still decided by the domain on what was read,
    // exactly as before (UnitAssignment.Assign); only the number of round trips changed (it was ten).
    public async Task<AssignmentView> Handle(ClaimNextUnit request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var workerId = caller.UserId!.Value;
        var agentId = caller.TenantId ?? throw new ForbiddenException(ErrorCodes.Forbidden, "Only workers of an agent claim units.");
        var (candidate, agentRow) = await candidates.OneWithAgentAsync(agentId, workerId, now, cancellationToken)
            ?? throw new DomainRuleException(UnitAssignment.WorkerNotInAgent, "You have no worker profile with this agent.");
        var agent = agentRow ?? throw new NotFoundException("agent_not_found", "No such agent.");

        // Rules that hold for every unit are checked before touching the pool, so a worker at capacity or with a lapsed
        // certification gets the real reason rather than "nothing available".
        EligibilityException.ThrowIfAny(WorkerEligibility.EvaluateForAnyUnit(candidate));

        var work = await loader.FirstAsync(PickQuery(agentId, candidate.Profile, CertifiedScope.Of(candidate.ValidCertifications)), cancellationToken)
            ?? throw new NotFoundException("no_unit_available", "No unit you can take is waiting right now. Try again later.");
        var assignment = UnitAssignment.Assign(AssignmentId.New(), work.Job, work.Subcontracts, work.Unit, work.Twin, candidate, agent, AssignedBy.Claim, now);
        db.Assignments.Add(assignment);
        audit.Record("assignment.claimed", "unit", work.Unit.Id.Value.ToString(), new { assignmentId = assignment.Id.Value });
        await db.SaveChangesAsync(cancellationToken);
        return AssignmentView.From(assignment);
    }

    /// <param name="certified">What the worker's valid certifications allow: the pool is filtered by it, so a worker is
    /// never handed a unit that eligibility would then refuse for a missing certification.</param>
    private IQueryable<WorkUnit> PickQuery(Guid agentId, WorkerProfile profile, CertifiedScope certified)
    {
        var skills = profile.Skills.Where(certified.JobTypes.Contains).Select(s => (int)s).ToArray();
        var maxConfidentiality = (int)TierAccess.MaxConfidentiality(profile.Tier);
        return db.WorkUnits.FromSql(
            $"""
            SELECT pick.*
            FROM jobs j
            CROSS JOIN LATERAL (
                -- The whole row as locked: FOR UPDATE returns the unit's latest version, which the write then checks (xmin).
                SELECT u.*, u.xmin
                FROM work_units u
                WHERE u.job_id = j.id
                  AND u.status = {(int)WorkUnitStatus.Available}
                  -- Always true (sequence > 0), and what makes the planner read ix_work_units_job_id_status_sequence,
                  -- where the job's available units are one range in sequence order: on (job_id, sequence) it read
                  -- past every unit already claimed or done, one heap visit each, on every claim (migration 0067).
                  AND (u.status, u.sequence) > ({(int)WorkUnitStatus.Available}, 0)
                  AND (
                        (j.contracted_agent_id = {agentId}
                         AND NOT EXISTS (SELECT 1 FROM subcontracts s
                                         WHERE s.job_id = j.id AND s.status IN ({(int)SubcontractStatus.Proposed}, {(int)SubcontractStatus.Accepted})
                                           AND u.id = ANY (s.unit_ids)))
                     OR EXISTS (SELECT 1 FROM subcontracts s
                                WHERE s.job_id = j.id AND s.sub_agent_id = {agentId} AND s.status = {(int)SubcontractStatus.Accepted}
                                  AND u.id = ANY (s.unit_ids)))
                  -- A scalar lookup of the twin by its primary key. As NOT EXISTS (… t.worker_id = worker) the planner
                  -- scanned every unit for the worker's id (no index covers worker_id outside the held statuses):
                  -- 65 ms per claim at 100,000 units, growing with the table (docs/benchmarks.md).
                  AND (SELECT t.worker_id FROM work_units t WHERE t.id = u.twin_unit_id) IS DISTINCT FROM {profile.UserId}
                ORDER BY u.sequence
                LIMIT 1
                FOR UPDATE OF u SKIP LOCKED
            ) pick
            WHERE j.status IN ({(int)JobStatus.InProgress}, {(int)JobStatus.RevisionRequested})
              AND j.type = ANY({skills})
              AND j.confidentiality <= {maxConfidentiality}
              AND (j.type <> {(int)JobType.Transcription} OR {certified.EditedTranscription}
                   OR (j.transcription_settings ->> 'style')::int <> {(int)TranscriptionStyle.Edited})
              AND (j.type <> {(int)JobType.DataEntry} OR {certified.PersonalDataEntry} OR j.confidentiality <> {(int)ConfidentialityLevel.PersonalData})
              AND (j.contracted_agent_id = {agentId}
                   OR EXISTS (SELECT 1 FROM subcontracts s WHERE s.job_id = j.id AND s.sub_agent_id = {agentId} AND s.status = {(int)SubcontractStatus.Accepted}))
            ORDER BY j.deadline, j.id
            LIMIT 1
            """);
    }
}
