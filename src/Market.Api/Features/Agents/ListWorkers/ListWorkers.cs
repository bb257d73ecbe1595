using Market.Api.Features.Assignments;
using Market.Api.Persistence;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Agents.ListWorkers;

public sealed record ListWorkers(Guid AgentId) : IRequest<IReadOnlyList<WorkerSummary>>;

/// <summary>A worker as the coordinator plans with them: availability, tier and what they hold right now.</summary>
public sealed record WorkerSummary(
    Guid UserId,
    string DisplayName,
    string Status,
    DateTimeOffset JoinedAt,
    string? Tier,
    int? HoursPerWeek,
    int? MaxConcurrentUnits,
    int ActiveUnits,
    IReadOnlyList<string> Skills);

public sealed class ListWorkersHandler(MarketDbContext db) : IRequestHandler<ListWorkers, IReadOnlyList<WorkerSummary>>
{
    public async Task<IReadOnlyList<WorkerSummary>> Handle(ListWorkers request, CancellationToken cancellationToken)
    {
        var rows = await db.Memberships.AsNoTracking()
            .Where(m => m.TenantId == request.AgentId && m.Role == Roles.Worker)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u.DisplayName })
            .OrderBy(x => x.DisplayName)
            .Select(x => new
            {
                x.m.UserId,
                x.DisplayName,
                x.m.Status,
                x.m.JoinedAt,
                Profile = db.WorkerProfiles.FirstOrDefault(p => p.UserId == x.m.UserId && p.AgentId == request.AgentId),
            })
            .ToListAsync(cancellationToken);

        // What each worker holds, counted once for the agent's workers over the held-units index, as the assignment
        // candidates count it (AssignmentCandidates.HeldCountsAsync): a count per worker row with the units' tenant filter
        // made the list of an agent of 4,000 workers take over a second, and with it the unit board (ADR 0045).
        var held = await AssignmentCandidates.HeldCountsAsync(
            db, u => db.Memberships.Any(m => m.TenantId == request.AgentId && m.Role == Roles.Worker && m.UserId == u.WorkerId), cancellationToken);
        return rows.Select(r => new WorkerSummary(
                r.UserId,
                r.DisplayName,
                r.Status.ToString(),
                r.JoinedAt,
                r.Profile?.Tier.ToString(),
                r.Profile?.HoursPerWeek,
                r.Profile?.MaxConcurrentUnits,
                held.GetValueOrDefault(r.UserId),
                r.Profile?.Skills.Select(s => s.ToString()).ToList() ?? []))
            .ToList();
    }
}
