using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Subcontracting;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Subcontracts.AnswerSubcontract;

/// <summary>The sub-agent answers a proposed subcontract. The domain checks that the caller's agent is the one asked.</summary>
public sealed record AcceptSubcontract(SubcontractId SubcontractId) : ICommand<MediatR.Unit>;

public sealed record DeclineSubcontract(SubcontractId SubcontractId, string? Reason) : ICommand<MediatR.Unit>;

/// <summary>Body of decline and cancel. A blank reason is the domain's to refuse (subcontract_reason_required).</summary>
public sealed record SubcontractReasonBody(string? Reason);

public sealed class AnswerSubcontractHandlers(MarketDbContext db, ICurrentUser caller, TimeProvider clock) :
    IRequestHandler<AcceptSubcontract, MediatR.Unit>,
    IRequestHandler<DeclineSubcontract, MediatR.Unit>
{
    public Task<MediatR.Unit> Handle(AcceptSubcontract request, CancellationToken cancellationToken) =>
        ChangeAsync(request.SubcontractId, (s, agentId) => s.Accept(agentId, clock.GetUtcNow()), cancellationToken);

    public Task<MediatR.Unit> Handle(DeclineSubcontract request, CancellationToken cancellationToken) =>
        ChangeAsync(request.SubcontractId, (s, agentId) => s.Decline(agentId, request.Reason!, clock.GetUtcNow()), cancellationToken);

    private async Task<MediatR.Unit> ChangeAsync(SubcontractId id, Action<Subcontract, Guid> change, CancellationToken cancellationToken)
    {
        var agentId = caller.TenantId ?? throw new ForbiddenException(ErrorCodes.Forbidden, "Only agent staff answer subcontracts.");
        var subcontract = await db.Subcontracts.SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new NotFoundException("subcontract_not_found", "No such subcontract.");
        change(subcontract, agentId);
        await db.SaveChangesAsync(cancellationToken);
        return MediatR.Unit.Value;
    }
}
