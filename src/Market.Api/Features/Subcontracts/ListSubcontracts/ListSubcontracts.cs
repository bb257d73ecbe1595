using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Subcontracts.ListSubcontracts;

/// <summary>
/// A job's subcontracts, oldest first. The tenant filter decides whose: the lead sees all of them, a sub-agent only
/// those offered to it (also after it declined, although the job itself is then out of its sight).
/// </summary>
public sealed record ListSubcontracts(JobId JobId) : IRequest<IReadOnlyList<SubcontractView>>;

public sealed record GetSubcontract(SubcontractId SubcontractId) : IRequest<SubcontractView>;

public sealed record SubcontractView(
    Guid Id,
    Guid JobId,
    Guid LeadAgentId,
    string LeadAgentName,
    Guid SubAgentId,
    string SubAgentName,
    IReadOnlyList<Guid> UnitIds,
    int UnitCount,
    long AgreedPrice,
    string PriceBasis,
    long TotalPrice,
    string Status,
    string? EndReason,
    DateTimeOffset ProposedAt,
    DateTimeOffset? DecidedAt);

public sealed class ListSubcontractsHandlers(MarketDbContext db) :
    IRequestHandler<ListSubcontracts, IReadOnlyList<SubcontractView>>,
    IRequestHandler<GetSubcontract, SubcontractView>
{
    public async Task<IReadOnlyList<SubcontractView>> Handle(ListSubcontracts request, CancellationToken cancellationToken)
    {
        var subcontracts = db.Subcontracts.AsNoTracking().Where(s => s.JobId == request.JobId);
        if (!await db.Jobs.AnyAsync(j => j.Id == request.JobId, cancellationToken) && !await subcontracts.AnyAsync(cancellationToken))
        {
            throw new NotFoundException("job_not_found", "No such job.");
        }

        return await ViewsAsync(subcontracts.OrderBy(s => s.ProposedAt).ThenBy(s => s.Id), cancellationToken);
    }

    public async Task<SubcontractView> Handle(GetSubcontract request, CancellationToken cancellationToken) =>
        (await ViewsAsync(db.Subcontracts.AsNoTracking().Where(s => s.Id == request.SubcontractId), cancellationToken)).SingleOrDefault()
        ?? throw new NotFoundException("subcontract_not_found", "No such subcontract.");

    private async Task<IReadOnlyList<SubcontractView>> ViewsAsync(IQueryable<Subcontract> query, CancellationToken cancellationToken)
    {
        var subcontracts = await query.ToListAsync(cancellationToken);
        var agentIds = subcontracts.SelectMany(s => new[] { s.LeadAgentId, s.SubAgentId }).Distinct().ToList();
        // Lead and sub-agent are different tenants that deal with each other: each sees the other's name.
        var names = await db.Agents.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(a => agentIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        return subcontracts.Select(s => new SubcontractView(
            s.Id.Value,
            s.JobId.Value,
            s.LeadAgentId,
            names.GetValueOrDefault(s.LeadAgentId, string.Empty),
            s.SubAgentId,
            names.GetValueOrDefault(s.SubAgentId, string.Empty),
            s.UnitIds.Select(u => u.Value).ToList(),
            s.UnitIds.Count,
            s.AgreedPrice.Amount,
            s.PriceBasis.ToString(),
            s.TotalPrice.Amount,
            s.Status.ToString(),
            s.EndReason,
            s.ProposedAt,
            s.DecidedAt)).ToList();
    }
}
