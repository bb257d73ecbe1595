using Market.Api.Persistence;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Agents.ListWorkers;

public sealed record ListWorkers(Guid AgentId) : IRequest<IReadOnlyList<WorkerSummary>>;

public sealed record WorkerSummary(Guid UserId, string DisplayName, string Status, DateTimeOffset JoinedAt);

public sealed class ListWorkersHandler(MarketDbContext db) : IRequestHandler<ListWorkers, IReadOnlyList<WorkerSummary>>
{
    public async Task<IReadOnlyList<WorkerSummary>> Handle(ListWorkers request, CancellationToken cancellationToken) =>
        await db.Memberships.AsNoTracking()
            .Where(m => m.TenantId == request.AgentId && m.Role == Roles.Worker)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u.DisplayName })
            .OrderBy(x => x.DisplayName)
            .Select(x => new WorkerSummary(x.m.UserId, x.DisplayName, x.m.Status.ToString(), x.m.JoinedAt))
            .ToListAsync(cancellationToken);
}
