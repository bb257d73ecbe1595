using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Agents.GetAgent;

public sealed record GetAgent(Guid AgentId) : IRequest<AgentProfile>;

/// <summary>An agent as its own staff and the operator see it: vetting, region, certifications and capacity.</summary>
public sealed record AgentProfile(
    Guid Id,
    string Name,
    string OrganisationType,
    string Prefecture,
    string Municipality,
    string InviteCode,
    string VettingStatus,
    string? VettingReason,
    DateTimeOffset? VettedAt,
    IReadOnlyList<string> Certifications,
    int MaxConcurrentJobs,
    int ActiveJobs,
    DateTimeOffset CreatedAt);

public sealed class GetAgentHandler(MarketDbContext db) : IRequestHandler<GetAgent, AgentProfile>
{
    public async Task<AgentProfile> Handle(GetAgent request, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == request.AgentId, cancellationToken)
            ?? throw new NotFoundException("agent_not_found", "No such agent.");
        var activeJobs = await AgentActiveLoad.CountAsync(db, agent.Id, cancellationToken);
        return ProfileOf(agent, activeJobs);
    }

    internal static AgentProfile ProfileOf(Agent agent, int activeJobs) => new(
        agent.Id,
        agent.Name,
        agent.OrganisationType.ToString(),
        agent.Prefecture,
        agent.Municipality,
        agent.InviteCode,
        agent.VettingStatus.ToString(),
        agent.VettingReason,
        agent.VettedAt,
        agent.Certifications.Select(c => c.ToString()).ToList(),
        agent.MaxConcurrentJobs,
        activeJobs,
        agent.CreatedAt);
}
