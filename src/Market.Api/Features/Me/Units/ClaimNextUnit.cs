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

/// <summary>
/// Claiming is one statement: it picks, locks, assigns and records the unit, and PostgreSQL commits it on its own
/// (<see cref="ISelfCommittingCommand"/>), so the unit's row lock lasts one statement rather than a transaction's round
/// trips (ADR 0047).
/// </summary>
public sealed record ClaimNextUnit : ICommand<AssignmentView>, ISelfCommittingCommand;


/// <summary>
/// The worker takes the next unit of their agent's pool. Many workers claim at once: the row is taken with
/// <c>FOR UPDATE SKIP LOCKED</c>, so each claimer skips units another is taking instead of queueing behind them, and
/// the partial unique index on active assignments is the last word on "one holder per unit".
/// </summary>
public sealed class ClaimNextUnitHandler(
    MarketDbContext db,
    ICurrentUser caller,
    AssignmentCandidates candidates,
    TimeProvider clock) : IRequestHandler<ClaimNextUnit, AssignmentView>
{
    // A claim is the hottest write of the marketplace (docs/benchmarks.md, section 1), so it is two statements. The first
    // reads the worker (profile, units held, valid certifications), and the domain decides on them the
    // rules that hold whatever the unit, so a worker at capacity or with a lapsed certification hears the real reason
    // rather than "nothing available". The second picks the first unit the worker may take, locks it, assigns it,
    // starts the assignment and writes the audit entry, committed by PostgreSQL as one statement: the row lock is held
    // for the statement alone, where a transaction held it across four round trips while other claimers skipped it
    // (ADR 0047). The pick's WHERE clause is the domain's per-unit eligibility (WorkerEligibility.Evaluate,
    // UnitVisibility.AssigningAgentId) and the lease is Assignment.LeaseLengthFor; ClaimRulesTests hold the statement
    // to the domain's decisions unit by unit.
    public async Task<AssignmentView> Handle(ClaimNextUnit request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var workerId = caller.UserId!.Value;
        var agentId = caller.TenantId ?? throw new ForbiddenException(ErrorCodes.Forbidden, "Only workers of an agent claim units.");
        var candidate = await candidates.OneAsync(agentId, workerId, now, cancellationToken)
            ?? throw new DomainRuleException(UnitAssignment.WorkerNotInAgent, "You have no worker profile with this agent.");
        EligibilityException.ThrowIfAny(WorkerEligibility.EvaluateForAnyUnit(candidate));

        var assignmentId = AssignmentId.New();
        var claimed = await db.Database
            .SqlQuery<ClaimedUnit>(ClaimStatement(assignmentId.Value, agentId, candidate.Profile, CertifiedScope.Of(candidate.ValidCertifications), now))
            .ToListAsync(cancellationToken);
        var unit = claimed.SingleOrDefault()
            ?? throw new NotFoundException("no_unit_available", "No unit you can take is waiting right now. Try again later.");
        return new AssignmentView(assignmentId.Value, unit.UnitId, workerId, nameof(AssignedBy.Claim), unit.ExpiresAt, null);
    }

    private sealed record ClaimedUnit(Guid UnitId, DateTimeOffset ExpiresAt);

    /// <summary>
    /// The pick of a claim statement as sent (its first CTE, <c>WITH pick AS (…)</c>), on its own, returning the picked
    /// unit's id as <c>"Value"</c>: the bench's pgbench script runs it and the plan checks EXPLAIN it, since the whole
    /// statement also assigns the unit and writes an assignment under an id already used. A statement without the CTE is
    /// returned as it is.
    /// </summary>
    public static string PickOf(string claimStatement)
    {
        ArgumentNullException.ThrowIfNull(claimStatement);
        const string marker = "WITH pick AS (";
        var start = claimStatement.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return claimStatement;
        }

        start += marker.Length;
        var depth = 0;
        var end = start;
        for (; end < claimStatement.Length; end++)
        {
            if (claimStatement[end] == '(')
            {
                depth++;
            }
            else if (claimStatement[end] == ')' && depth-- == 0)
            {
                break;
            }
        }

        return claimStatement[start..end].Trim().Replace("SELECT pick.id, pick.job_id, pick.estimated_minutes", "SELECT pick.id AS \"Value\"", StringComparison.Ordinal);
    }

    /// <param name="certified">What the worker's valid certifications allow: the pool is filtered by it, so a worker is
    /// never handed a unit that eligibility would refuse for a missing certification.</param>
    /// <remarks>
    /// The pick is the first CTE (<c>WITH pick AS (…)</c>); the bench and the plan tests EXPLAIN it on its own (<see cref="PickOf"/>).
    /// UnitAssignment.Assign's effects, in SQL: the unit Assigned to the worker (WorkUnit.Assign), the assignment Active
    /// with a lease of twice the unit's estimate and at least Assignment.MinLeaseMinutes (Assignment.Start), the audit
    /// entry AuditLog.Record would write.
    /// </remarks>
    private static FormattableString ClaimStatement(Guid assignmentId, Guid agentId, WorkerProfile profile, CertifiedScope certified, DateTimeOffset now)
    {
        var skills = profile.Skills.Where(certified.JobTypes.Contains).Select(s => (int)s).ToArray();
        var maxConfidentiality = (int)TierAccess.MaxConfidentiality(profile.Tier);
        var workerId = profile.UserId;
        return $"""
            WITH pick AS (
                SELECT pick.id, pick.job_id, pick.estimated_minutes
                FROM jobs j
                CROSS JOIN LATERAL (
                    SELECT u.id, u.job_id, u.estimated_minutes
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
                      AND (SELECT t.worker_id FROM work_units t WHERE t.id = u.twin_unit_id) IS DISTINCT FROM {workerId}
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
            ),
            unit AS (
                UPDATE work_units u
                SET status = {(int)WorkUnitStatus.Assigned}, worker_id = {workerId}, assignment_id = {assignmentId}, assigned_at = {now}
                FROM pick
                WHERE u.id = pick.id
                RETURNING u.id, u.job_id, greatest({Assignment.MinLeaseMinutes}, 2 * u.estimated_minutes) AS lease_minutes
            ),
            assignment AS (
                INSERT INTO assignments (id, unit_id, job_id, worker_id, agent_id, assigned_by, status, lease_minutes, assigned_at, last_activity_at, expires_at)
                SELECT {assignmentId}, unit.id, unit.job_id, {workerId}, {agentId}, {(int)AssignedBy.Claim}, {(int)AssignmentStatus.Active},
                       unit.lease_minutes, {now}, {now}, {now} + make_interval(mins => unit.lease_minutes)
                FROM unit
                RETURNING unit_id, expires_at
            ),
            audit AS (
                INSERT INTO audit_log (occurred_at, actor_user_id, tenant_id, action, subject_type, subject_id, detail)
                SELECT {now}, {workerId}, {agentId}, 'assignment.claimed', 'unit', assignment.unit_id::text, jsonb_build_object('assignmentId', {assignmentId})
                FROM assignment
            )
            SELECT assignment.unit_id AS "UnitId", assignment.expires_at AS "ExpiresAt" FROM assignment
            """;
    }
}
