using Market.Api.Features.Assignments;
using Market.Api.Features.Me.Units;
using Market.Api.Features.Units;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Api.Storage;
using Market.Domain.Assignments;
using Market.Domain.Units;
using MediatR;

namespace Market.Api.Features;

public static class UnitEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var units = v1.MapGroup("/units/{unitId:guid}").WithTags("Units");

        units.MapPost("/assign", async (Guid unitId, AssignBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AssignUnit(new WorkUnitId(unitId), body.WorkerId, body.Auto), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("AssignUnit")
            .WithSummary("Assign (or reassign) a unit to a worker, or let the policy choose with its reasons (auto: true).");

        units.MapGet("/content", async (Guid unitId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetUnitContent(new WorkUnitId(unitId)), ct)))
            .RequireAuthorization(Policies.Worker)
            .WithName("GetUnitContent")
            .WithSummary("The unit's content, only while the caller holds its lease; every access is audited.");

        units.MapGet("/audio", async (Guid unitId, IMediator mediator, IBlobStore blobs, CancellationToken ct) =>
            {
                var audio = await mediator.Send(new GetUnitAudioForWorker(new WorkUnitId(unitId)), ct);
                return TypedResults.Stream(blobs.OpenRead(audio.File), audio.MediaType, enableRangeProcessing: true);
            })
            .RequireAuthorization(Policies.Worker)
            .WithName("GetUnitAudioForWorker")
            .WithSummary("The unit's own audio segment (small MP3), only while the caller holds its lease.");

        units.MapGet("/draft", async (Guid unitId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetDraft(new WorkUnitId(unitId)), ct)))
            .RequireAuthorization(Policies.Worker)
            .WithName("GetDraft");

        units.MapPut("/draft", async (Guid unitId, WorkBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SaveDraft(new WorkUnitId(unitId), new AssignmentId(body.AssignmentId), body.Content), ct)))
            .RequireAuthorization(Policies.Worker)
            .WithName("SaveDraft")
            .WithSummary("Autosave the draft; renews the lease. Refused (409) once the lease is lost.");

        units.MapPost("/submit", async (Guid unitId, WorkBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SubmitUnit(new WorkUnitId(unitId), new AssignmentId(body.AssignmentId), body.Content), ct)))
            .RequireAuthorization(Policies.Worker)
            .WithName("SubmitUnit")
            .WithSummary("Hand in the work for the named assignment; a late submit from a lost lease is refused (409).");

        units.MapPost("/release", async (Guid unitId, ReleaseBody body, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new ReleaseUnit(new WorkUnitId(unitId), new AssignmentId(body.AssignmentId), body.Reason), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Worker)
            .WithName("ReleaseUnit")
            .WithSummary("Give the unit back to the pool with a reason.");

        var me = v1.MapGroup("/me/units").WithTags("Me").RequireAuthorization(Policies.Worker);
        me.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListMyUnits(), ct)))
            .WithName("ListMyUnits")
            .WithSummary("The caller's units in hand with the time left on each lease.");
        me.MapPost("/claim", async (IMediator mediator, CancellationToken ct) =>
            {
                var assignment = await mediator.Send(new ClaimNextUnit(), ct);
                return TypedResults.Created($"/api/v1/units/{assignment.UnitId}/content", assignment);
            })
            .WithUserAndIpRateLimit(RateLimited.Claim)
            .WithName("ClaimNextUnit")
            .WithSummary("Take the next eligible unit of the caller's agent pool (404 no_unit_available when none).");
    }
}
