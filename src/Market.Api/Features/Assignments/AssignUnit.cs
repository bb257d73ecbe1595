using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Assignments;
using Market.Domain.Common;
using Market.Domain.Units;
using MediatR;

namespace Market.Api.Features.Assignments;

/// <summary>A coordinator hands a unit to a named worker, or asks the policy to choose (<see cref="Auto"/>).</summary>
public sealed record AssignUnit(WorkUnitId UnitId, Guid? WorkerId, bool Auto) : ICommand<AssignmentView>;

public sealed record AssignBody(Guid? WorkerId, bool Auto = false);

public sealed record RankingView(Guid WorkerId, int? Rank, bool Eligible, IReadOnlyList<Refusal> Refusals, string Explanation);

public sealed record AssignmentView(
    Guid AssignmentId,
    Guid UnitId,
    Guid WorkerId,
    string AssignedBy,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<RankingView>? Ranking)
{
    public static AssignmentView From(Assignment assignment, IReadOnlyList<RankingView>? ranking = null) =>
        new(assignment.Id.Value, assignment.UnitId.Value, assignment.WorkerId, assignment.AssignedBy.ToString(), assignment.ExpiresAt, ranking);
}

public sealed class AssignUnitValidator : AbstractValidator<AssignUnit>
{
    public AssignUnitValidator() =>
        RuleFor(a => a.WorkerId).NotNull().When(a => !a.Auto).WithMessage("Name a worker, or ask for auto-assignment.");
}

public sealed class AssignUnitHandler(
    MarketDbContext db,
    ICurrentUser caller,
    UnitWorkLoader loader,
    AssignmentCandidates candidates,
    AuditLog audit,
    TimeProvider clock) : IRequestHandler<AssignUnit, AssignmentView>
{
    public async Task<AssignmentView> Handle(AssignUnit request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var agentId = caller.TenantId ?? throw new ForbiddenException(ErrorCodes.Forbidden, "Only agent staff assign units.");
        var agent = await db.Agents.FindAsync([agentId], cancellationToken) ?? throw new NotFoundException("agent_not_found", "No such agent.");
        var work = await loader.LoadAsync(request.UnitId, cancellationToken);

        IReadOnlyList<RankingView>? ranking = null;
        AssignmentCandidate candidate;
        if (request.Auto)
        {
            // Quality scores and recent earnings come with the QC and money capabilities; until then every worker
            // ranks at the team median and fair share is equal, so ties fall to the stable worker-id order.
            var team = await candidates.ForAgentAsync(agentId, null, now, cancellationToken);
            var decisions = AutoAssignPolicy.Rank(team, work.Unit, work.Job, new Dictionary<Guid, Yen>(), new Dictionary<Guid, int>(), work.Twin);
            ranking = decisions.Select(d => new RankingView(d.WorkerId, d.Rank, d.IsEligible, d.Refusals, d.Explanation)).ToList();
            var pick = AutoAssignPolicy.Pick(decisions)
                ?? throw new NoEligibleWorkerException(ranking);
            candidate = team.Single(c => c.WorkerId == pick.WorkerId);
        }
        else
        {
            candidate = (await candidates.ForAgentAsync(agentId, [request.WorkerId!.Value], now, cancellationToken)).SingleOrDefault()
                ?? throw new DomainRuleException(UnitAssignment.WorkerNotInAgent, "The worker is not registered with this agent.");
        }

        if (work.Unit.Status == WorkUnitStatus.Assigned)
        {
            // Reassignment: the current lease is revoked first and saved, so the one-active-lease index never sees two.
            var current = await loader.ActiveAssignmentAsync(work.Unit, cancellationToken);
            UnitAssignment.Revoke(work.Unit, current, "Reassigned by a coordinator.", now);
            audit.Record("assignment.revoked", "unit", work.Unit.Id.Value.ToString(), new { assignmentId = current.Id.Value, reason = "reassigned" });
            await db.SaveChangesAsync(cancellationToken);
        }

        var assignment = UnitAssignment.Assign(
            AssignmentId.New(), work.Job, work.Subcontracts, work.Unit, work.Twin, candidate, agent,
            request.Auto ? AssignedBy.AutoAssign : AssignedBy.Coordinator, now);
        db.Assignments.Add(assignment);
        audit.Record("assignment.created", "unit", work.Unit.Id.Value.ToString(), new { assignmentId = assignment.Id.Value, workerId = assignment.WorkerId, by = assignment.AssignedBy.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return AssignmentView.From(assignment, ranking);
    }
}

/// <summary>Nobody in the team may take the unit; the ranking says why for each worker.</summary>
public sealed class NoEligibleWorkerException(IReadOnlyList<RankingView> ranking)
    : DomainRuleException("no_eligible_worker", "No worker in the team may take this unit; see the reasons per worker.")
{
    public IReadOnlyList<RankingView> Ranking { get; } = ranking;
}
