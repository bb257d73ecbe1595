using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Quality;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Jobs.Lifecycle;

/// <summary>The client's moves on their own job. Each handler loads the job, calls one domain method, saves once.</summary>
public sealed record PublishJob(JobId JobId) : ICommand<MediatR.Unit>;

public sealed record AcceptJob(JobId JobId) : ICommand<MediatR.Unit>;

/// <param name="Units">Comments pinned to units of the delivery; those units go back to the agent to be redone.</param>
public sealed record RequestRevision(JobId JobId, string Reason, IReadOnlyList<PinnedUnitComment>? Units = null) : ICommand<MediatR.Unit>;

public sealed record PinnedUnitComment(Guid UnitId, string Comment);

public sealed record RevisionBody(string Reason, List<PinnedUnitComment>? Units);

public sealed record GetJobRevisions(JobId JobId) : IRequest<IReadOnlyList<JobRevisionView>>;

public sealed record JobRevisionView(Guid Id, int Round, string Summary, IReadOnlyList<PinnedComment> Units, DateTimeOffset RequestedAt);

public sealed record CancelJob(JobId JobId, string Reason) : ICommand<MediatR.Unit>;

public sealed record ReasonBody(string Reason);

public sealed class ReasonBodyValidator : AbstractValidator<ReasonBody>
{
    public ReasonBodyValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(4000);
}

public sealed class RequestRevisionValidator : AbstractValidator<RequestRevision>
{
    public RequestRevisionValidator()
    {
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(4000);
        RuleFor(r => r.Units).Must(u => u is null || u.Count <= 1000).WithMessage("Pin at most 1,000 comments.");
        RuleForEach(r => r.Units).ChildRules(unit => unit.RuleFor(u => u.Comment).NotEmpty().MaximumLength(4000));
    }
}

public sealed class CancelJobValidator : AbstractValidator<CancelJob>
{
    public CancelJobValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(4000);
}

public sealed class JobLifecycleHandlers(MarketDbContext db, ICurrentUser caller, AuditLog audit, TimeProvider clock) :
    IRequestHandler<GetJobRevisions, IReadOnlyList<JobRevisionView>>,
    IRequestHandler<PublishJob, MediatR.Unit>,
    IRequestHandler<AcceptJob, MediatR.Unit>,
    IRequestHandler<RequestRevision, MediatR.Unit>,
    IRequestHandler<CancelJob, MediatR.Unit>
{
    public Task<MediatR.Unit> Handle(PublishJob request, CancellationToken cancellationToken) =>
        ChangeAsync(request.JobId, job => job.Publish(clock.GetUtcNow()), cancellationToken);

    public Task<MediatR.Unit> Handle(AcceptJob request, CancellationToken cancellationToken) =>
        ChangeAsync(request.JobId, job => job.Accept(clock.GetUtcNow()), cancellationToken);

    /// <summary>
    /// Within the 14-day window: the job goes back to the agent; each pinned unit returns to the pool with the
    /// client's comment, to be redone and reviewed again before the agent redelivers.
    /// </summary>
    public async Task<MediatR.Unit> Handle(RequestRevision request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var job = await LoadAsync(request.JobId, cancellationToken);
        var units = await db.WorkUnits.IgnoreQueryFilters([MarketDbContext.TenantFilter]).Where(u => u.JobId == job.Id).ToListAsync(cancellationToken);
        var revision = RevisionRequest.Create(job, units, request.Reason, (request.Units ?? []).Select(u => (new WorkUnitId(u.UnitId), u.Comment)));
        ClientReview.RequestRevision(job, revision, now);
        foreach (var pinned in revision.UnitComments)
        {
            units.Single(u => u.Id == pinned.UnitId).ReopenForRevision(pinned.Comment, now);
        }

        db.JobRevisions.Add(new JobRevisionRecord
        {
            Id = Guid.CreateVersion7(now),
            JobId = job.Id,
            AgentId = job.ContractedAgentId!.Value,
            ClientId = job.ClientId,
            Round = job.RevisionRounds,
            Summary = revision.Summary,
            UnitComments = revision.UnitComments.Select(c => new PinnedComment(c.UnitId.Value, c.Sequence, c.Comment)).ToList(),
            RequestedBy = caller.UserId!.Value,
            RequestedAt = now,
        });
        audit.Record("job.revision_requested", "job", job.Id.Value.ToString(), new { round = job.RevisionRounds, units = revision.UnitComments.Count });
        await db.SaveChangesAsync(cancellationToken);
        return MediatR.Unit.Value;
    }

    /// <summary>Every revision round of a job, for its client and its contracting agent.</summary>
    public async Task<IReadOnlyList<JobRevisionView>> Handle(GetJobRevisions request, CancellationToken cancellationToken)
    {
        var job = await LoadAsync(request.JobId, cancellationToken);
        var rounds = await db.JobRevisions.AsNoTracking().Where(r => r.JobId == job.Id).OrderBy(r => r.Round).ToListAsync(cancellationToken);
        return rounds.Select(r => new JobRevisionView(r.Id, r.Round, r.Summary, r.UnitComments, r.RequestedAt)).ToList();
    }

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
