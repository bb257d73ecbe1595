using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Offers.StartWork;

/// <summary>
/// The contracted agent releases the job to its workers: the job goes InProgress and every planned unit becomes
/// available, in one transaction. Subcontracted units are released too; who may assign them is decided later by
/// <see cref="Market.Domain.Subcontracting.UnitVisibility.AssigningAgentId"/>.
/// </summary>
public sealed record StartWork(JobId JobId) : ICommand<WorkStarted>;

public sealed record WorkStarted(Guid JobId, string Status, int UnitsMadeAvailable);

public sealed class StartWorkHandler(MarketDbContext db, ICurrentUser caller, TimeProvider clock) : IRequestHandler<StartWork, WorkStarted>
{
    public async Task<WorkStarted> Handle(StartWork request, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Id == request.JobId, cancellationToken)
            ?? throw new NotFoundException("job_not_found", "No such job.");
        // A sub-agent sees the job too (through its subcontract) but only the lead releases it.
        if (job.ContractedAgentId != caller.TenantId)
        {
            throw new ForbiddenException("job_not_lead_agent", "Only the job's contracting agent starts the work.");
        }

        var now = clock.GetUtcNow();
        job.StartWork(now);
        var planned = await db.WorkUnits.Where(u => u.JobId == job.Id && u.Status == WorkUnitStatus.Pending).ToListAsync(cancellationToken);
        foreach (var unit in planned)
        {
            unit.MakeAvailable(now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new WorkStarted(job.Id.Value, job.Status.ToString(), planned.Count);
    }
}
