using MediatR;
using Quartz;

namespace Market.Api.Features.Maintenance;

[DisallowConcurrentExecution]
public sealed class HousekeepingJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("housekeeping", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await mediator.Send(new RecordHeartbeat(Key.Name, context.Scheduler.SchedulerInstanceId), cancellationToken);
}
