using Market.Api.Persistence;
using Market.Domain.Assignments;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Agents.UnitBoard;

/// <summary>
/// The agent's unit board: every unit in its pool — units of jobs it leads that are not handed to another agent
/// under an accepted subcontract, plus units subcontracted to it and accepted — with their state, who holds them and
/// when the lease runs out. Held units come first, the lease nearest to expiry on top.
/// </summary>
public sealed record ListAgentUnits(Guid AgentId, WorkUnitStatus? Status, JobId? JobId, int Page, int PageSize) : IRequest<AgentUnitPage>;

public sealed record UnitHolder(Guid WorkerId, string DisplayName);

/// <param name="Pool"><c>Lead</c> for units of a job the agent contracted, <c>Subcontract</c> for units handed to it.</param>
/// <param name="ProposedTo">For the lead: the agent a proposed subcontract offers the unit to (not handed out until it answers).</param>
public sealed record AgentUnitView(
    Guid Id,
    Guid JobId,
    string JobTitle,
    DateTimeOffset JobDeadline,
    int Sequence,
    string Kind,
    string Status,
    int EstimatedMinutes,
    string Pool,
    Guid? ProposedTo,
    UnitHolder? Holder,
    DateTimeOffset? LeaseExpiresAt);

public sealed record AgentUnitPage(IReadOnlyList<AgentUnitView> Items, int Page, int PageSize, int Total);

public sealed class ListAgentUnitsHandler(MarketDbContext db) : IRequestHandler<ListAgentUnits, AgentUnitPage>
{
    public async Task<AgentUnitPage> Handle(ListAgentUnits request, CancellationToken cancellationToken)
    {
        var agentId = request.AgentId;
        var subcontracts = db.Subcontracts.AsNoTracking();
        var rows =
            from u in db.WorkUnits.AsNoTracking()
            join j in db.Jobs.AsNoTracking() on u.JobId equals j.Id
            let leads = j.ContractedAgentId == agentId
            let handedOver = subcontracts.Any(s => s.JobId == u.JobId && s.Status == SubcontractStatus.Accepted
                && s.SubAgentId != agentId && EF.Property<List<WorkUnitId>>(s, "_unitIds").Contains(u.Id))
            let received = subcontracts.Any(s => s.JobId == u.JobId && s.Status == SubcontractStatus.Accepted
                && s.SubAgentId == agentId && EF.Property<List<WorkUnitId>>(s, "_unitIds").Contains(u.Id))
            where ((leads && !handedOver) || received) && u.Status != WorkUnitStatus.Withdrawn
            from a in db.Assignments.AsNoTracking().Where(a => a.UnitId == u.Id && a.Status == AssignmentStatus.Active).DefaultIfEmpty()
            from w in db.Users.AsNoTracking().Where(w => a != null && w.Id == a.WorkerId).DefaultIfEmpty()
            select new
            {
                Unit = u,
                JobTitle = j.Title,
                JobDeadline = j.Deadline,
                Leads = leads,
                ProposedTo = leads
                    ? subcontracts
                        .Where(s => s.JobId == u.JobId && s.Status == SubcontractStatus.Proposed && EF.Property<List<WorkUnitId>>(s, "_unitIds").Contains(u.Id))
                        .Select(s => (Guid?)s.SubAgentId)
                        .FirstOrDefault()
                    : null,
                WorkerId = a == null ? (Guid?)null : a.WorkerId,
                WorkerName = w == null ? null : w.DisplayName,
                ExpiresAt = a == null ? (DateTimeOffset?)null : a.ExpiresAt,
            };

        if (request.Status is { } status)
        {
            rows = rows.Where(r => r.Unit.Status == status);
        }

        if (request.JobId is { } jobId)
        {
            rows = rows.Where(r => r.Unit.JobId == jobId);
        }

        var total = await rows.CountAsync(cancellationToken);
        var page = await rows
            .OrderBy(r => r.ExpiresAt == null)
            .ThenBy(r => r.ExpiresAt)
            .ThenBy(r => r.JobDeadline)
            .ThenBy(r => r.Unit.JobId)
            .ThenBy(r => r.Unit.Sequence)
            .Skip((request.Page - 1) * request.PageSize)
            .Take(request.PageSize)
            .ToListAsync(cancellationToken);
        var items = page.Select(r => new AgentUnitView(
            r.Unit.Id.Value,
            r.Unit.JobId.Value,
            r.JobTitle,
            r.JobDeadline,
            r.Unit.Sequence,
            r.Unit.Kind.ToString(),
            r.Unit.Status.ToString(),
            r.Unit.EstimatedMinutes,
            r.Leads ? "Lead" : "Subcontract",
            r.ProposedTo,
            r.WorkerId is { } workerId ? new UnitHolder(workerId, r.WorkerName ?? string.Empty) : null,
            r.ExpiresAt)).ToList();
        return new AgentUnitPage(items, request.Page, request.PageSize, total);
    }
}
