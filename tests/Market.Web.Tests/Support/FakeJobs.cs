using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Market.Web.Tests.Support;

/// <summary>A job the fake API holds, with just enough state for the client pages.</summary>
public sealed class FakeJob
{
    public Guid Id { get; } = Guid.NewGuid();

    public required string Owner { get; init; }

    public string Type { get; init; } = "DataEntry";

    public string Status { get; set; } = "Open";

    public required string Title { get; init; }

    public string Spec { get; init; } = "原本どおりに入力してください。";

    public DateTimeOffset Deadline { get; init; } = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    public string Confidentiality { get; init; } = "Standard";

    public IReadOnlyList<string> Regions { get; init; } = [];

    public int UnitCount { get; init; } = 6;

    public int AcceptedCount { get; init; }

    public long ClientPrice { get; init; } = 1_800;

    public byte[]? Deliverable { get; init; }

    public DateTimeOffset CreatedAt { get; init; } = new(2026, 11, 21, 1, 0, 0, TimeSpan.Zero);

    public DateTimeOffset? CancelledAt { get; set; }

    public string? LastReason { get; set; }

    /// <summary>The agent that leads the job once contracted; agent pages decide from it whether the viewer leads.</summary>
    public Guid? ContractedAgentId { get; init; }
}

public sealed record FakeUpload(string FileName, string? ContentType, byte[] Content, string Id);

public sealed record FakeJobPost(JsonElement Body, string? IdempotencyKey);

/// <summary>The jobs and files slice of the v1 contract, for <see cref="FakeMarketApi"/>.</summary>
public sealed class FakeJobsApi
{
    private readonly ConcurrentDictionary<Guid, FakeJob> jobs = new();
    private readonly ConcurrentDictionary<string, FakeJob> byIdempotencyKey = new();
    private readonly ConcurrentQueue<FakeUpload> uploads = new();
    private readonly ConcurrentQueue<FakeJobPost> posts = new();
    private readonly ConcurrentQueue<(int Status, string Code, string Detail)> postProblems = new();

    public IReadOnlyCollection<FakeUpload> Uploads => uploads;

    public IReadOnlyCollection<FakeJobPost> Posts => posts;

    public IEnumerable<FakeJob> JobsOf(FakeApiUser user) => jobs.Values.Where(j => j.Owner == user.Email);

    public FakeJob Add(FakeJob job)
    {
        jobs[job.Id] = job;
        return job;
    }

    /// <summary>The next POST /jobs answers this problem instead of creating a job.</summary>
    public void RefuseNextPost(int status, string code, string detail) => postProblems.Enqueue((status, code, detail));

    internal void Map(RouteGroupBuilder v1, Func<HttpContext, FakeApiUser?> caller)
    {
        v1.MapPost("/files", async (HttpContext context) => caller(context) is { } user ? await UploadAsync(context) : Unauthorized(context));
        v1.MapPost("/jobs", async (HttpContext context) => caller(context) is { } user ? await PostAsync(context, user) : Unauthorized(context));
        v1.MapGet("/jobs", (HttpContext context, string? status, int? page, int? pageSize) =>
            caller(context) is { } user ? List(user, status, page ?? 1, pageSize ?? 20) : Unauthorized(context));
        v1.MapGet("/jobs/{id:guid}", (HttpContext context, Guid id) =>
            caller(context) is { } user ? WithJob(user, id, job => Results.Ok(Details(job))) : Unauthorized(context));
        v1.MapGet("/jobs/{id:guid}/units", (HttpContext context, Guid id, int? page, int? pageSize) =>
            caller(context) is { } user ? WithJob(user, id, job => Results.Ok(Units(job, page ?? 1, pageSize ?? 50))) : Unauthorized(context));
        v1.MapPost("/jobs/{id:guid}/cancel", async (HttpContext context, Guid id) =>
            caller(context) is { } user ? await ChangeAsync(context, user, id, "Cancelled", ["Draft", "Open", "Contracted"], "job_not_cancellable") : Unauthorized(context));
        v1.MapPost("/jobs/{id:guid}/revision", async (HttpContext context, Guid id) =>
            caller(context) is { } user ? await ChangeAsync(context, user, id, "RevisionRequested", ["Delivered"], "job_not_delivered") : Unauthorized(context));
        v1.MapPost("/jobs/{id:guid}/accept", (HttpContext context, Guid id) =>
            caller(context) is { } user ? WithJob(user, id, job => Move(job, "Accepted", ["Delivered"], "job_not_delivered")) : Unauthorized(context));
        v1.MapGet("/jobs/{id:guid}/deliverable", (HttpContext context, Guid id) =>
            caller(context) is { } user
                ? WithJob(user, id, job => job.Deliverable is { } bytes
                    ? Results.File(bytes, "text/csv", "納品_" + job.Title + ".csv")
                    : Problem(409, "job_not_delivered", "The job has not been delivered."))
                : Unauthorized(context));
    }

