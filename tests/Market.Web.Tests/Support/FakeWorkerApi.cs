using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Market.Web.Tests.Support;

/// <summary>The worker's slice of the fake API: one transcription unit in hand, its draft, and refusals a test queues.</summary>
public sealed class FakeWorkerApi
{
    public static readonly Guid HeldUnitId = Guid.Parse("0195b000-0000-7000-8000-00000000a001");
    public static readonly Guid AssignmentId = Guid.Parse("0195b000-0000-7000-8000-00000000b001");

    private readonly ConcurrentQueue<(int Status, string Code, string Detail)> draftProblems = new();
    private readonly ConcurrentQueue<(int Status, string Code, string Detail)> submitProblems = new();

    public string? SavedDraft { get; private set; }

    public void RefuseNextDraft(int status, string code, string detail) => draftProblems.Enqueue((status, code, detail));

    public void RefuseNextSubmit(int status, string code, string detail) => submitProblems.Enqueue((status, code, detail));

    internal void Map(RouteGroupBuilder v1, Func<HttpContext, FakeApiUser?> caller)
    {
        v1.MapGet("/me/units", (HttpContext context) => caller(context) is null ? Results.Unauthorized() : Results.Ok(Array.Empty<object>()));
        v1.MapGet("/me/reviews", (HttpContext context) => caller(context) is null ? Results.Unauthorized() : Results.Ok(Array.Empty<object>()));
        v1.MapGet("/units/{id:guid}/content", (HttpContext context, Guid id) =>
            caller(context) is null ? Results.Unauthorized()
            : id == HeldUnitId ? Results.Ok(Content())
            : Problem(403, "unit_not_held", "You can see a unit's content only while you hold it."));
        v1.MapGet("/units/{id:guid}/draft", (HttpContext context, Guid id) =>
            caller(context) is null ? Results.Unauthorized()
            : SavedDraft is { } draft ? Results.Ok(Draft(draft))
            : Problem(404, "draft_not_found", "Nothing has been saved for this unit yet."));
        v1.MapPut("/units/{id:guid}/draft", async (HttpContext context, Guid id) =>
        {
            if (caller(context) is null)
            {
                return Results.Unauthorized();
            }

            if (draftProblems.TryDequeue(out var problem))
            {
                return Problem(problem.Status, problem.Code, problem.Detail);
            }

            var body = await context.Request.ReadFromJsonAsync<WorkBody>();
            SavedDraft = body!.Content;
            return Results.Ok(Draft(SavedDraft));
        });
        v1.MapPost("/units/{id:guid}/submit", (HttpContext context, Guid id) =>
            caller(context) is null ? Results.Unauthorized()
            : submitProblems.TryDequeue(out var problem) ? Problem(problem.Status, problem.Code, problem.Detail)
            : Results.Ok(new { submissionId = Guid.NewGuid(), unitId = id, assignmentId = AssignmentId, submittedAt = MarketWebFactory.DefaultNow, unitStatus = "Submitted" }));
    }

    private static object Content() => new
    {
        unitId = HeldUnitId,
        assignmentId = AssignmentId,
        kind = "Transcription",
        jobTitle = "遠野市議会 定例会",
        specMarkdown = "話者名を【】で示してください。",
        leaseExpiresAt = MarketWebFactory.DefaultNow.AddMinutes(40),
        startMs = 295_000L,
        endMs = 600_000L,
        style = "CleanVerbatim",
        audioUrl = $"/api/v1/units/{HeldUnitId}/audio",
    };

    private static object Draft(string content) => new
    {
        unitId = HeldUnitId,
        assignmentId = AssignmentId,
        content,
        savedAt = MarketWebFactory.DefaultNow,
        leaseExpiresAt = MarketWebFactory.DefaultNow.AddMinutes(40),
    };

    private static IResult Problem(int status, string code, string detail) => FakeMarketApi.Problem(status, code, "Refused.", null, detail);

    private sealed record WorkBody(Guid AssignmentId, string Content);
}
