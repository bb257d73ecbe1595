using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Domain.Quality;
using MediatR;

namespace Market.Api.Features.Quality;

public static class QualityEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var agent = v1.MapGroup("/agents/{agentId:guid}").WithTags("Quality")
            .AddEndpointFilter(new TenantRouteFilter("agentId"));
        agent.MapGet("/review-queue", async (Guid agentId, string? jobType, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetReviewQueue(agentId, jobType, page ?? 1, pageSize ?? 20), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("GetReviewQueue")
            .WithSummary("Submissions waiting for review, oldest first, with the work and (transcription) the audio URL.");
        agent.MapGet("/appeals", async (Guid agentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetAppealQueue(agentId), ct)))
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("GetAppealQueue")
            .WithSummary("Appeals against the agent's rejections waiting for the owner's decision, oldest first, with the rejected work.");

        GoldEndpoints.Map(agent);
        agent.MapGet("/adjudications", async (Guid agentId, AdjudicationStatus? status, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListAdjudications(agentId, status ?? AdjudicationStatus.Open), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("ListAdjudications")
            .WithSummary("Keying mismatches waiting for a decision (open: oldest first), or decided ones.");

        var adjudications = v1.MapGroup("/adjudications/{adjudicationId:guid}").WithTags("Quality").RequireAuthorization(Policies.AgentStaff)
            .AddEndpointFilter<AdjudicationVisibleFilter>();
        adjudications.MapGet("", async (Guid adjudicationId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetAdjudication(new AdjudicationTaskId(adjudicationId)), ct)))
            .WithName("GetAdjudication")
            .WithSummary("The disputed cells: the source, both keyings and what was decided.");
        adjudications.MapPost("/decisions", async (Guid adjudicationId, AdjudicationDecisionBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(
                    new DecideAdjudicationCell(new AdjudicationTaskId(adjudicationId), body.File, body.RecordIndex, body.FieldName, body.Round, body.Value), ct)))
            .WithName("DecideAdjudicationCell")
            .WithSummary("Take keying round 1's or 2's value for a cell, or key the right value (a third keying).");

        v1.MapGet("/jobs/{jobId:guid}/seams", async (Guid jobId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetJobSeams(new Market.Domain.Jobs.JobId(jobId)), ct)))
            .WithTags("Quality")
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("GetJobSeams")
            .WithSummary("Seam review: the text neighbouring transcription units have for their shared audio, side by side.");

        var submissions = v1.MapGroup("/submissions/{taskId:guid}").WithTags("Quality");
        submissions.MapPost("/review", async (Guid taskId, ReviewBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(
                    new ReviewSubmission(
                        new ReviewTaskId(taskId), body.Decision, body.Accuracy, body.Format, body.ReasonCodes, body.ReasonCode, body.Comment, body.Deadline),
                    ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("ReviewSubmission")
            .WithSummary("Accept with grades, return for rework to the same worker, or reject (the unit goes back to the pool).");
        submissions.MapPost("/appeal", async (Guid taskId, AppealBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new FileAppeal(new ReviewTaskId(taskId), body.Statement), ct)))
            .RequireAuthorization(Policies.Worker)
            .WithName("FileAppeal")
            .WithSummary("The worker appeals a rejection of their work, once, within 7 days.");
        submissions.MapPost("/appeal/decision", async (Guid taskId, AppealDecisionBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new DecideAppeal(new ReviewTaskId(taskId), body.Outcome, body.Note), ct)))
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("DecideAppeal")
            .WithSummary("The agent owner upholds or overturns a rejection; overturned work is accepted.");

        var me = v1.MapGroup("/me").WithTags("Me").RequireAuthorization(Policies.Worker);
        me.MapGet("/quality", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyQuality(), ct)))
            .WithName("GetMyQuality")
            .WithSummary("The caller's quality score over the last 90 days with every input.");
        me.MapGet("/reviews", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyReviews(), ct)))
            .WithName("GetMyReviews")
            .WithSummary("The caller's own reviews: decisions, reasons, rework deadlines and appeals.");
    }
}
