using Market.Api.Infrastructure;
using Market.Api.Persistence;
using MediatR;

namespace Market.Api.Features.Maintenance;

/// <summary>Written by the scheduled housekeeping job so operators (and tests) can see the clustered scheduler firing.</summary>
public sealed record RecordHeartbeat(string JobName, string InstanceId) : ICommand<long>;

public sealed class RecordHeartbeatHandler(MarketDbContext db, TimeProvider clock) : IRequestHandler<RecordHeartbeat, long>
{
    public async Task<long> Handle(RecordHeartbeat request, CancellationToken cancellationToken)
    {
        var run = new MaintenanceRun { JobName = request.JobName, InstanceId = request.InstanceId, FiredAt = clock.GetUtcNow() };
        db.MaintenanceRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run.Id;
    }
}