    private static IResult Problem(int status, string code, string detail, Dictionary<string, string[]>? errors = null) =>
        FakeMarketApi.Problem(status, code, "Refused.", errors, detail);

    private static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    private async Task<IResult> UploadAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form.Files.GetFile("file") is not { } file)
        {
            return Problem(400, "validation_failed", "A form part named 'file' is required.");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            return Problem(422, "file_empty", "The file is empty.");
        }

        if (bytes is [(byte)'M', (byte)'Z', ..])
        {
            return Problem(415, "file_type_not_allowed", "Only WAV, MP3, M4A audio, CSV or JSON text and PNG or JPEG images are accepted.");
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(bytes));
        uploads.Enqueue(new FakeUpload(file.FileName, file.ContentType, bytes, id));
        return Results.Json(
            new { id, fileName = file.FileName, mediaType = "text/csv", length = bytes.LongLength, uploadedAt = new DateTimeOffset(2026, 11, 21, 1, 0, 0, TimeSpan.Zero) },
            statusCode: StatusCodes.Status201Created);
    }

    private async Task<IResult> PostAsync(HttpContext context, FakeApiUser user)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        posts.Enqueue(new FakeJobPost(body, key));
        if (postProblems.TryDequeue(out var problem))
        {
            return Problem(problem.Status, problem.Code, problem.Detail);
        }

        var job = byIdempotencyKey.GetOrAdd(key.Length > 0 ? key : Guid.NewGuid().ToString(), _ => Add(new FakeJob
        {
            Owner = user.Email,
            Type = body.GetProperty("type").GetString()!,
            Title = body.GetProperty("title").GetString()!,
            Spec = body.GetProperty("specMarkdown").GetString()!,
            Deadline = body.GetProperty("deadline").GetDateTimeOffset(),
            Confidentiality = body.GetProperty("confidentiality").GetString()!,
            Regions = body.GetProperty("regionPreference").EnumerateArray().Select(r => r.GetString()!).ToList(),
        }));
        return Results.Json(Details(job), statusCode: StatusCodes.Status201Created);
    }

    private IResult List(FakeApiUser user, string? status, int page, int pageSize)
    {
        var mine = JobsOf(user).Where(j => status is null || j.Status == status).OrderByDescending(j => j.CreatedAt).ToList();
        var items = mine.Skip((page - 1) * pageSize).Take(pageSize).Select(j => new
        {
            id = j.Id,
            type = j.Type,
            status = j.Status,
            title = j.Title,
            deadline = j.Deadline,
            confidentiality = j.Confidentiality,
            unitCount = j.UnitCount,
            acceptedCount = j.AcceptedCount,
            createdAt = j.CreatedAt,
        });
        return Results.Ok(new { items, page, pageSize, total = mine.Count });
    }

    private IResult WithJob(FakeApiUser user, Guid id, Func<FakeJob, IResult> answer) =>
        jobs.TryGetValue(id, out var job) && job.Owner == user.Email
            ? answer(job)
            : Problem(404, "job_not_found", "No such job.");

    private async Task<IResult> ChangeAsync(HttpContext context, FakeApiUser user, Guid id, string to, string[] from, string refusal)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        var reason = body.TryGetProperty("reason", out var value) ? value.GetString() : null;
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Problem(400, "validation_failed", "One or more fields are invalid.", new() { ["reason"] = ["'Reason' must not be empty."] });
        }

        return WithJob(user, id, job =>
        {
            job.LastReason = reason;
            return Move(job, to, from, refusal);
        });
    }

    private static IResult Move(FakeJob job, string to, string[] from, string refusal)
    {
        if (!from.Contains(job.Status))
        {
            return Problem(409, refusal, "A business rule refused the request.");
        }

        job.Status = to;
        if (to == "Cancelled")
        {
            job.CancelledAt = new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);
        }

        return Results.Ok(Details(job));
    }

    private static object Details(FakeJob job) => new
    {
        id = job.Id,
        clientId = Guid.Empty,
        type = job.Type,
        status = job.Status,
        title = job.Title,
        specMarkdown = job.Spec,
        deadline = job.Deadline,
        confidentiality = job.Confidentiality,
        regionPreference = job.Regions,
        inputFiles = new[] { new string('a', 64) },
        settings = job.Type switch
        {
            "Transcription" => (object)new { segmentMinutes = 5, overlapSeconds = 5, style = "CleanVerbatim" },
            "DataEntry" => new { batchSize = 50, fields = Array.Empty<string>(), keyingRounds = 2 },
            _ => new { contentFormat = "Html" },
        },
        contractedAgentId = job.ContractedAgentId,
        agreedPrice = (long?)null,
        deliverable = job.Deliverable is null ? null : new string('d', 64),
        revisionRounds = 0,
        createdAt = job.CreatedAt,
        publishedAt = job.CreatedAt,
        deliveredAt = job.Deliverable is null ? (DateTimeOffset?)null : job.CreatedAt.AddDays(3),
        acceptedAt = (DateTimeOffset?)null,
        cancelledAt = job.CancelledAt,
        quote = new { unitCount = job.UnitCount, workerPay = job.ClientPrice * 3 / 4, agentMargin = job.ClientPrice / 4, clientPriceBeforeTax = job.ClientPrice, audioMinutes = 0, keyedFields = 720 },
        progress = new
        {
            total = job.UnitCount,
            byStatus = new Dictionary<string, int>
            {
                ["Pending"] = job.UnitCount - job.AcceptedCount,
                ["Available"] = 0,
                ["Assigned"] = 0,
                ["Submitted"] = 0,
                ["InReview"] = 0,
                ["ReworkRequested"] = 0,
                ["Accepted"] = job.AcceptedCount,
            },
            accepted = job.AcceptedCount,
            percentAccepted = job.UnitCount == 0 ? 0 : job.AcceptedCount * 100 / job.UnitCount,
        },
    };

    private static object Units(FakeJob job, int page, int pageSize)
    {
        var items = Enumerable.Range(1, job.UnitCount).Skip((page - 1) * pageSize).Take(pageSize).Select(n => new
        {
            id = Guid.NewGuid(),
            sequence = n,
            kind = job.Type,
            status = n <= job.AcceptedCount ? "Accepted" : "Pending",
            estimatedMinutes = 15,
            startMs = (long?)null,
            endMs = (long?)null,
            keyingRound = (n + 1) % 2 + 1,
            recordCount = 50,
            fields = (string[]?)null,
            pageUrl = (string?)null,
            workerId = (Guid?)null,
            reworkRounds = 0,
        });
        return new { items, page, pageSize, total = job.UnitCount };
    }
}
