using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Subcontracts.ProposeSubcontract;

/// <param name="Price">Integer yen, per unit or for the whole set as <paramref name="Basis"/> says.</param>
public sealed record SubcontractBody(Guid SubAgentId, IReadOnlyList<Guid> UnitIds, long Price, SubcontractPriceBasis Basis);

/// <summary>The lead agent offers a set of the job's units to an allied agent (地域間連携).</summary>
public sealed record ProposeSubcontract(JobId JobId, Guid SubAgentId, IReadOnlyList<Guid> UnitIds, long Price, SubcontractPriceBasis Basis)
    : ICommand<SubcontractId>;

public sealed class ProposeSubcontractValidator : AbstractValidator<ProposeSubcontract>
{
    public const int MaxUnits = 10_000;

    public ProposeSubcontractValidator()
    {
        RuleFor(s => s.SubAgentId).NotEmpty();
        RuleFor(s => s.UnitIds).NotEmpty().Must(ids => ids.Count <= MaxUnits).WithMessage($"At most {MaxUnits} units per subcontract.");
        RuleForEach(s => s.UnitIds).NotEmpty();
        RuleFor(s => s.Price).GreaterThan(0).WithMessage("The price is a whole number of yen above 0.");
        RuleFor(s => s.Basis).IsInEnum();
    }
}

public sealed class ProposeSubcontractHandler(MarketDbContext db, ICurrentUser caller, TimeProvider clock)
    : IRequestHandler<ProposeSubcontract, SubcontractId>
{
    public async Task<SubcontractId> Handle(ProposeSubcontract request, CancellationToken cancellationToken)
    {
        var leadAgentId = caller.TenantId ?? throw new ForbiddenException(ErrorCodes.Forbidden, "Only agent staff subcontract.");
        // "A unit in at most one live subcontract" spans rows (unit ids live in arrays), so no unique index can hold
        // it: proposals on one job are serialised on the job's row instead, and each sees the one before it.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM jobs WHERE id = {request.JobId.Value} FOR UPDATE", cancellationToken);
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == request.JobId, cancellationToken)
            ?? throw new NotFoundException("job_not_found", "No such job.");
        // The sub-agent is another tenant by definition; its vetting, region and certifications are the domain's to judge.
        var subAgent = await db.Agents.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .SingleOrDefaultAsync(a => a.Id == request.SubAgentId, cancellationToken)
            ?? throw new UnprocessableInputException("subcontract_sub_agent_not_found", "No such agent to subcontract to.");
        var unitIds = request.UnitIds.Distinct().Select(id => new WorkUnitId(id)).ToList();
        var units = await db.WorkUnits.AsNoTracking()
            .Where(u => u.JobId == job.Id && unitIds.Contains(u.Id))
            .ToListAsync(cancellationToken);
        if (units.Count != unitIds.Count)
        {
            throw new UnprocessableInputException("subcontract_unit_not_found", "Every unit must be one of this job's units.");
        }

        var existing = await db.Subcontracts.AsNoTracking().Where(s => s.JobId == job.Id).ToListAsync(cancellationToken);
        var subcontract = Subcontract.Propose(
            SubcontractId.New(), job, leadAgentId, subAgent, units, existing, new Yen(request.Price), request.Basis, clock.GetUtcNow());
        db.Subcontracts.Add(subcontract);
        await db.SaveChangesAsync(cancellationToken);
        return subcontract.Id;
    }
}
