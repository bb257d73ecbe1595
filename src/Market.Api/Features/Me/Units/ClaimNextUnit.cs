using Market.Api.Features.Assignments;
using Market.Api.Features.Certifications;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Assignments;
using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using Market.Domain.Tenancy;
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
    AuditLog audit,
    TimeProvider clock) : IRequestHandler<ClaimNextUnit, AssignmentView>
{
    private static readonly string[] TenantFilter = [MarketDbContext.TenantFilter];

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
        var worker = await WorkerAsync(agentId, workerId, now, cancellationToken)
            ?? throw new DomainRuleException(UnitAssignment.WorkerNotInAgent, "You have no worker profile with this agent.");
        var candidate = new AssignmentCandidate(worker.Profile, worker.Held, worker.Certifications.ToHashSet());
        var agent = worker.Agent ?? throw new NotFoundException("agent_not_found", "No such agent.");

        // Rules that hold for every unit are checked before touching the pool, so a worker at capacity or with a lapsed
        // certification gets the real reason rather than "nothing available".
        EligibilityException.ThrowIfAny(WorkerEligibility.EvaluateForAnyUnit(candidate));

        var work = await NextUnitAsync(agentId, candidate.Profile, CertifiedScope.Of(candidate.ValidCertifications), cancellationToken)
            ?? throw new NotFoundException("no_unit_available", "No unit you can take is waiting right now. Try again later.");
        var assignment = UnitAssignment.Assign(AssignmentId.New(), work.Job, work.Subcontracts, work.Unit, work.Twin, candidate, agent, AssignedBy.Claim, now);
        db.Assignments.Add(assignment);
        audit.Record("assignment.claimed", "unit", work.Unit.Id.Value.ToString(), new { assignmentId = assignment.Id.Value });
        await db.SaveChangesAsync(cancellationToken);
        return AssignmentView.From(assignment);
    }

    private sealed record WorkerRead(WorkerProfile Profile, int Held, List<string> Certifications, Agent? Agent);

    /// <summary>
    /// What <see cref="AssignmentCandidates"/> reads about one worker (the profile, the units held now, the certifications
    /// allowing new work through <see cref="CertificationValidity"/>) and the agent, in one statement.
    /// </summary>
    private Task<WorkerRead?> WorkerAsync(Guid agentId, Guid workerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var valid = CertificationValidity.AllowsNewWorkAt(now);
        return db.WorkerProfiles.IgnoreQueryFilters(TenantFilter)
            .Where(p => p.AgentId == agentId && p.UserId == workerId)
            .Select(p => new WorkerRead(
                p,
                db.WorkUnits.IgnoreQueryFilters(TenantFilter)
                    .Count(u => u.WorkerId == p.UserId && (u.Status == WorkUnitStatus.Assigned || u.Status == WorkUnitStatus.ReworkRequested)),
                db.WorkerCertifications.IgnoreQueryFilters(TenantFilter).Where(c => c.UserId == p.UserId).Where(valid).Select(c => c.Code).ToList(),
                db.Agents.FirstOrDefault(a => a.Id == agentId)))
            .SingleOrDefaultAsync(cancellationToken);
    }

    private sealed record PickedWork(WorkUnit Unit, Job? Job, List<Subcontract> Subcontracts, WorkUnit? Twin);

    /// <summary>The picked unit (locked), with everything the domain needs to assign it (what <see cref="UnitWorkLoader"/> loads).</summary>
    private async Task<UnitWork?> NextUnitAsync(Guid agentId, WorkerProfile profile, CertifiedScope certified, CancellationToken cancellationToken)
    {
        // Plain left joins on primary keys (not FirstOrDefault subqueries, which EF may turn into a window over the table).
        var picked = await (
                from u in PickQuery(agentId, profile, certified)
                join j in db.Jobs on u.JobId equals j.Id into jobs
                from j in jobs.DefaultIfEmpty()
                // The twin may sit outside the caller's view (subcontracted elsewhere); it is read only for the rule that
                // the two keyings of a record go to two different workers.
                join t in db.WorkUnits.IgnoreQueryFilters(TenantFilter) on u.TwinUnitId equals (WorkUnitId?)t.Id into twins
                from t in twins.DefaultIfEmpty()
                select new PickedWork(u, j, db.Subcontracts.Where(s => s.JobId == u.JobId).ToList(), t))
            .ToListAsync(cancellationToken);
        if (picked.Count == 0)
        {
            return null;
        }

        var work = picked[0];
        return new UnitWork(work.Unit, work.Job ?? throw new NotFoundException("job_not_found", "No such job."), work.Subcontracts, work.Twin);
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
