using Market.Api.Persistence;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Agents.ListAgents;

/// <summary>The operator's vetting list: every agent, optionally only those in one vetting state, oldest first.</summary>
public sealed record ListAgents(AgentVettingStatus? Status, int Page, int PageSize) : IRequest<AgentPage>;

public sealed record AgentSummary(
    Guid Id,
    string Name,
    string OrganisationType,
    string Prefecture,
    string Municipality,
    string VettingStatus,
    string? VettingReason,
    DateTimeOffset? VettedAt,
    IReadOnlyList<string> Certifications,
    int MaxConcurrentJobs,
    DateTimeOffset CreatedAt);

public sealed record AgentPage(IReadOnlyList<AgentSummary> Items, int Page, int PageSize, int Total);

public sealed class ListAgentsHandler(MarketDbContext db) : IRequestHandler<ListAgents, AgentPage>
{
    public async Task<AgentPage> Handle(ListAgents request, CancellationToken cancellationToken)
    {
        var agents = db.Agents.AsNoTracking();
        if (request.Status is { } status)
        {
            agents = agents.Where(a => a.VettingStatus == status);
        }

        var total = await agents.CountAsync(cancellationToken);
        var page = await agents
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Name)
            .Skip((request.Page - 1) * request.PageSize)
            .Take(request.PageSize)
            .ToListAsync(cancellationToken);
        var items = page.Select(a => new AgentSummary(
            a.Id,
            a.Name,
            a.OrganisationType.ToString(),
            a.Prefecture,
            a.Municipality,
            a.VettingStatus.ToString(),
            a.VettingReason,
            a.VettedAt,
            a.Certifications.Select(c => c.ToString()).ToList(),
            a.MaxConcurrentJobs,
            a.CreatedAt)).ToList();
        return new AgentPage(items, request.Page, request.PageSize, total);
    }
}
