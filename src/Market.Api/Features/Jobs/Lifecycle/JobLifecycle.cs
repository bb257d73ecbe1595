using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Jobs.Lifecycle;

/// <summary>The client's moves on their own job. Each handler loads the job, calls one domain method, saves once.</summary>
public sealed record PublishJob(JobId JobId) : ICommand<MediatR.Unit>;

public sealed record AcceptJob(JobId JobId) : ICommand<MediatR.Unit>;

public sealed record RequestRevision(JobId JobId, string Reason) : ICommand<MediatR.Unit>;

public sealed record CancelJob(JobId JobId, string Reason) : ICommand<MediatR.Unit>;

public sealed record ReasonBody(string Reason);

public sealed class ReasonBodyValidator : AbstractValidator<ReasonBody>
{
    public ReasonBodyValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(4000);
}

public sealed class RequestRevisionValidator : AbstractValidator<RequestRevision>
{
    public RequestRevisionValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(4000);
}

public sealed class CancelJobValidator : AbstractValidator<CancelJob>
{
    public CancelJobValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(4000);
}

public sealed class JobLifecycleHandlers(MarketDbContext db, TimeProvider clock) :
    IRequestHandler<PublishJob, MediatR.Unit>,
    IRequestHandler<AcceptJob, MediatR.Unit>,
    IRequestHandler<RequestRevision, MediatR.Unit>,
    IRequestHandler<CancelJob, MediatR.Unit>
{
    public Task<MediatR.Unit> Handle(PublishJob request, CancellationToken cancellationToken) =>
        ChangeAsync(request.JobId, job => job.Publish(clock.GetUtcNow()), cancellationToken);

    public Task<MediatR.Unit> Handle(AcceptJob request, CancellationToken cancellationToken) =>
        ChangeAsync(request.JobId, job => job.Accept(clock.GetUtcNow()), cancellationToken);

    public Task<MediatR.Unit> Handle(RequestRevision request, CancellationToken cancellationToken) =>
        ChangeAsync(request.JobId, job => job.RequestRevision(request.Reason, clock.GetUtcNow()), cancellationToken);

    public async Task<MediatR.Unit> Handle(CancelJob request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var job = await LoadAsync(request.JobId, cancellationToken);
        job.Cancel(request.Reason, now);
        // Cancellation is only possible before work starts, so every unit is still in the plan and is taken out of it.
        var units = await db.WorkUnits.Where(u => u.JobId == job.Id && u.Status != WorkUnitStatus.Withdrawn).ToListAsync(cancellationToken);
        foreach (var unit in units)
        {
            unit.Withdraw(now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return MediatR.Unit.Value;
    }

    private async Task<MediatR.Unit> ChangeAsync(JobId id, Action<Job> change, CancellationToken cancellationToken)
    {
        var job = await LoadAsync(id, cancellationToken);
        change(job);
        await db.SaveChangesAsync(cancellationToken);
        return MediatR.Unit.Value;
    }

    private async Task<Job> LoadAsync(JobId id, CancellationToken cancellationToken) =>
        await db.Jobs.SingleOrDefaultAsync(j => j.Id == id, cancellationToken)
        ?? throw new NotFoundException("job_not_found", "No such job.");
}
