using Market.Api.Features.Jobs.Deliverable;
using Market.Api.Features.Jobs.GetJob;
using Market.Api.Features.Jobs.Lifecycle;
using Market.Api.Features.Jobs.ListJobs;
using Market.Api.Features.Jobs.ListUnits;
using Market.Api.Features.Jobs.PostJob;
using Market.Api.Features.Jobs.UnitAudio;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Api.Storage;
using Market.Domain.Jobs;
using Market.Domain.Units;
using MediatR;

namespace Market.Api.Features.Jobs;

public static class JobEndpoints
{
    public static void Map(RouteGroupBuilder jobs)
    {
        jobs.MapPost("/", async (Market.Api.Features.Jobs.PostJob.PostJob request, IMediator mediator, CancellationToken ct) =>
            {
                var id = await mediator.Send(request, ct);
                return TypedResults.Created($"/api/v1/jobs/{id.Value}", await mediator.Send(new GetJob.GetJob(id), ct));
            })
            .RequireAuthorization(Policies.ClientMember)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithName("PostJob")
            .WithSummary("Post a job with its uploaded input files; it is split into work units at once (all or nothing). Accepts Idempotency-Key.");

        jobs.MapGet("/", async (JobStatus? status, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListJobs.ListJobs(status, Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? 20, 1, 100)), ct)))
            .WithName("ListJobs")
            .WithSummary("The caller's jobs: a client's own, an agent's contracted ones.");

        jobs.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetJob.GetJob(new JobId(id)), ct)))
            .WithName("GetJob")
            .WithSummary("A job with its price quote and progress counts per unit state.");

        jobs.MapGet("/{id:guid}/units", async (Guid id, WorkUnitStatus? status, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListUnits.ListUnits(new JobId(id), status, Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? 50, 1, 500)), ct)))
            .WithName("ListJobUnits")
            .WithSummary("The job's work units in order, with their state and who holds them.");

        jobs.MapGet("/{id:guid}/units/{unitId:guid}/audio", async (Guid id, Guid unitId, IMediator mediator, IBlobStore blobs, CancellationToken ct) =>
            {
                var audio = await mediator.Send(new GetUnitAudio(new JobId(id), new WorkUnitId(unitId)), ct);
                return TypedResults.Stream(blobs.OpenRead(audio.File), audio.MediaType, enableRangeProcessing: true);
            })
            .RequireAuthorization(Policies.AgentStaffOrClient)
            .WithName("GetUnitAudio")
            .WithSummary("A transcription unit's own segment as a small speech-bitrate MP3 (cached).");

        jobs.MapGet("/{id:guid}/deliverable", async (Guid id, IMediator mediator, IBlobStore blobs, CancellationToken ct) =>
            {
                var file = await mediator.Send(new GetDeliverable(new JobId(id)), ct);
                return TypedResults.Stream(blobs.OpenRead(file.File), file.MediaType, file.FileName);
            })
            .WithName("GetDeliverable")
            .WithSummary("The assembled deliverable, once the job has been delivered.");

        jobs.MapPost("/{id:guid}/deliver", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new Deliver.DeliverJob(new JobId(id)), ct);
                return TypedResults.Ok(await mediator.Send(new GetJob.GetJob(new JobId(id)), ct));
            })
            .RequireAuthorization(Policies.AgentManager)
            .WithName("DeliverJob")
            .WithSummary("The contracting agent assembles the deliverable from the accepted units and hands it to the client.");

        jobs.MapPost("/{id:guid}/publish", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new PublishJob(new JobId(id)), ct);
                return TypedResults.Ok(await mediator.Send(new GetJob.GetJob(new JobId(id)), ct));
            })
            .RequireAuthorization(Policies.ClientMember)
            .WithName("PublishJob");

        jobs.MapPost("/{id:guid}/accept", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new AcceptJob(new JobId(id)), ct);
                return TypedResults.Ok(await mediator.Send(new GetJob.GetJob(new JobId(id)), ct));
            })
            .RequireAuthorization(Policies.ClientMember)
            .WithName("AcceptJob")
            .WithSummary("The client accepts the delivered job.");

        jobs.MapGet("/{id:guid}/revisions", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetJobRevisions(new JobId(id)), ct)))
            .WithName("GetJobRevisions")
            .WithSummary("The client's revision requests on this job, with the comments pinned to units.");

        jobs.MapPost("/{id:guid}/revision", async (Guid id, RevisionBody body, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new RequestRevision(new JobId(id), body.Reason, body.Units), ct);
                return TypedResults.Ok(await mediator.Send(new GetJob.GetJob(new JobId(id)), ct));
            })
            .RequireAuthorization(Policies.ClientMember)
            .WithName("RequestRevision")
            .WithSummary("The client sends the delivery back with what needs to change.");

        jobs.MapPost("/{id:guid}/cancel", async (Guid id, ReasonBody body, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new CancelJob(new JobId(id), body.Reason), ct);
                return TypedResults.Ok(await mediator.Send(new GetJob.GetJob(new JobId(id)), ct));
            })
            .RequireAuthorization(Policies.ClientMember)
            .WithName("CancelJob")
            .WithSummary("Cancel a job before work starts; its units are withdrawn.");
    }
}
