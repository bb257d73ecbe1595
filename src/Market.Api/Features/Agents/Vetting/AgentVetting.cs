using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Agents.Vetting;

/// <summary>The operator's moves on an agent. Each handler loads the agent, calls one domain method, saves once.</summary>
public sealed record ApproveAgent(Guid AgentId) : ICommand<MediatR.Unit>;

public sealed record SuspendAgent(Guid AgentId, string? Reason) : ICommand<MediatR.Unit>;

public sealed record ReinstateAgent(Guid AgentId, string? Reason) : ICommand<MediatR.Unit>;

public sealed record SetAgentCertification(Guid AgentId, OrganisationCertification Certification, bool Granted) : ICommand<MediatR.Unit>;

public sealed record SetAgentCapacity(Guid AgentId, int MaxConcurrentJobs) : ICommand<MediatR.Unit>;

/// <summary>Body of suspend and reinstate. A blank reason is the domain's to refuse, with its own code.</summary>
public sealed record VettingReasonBody(string? Reason);

public sealed record CertificationBody(OrganisationCertification Certification, bool Granted);

public sealed record CapacityBody(int MaxConcurrentJobs);

public sealed class SetAgentCertificationValidator : AbstractValidator<SetAgentCertification>
{
    public SetAgentCertificationValidator() => RuleFor(c => c.Certification).IsInEnum();
}

public sealed class AgentVettingHandlers(MarketDbContext db, TimeProvider clock) :
    IRequestHandler<ApproveAgent, MediatR.Unit>,
    IRequestHandler<SuspendAgent, MediatR.Unit>,
    IRequestHandler<ReinstateAgent, MediatR.Unit>,
    IRequestHandler<SetAgentCertification, MediatR.Unit>,
    IRequestHandler<SetAgentCapacity, MediatR.Unit>
{
    public Task<MediatR.Unit> Handle(ApproveAgent request, CancellationToken cancellationToken) =>
        ChangeAsync(request.AgentId, agent => agent.Approve(clock.GetUtcNow()), cancellationToken);

    public Task<MediatR.Unit> Handle(SuspendAgent request, CancellationToken cancellationToken) =>
        ChangeAsync(request.AgentId, agent => agent.Suspend(request.Reason!, clock.GetUtcNow()), cancellationToken);

    public Task<MediatR.Unit> Handle(ReinstateAgent request, CancellationToken cancellationToken) =>
        ChangeAsync(request.AgentId, agent => agent.Reinstate(request.Reason!, clock.GetUtcNow()), cancellationToken);

    public Task<MediatR.Unit> Handle(SetAgentCertification request, CancellationToken cancellationToken) =>
        ChangeAsync(
            request.AgentId,
            agent =>
            {
                if (request.Granted)
                {
                    agent.GrantCertification(request.Certification, clock.GetUtcNow());
                }
                else
                {
                    agent.RevokeCertification(request.Certification, clock.GetUtcNow());
                }
            },
            cancellationToken);

    public Task<MediatR.Unit> Handle(SetAgentCapacity request, CancellationToken cancellationToken) =>
        ChangeAsync(request.AgentId, agent => agent.SetCapacity(request.MaxConcurrentJobs), cancellationToken);

    private async Task<MediatR.Unit> ChangeAsync(Guid agentId, Action<Agent> change, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId, cancellationToken)
            ?? throw new NotFoundException("agent_not_found", "No such agent.");
        change(agent);
        await db.SaveChangesAsync(cancellationToken);
        return MediatR.Unit.Value;
    }
}
