using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Market.Web.Tests.Support;

public sealed class FakeAgent
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public required string Name { get; init; }

    public string OrganisationType { get; init; } = "Npo";

    public string Prefecture { get; init; } = "岩手県";

    public string Municipality { get; init; } = "遠野市";

    public string VettingStatus { get; set; } = "Pending";

    public string? VettingReason { get; set; }

    public List<string> Certifications { get; init; } = [];

    public int MaxConcurrentJobs { get; set; } = 5;

    public int ActiveJobs { get; init; }

    public DateTimeOffset CreatedAt { get; init; } = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
}

public sealed class FakeOpenJob
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public required string Title { get; init; }

    public string Type { get; init; } = "Transcription";

    public DateTimeOffset Deadline { get; init; } = new(2026, 12, 10, 8, 0, 0, TimeSpan.Zero);

    public string Confidentiality { get; init; } = "Standard";

    public IReadOnlyList<string> Regions { get; init; } = [];

    public long ClientPrice { get; init; } = 24_000;

    public IReadOnlyList<(string Code, string Message)> Refusals { get; init; } = [];

    public Guid? LiveOfferId { get; set; }
}

public sealed record FakeOffer(Guid Id, Guid JobId, Guid AgentId, string AgentName, long Price, DateTimeOffset DeliverBy, string? Note)
{
    public string Status { get; set; } = "Submitted";
}

public sealed record FakeBoardUnit(Guid Id, Guid JobId, int Sequence, string Status, string? Holder = null, DateTimeOffset? LeaseExpiresAt = null, string Pool = "Lead");

public sealed record FakeWorker(Guid UserId, string DisplayName, string Tier = "Trial", int ActiveUnits = 0, int MaxUnits = 3, string Status = "Active");

public sealed record FakeReviewItem(
    Guid TaskId,
    Guid JobId,
    Guid UnitId,
    string JobTitle,
    string Kind,
    int Sequence,
    string WorkerName,
    string Content,
    IReadOnlyList<string>? Fields = null,
    object? Page = null);

public sealed class FakePayoutBatch
{
    public Guid Id { get; } = Guid.NewGuid();

    public string Status { get; set; } = "Posted";

    public DateOnly Cutoff { get; init; } = new(2026, 11, 15);

    public List<(Guid WorkerId, string Name, long Amount)> Payouts { get; init; } = [];

    public Dictionary<Guid, string> Failed { get; } = [];
}

public sealed record FakeAppeal(Guid TaskId, string JobTitle, string WorkerName, string Statement, string Content);

/// <summary>A request the console sent to the fake API: the path, the body as JSON and the idempotency key.</summary>
public sealed record FakeAgentCall(string Path, JsonElement Body, string? IdempotencyKey);

/// <summary>
/// The agent-layer and operator slice of the v1 contract for <see cref="FakeMarketApi"/>: vetting, open jobs and offers,
/// the unit board and assignment, review queue and appeals, workers and teams. It answers with the API's problem
/// codes for the rules the console's pages show, so their error display can be tested without a database.
/// </summary>
public sealed class FakeAgentApi
{
    public static readonly Guid TonoHubId = Guid.Parse("0c5e2f9a-8d61-4c47-b1a4-2f3d5e6a7b02");

    public static readonly byte[] SegmentAudio = [0xFF, 0xF3, 0x44, 0xC4, 1, 2, 3, 4, 5, 6, 7, 8];

    private readonly ConcurrentQueue<FakeAgentCall> calls = new();
    private readonly ConcurrentQueue<(int Status, string Code, object? Extensions)> assignProblems = new();
    private readonly ConcurrentQueue<(int Status, string Code)> reviewProblems = new();

    public FakeAgentApi()
    {
        Agents[TonoHubId] = new FakeAgent
        {
            Id = TonoHubId,
            Name = "NPO法人 遠野テレワークセンター",
            VettingStatus = "Approved",
            Certifications = ["PrivacyMark"],
            MaxConcurrentJobs = 5,
            ActiveJobs = 2,
        };
    }

    public ConcurrentDictionary<Guid, FakeAgent> Agents { get; } = new();

    public ConcurrentDictionary<Guid, FakeOpenJob> OpenJobs { get; } = new();

    public ConcurrentDictionary<Guid, FakeOffer> Offers { get; } = new();

    public ConcurrentBag<FakeBoardUnit> Board { get; } = [];

    public ConcurrentBag<FakeWorker> Workers { get; } = [];

    public ConcurrentDictionary<Guid, FakeReviewItem> ReviewQueue { get; } = new();

    public ConcurrentDictionary<Guid, FakeAppeal> Appeals { get; } = new();

    public ConcurrentDictionary<Guid, FakePayoutBatch> PayoutBatches { get; } = new();

    /// <summary>What the Zengin download answers: a few Shift_JIS-looking bytes.</summary>
    public static readonly byte[] ZenginFile = [0x31, 0x32, 0x31, 0xB6, 0xC0, 0xB6, 0xC5, 0x0D, 0x0A];

    public IReadOnlyCollection<FakeAgentCall> Calls => calls;

    public IEnumerable<FakeAgentCall> CallsTo(string pathEnd) => calls.Where(c => c.Path.EndsWith(pathEnd, StringComparison.Ordinal));

    /// <summary>The next assignment answers this problem (with <paramref name="extensions"/> such as <c>refusals</c> or <c>ranking</c>).</summary>
    public void RefuseNextAssignment(int status, string code, object? extensions = null) => assignProblems.Enqueue((status, code, extensions));

    public void RefuseNextReview(int status, string code) => reviewProblems.Enqueue((status, code));

    internal void Map(RouteGroupBuilder v1, Func<HttpContext, FakeApiUser?> caller)
    {
        RouteHandlerBuilder Get(string pattern, Delegate handler) => v1.MapGet(pattern, handler);

        v1.MapGet("/agents", (HttpContext c, string? status, int? page, int? pageSize) =>
            Guard(c, caller, "PlatformAdmin") ?? ListAgents(status, page ?? 1, pageSize ?? 50));
        Get("/agents/{id:guid}", (HttpContext c, Guid id) => Guard(c, caller) ?? WithAgent(id, a => Results.Ok(Profile(a))));
        v1.MapPost("/agents/{id:guid}/approve", async (HttpContext c, Guid id) => Guard(c, caller, "PlatformAdmin") ?? await RecordAsync(c, () => WithAgent(id, a =>
        {
            if (a.VettingStatus != "Pending")
            {
                return FakeMarketApi.Problem(409, "agent_not_pending", "Only a pending agent can be approved.");
            }

            a.VettingStatus = "Approved";
            return Results.Ok(Profile(a));
        })));
        v1.MapPost("/agents/{id:guid}/suspend", async (HttpContext c, Guid id) => Guard(c, caller, "PlatformAdmin") ?? await RecordAsync(c, body => WithAgent(id, a =>
        {
            if (string.IsNullOrWhiteSpace(Text(body, "reason")))
            {
                return FakeMarketApi.Problem(409, "agent_suspension_reason_required", "A suspension needs a reason.");
            }

            (a.VettingStatus, a.VettingReason) = ("Suspended", Text(body, "reason"));
            return Results.Ok(Profile(a));
        })));
        v1.MapPut("/agents/{id:guid}/capacity", async (HttpContext c, Guid id) => Guard(c, caller, "PlatformAdmin") ?? await RecordAsync(c, body => WithAgent(id, a =>
        {
            var max = body.GetProperty("maxConcurrentJobs").GetInt32();
            if (max is < 1 or > 100)
            {
                return FakeMarketApi.Problem(422, "agent_capacity_out_of_range", "An agent can hold between 1 and 100 jobs at once.");
            }

            a.MaxConcurrentJobs = max;
            return Results.Ok(Profile(a));
        })));
        v1.MapPost("/agents/{id:guid}/certifications", async (HttpContext c, Guid id) => Guard(c, caller, "PlatformAdmin") ?? await RecordAsync(c, body => WithAgent(id, a =>
        {
            var certification = Text(body, "certification")!;
            if (body.GetProperty("granted").GetBoolean())
            {
                a.Certifications.Add(certification);
            }
            else
            {
                a.Certifications.Remove(certification);
            }

            return Results.Ok(Profile(a));
        })));

        Get("/agents/{id:guid}/open-jobs", (HttpContext c, Guid id, bool? includeIneligible) => Guard(c, caller) ?? OpenJobPage(includeIneligible ?? false));
        v1.MapPost("/jobs/{id:guid}/offers", async (HttpContext c, Guid id) => Guard(c, caller) ?? await RecordAsync(c, body => SubmitOffer(id, body)));
        Get("/offers/{id:guid}", (HttpContext c, Guid id) => Guard(c, caller) ?? (Offers.TryGetValue(id, out var o) ? Results.Ok(OfferView(o)) : NotFound("offer_not_found")));
        v1.MapPost("/offers/{id:guid}/withdraw", async (HttpContext c, Guid id) => Guard(c, caller) ?? await RecordAsync(c, () =>
        {
            if (!Offers.TryGetValue(id, out var offer))
            {
                return NotFound("offer_not_found");
            }

            offer.Status = "Withdrawn";
            if (OpenJobs.TryGetValue(offer.JobId, out var job))
            {
                job.LiveOfferId = null;
            }

            return Results.Ok(OfferView(offer));
        }));
        Get("/jobs/{id:guid}/offers", (HttpContext c, Guid id) => Guard(c, caller) ?? Results.Ok(Offers.Values.Where(o => o.JobId == id).Select(OfferView)));
        v1.MapPost("/offers/{id:guid}/accept", async (HttpContext c, Guid id) => Guard(c, caller, "ClientMember") ?? await RecordAsync(c, () =>
        {
            if (!Offers.TryGetValue(id, out var offer) || offer.Status != "Submitted")
            {
                return FakeMarketApi.Problem(409, "offer_not_submitted", "The offer is no longer open.");
            }

            offer.Status = "Accepted";
            return Results.Ok(new { offerId = offer.Id, jobId = offer.JobId, jobStatus = "Contracted", contractedAgentId = offer.AgentId, agreedPrice = offer.Price, declinedOffers = 0 });
        }));

        Get("/agents/{id:guid}/units", (HttpContext c, Guid id, Guid? jobId, string? status) => Guard(c, caller) ?? BoardPage(jobId, status));
        v1.MapPost("/units/{id:guid}/assign", async (HttpContext c, Guid id) => Guard(c, caller) ?? await RecordAsync(c, body => Assign(id, body)));
        v1.MapPost("/jobs/{id:guid}/start-work", async (HttpContext c, Guid id) => Guard(c, caller) ?? await RecordAsync(c, () =>
            Results.Ok(new { jobId = id, status = "InProgress", unitsMadeAvailable = 6 })));
        Get("/jobs/{id:guid}/subcontracts", (HttpContext c, Guid id) => Guard(c, caller) ?? Results.Ok(Array.Empty<object>()));
        v1.MapPost("/jobs/{id:guid}/subcontracts", async (HttpContext c, Guid id) => Guard(c, caller) ?? await RecordAsync(c, body =>
            body.GetProperty("subAgentId").GetGuid() == TonoHubId
                ? FakeMarketApi.Problem(409, "subcontract_to_self", "An agent cannot subcontract to itself.")
                : FakeMarketApi.Problem(422, "subcontract_sub_agent_not_found", "No such agent to subcontract to.")));

        Get("/agents/{id:guid}/workers", (HttpContext c, Guid id) => Guard(c, caller) ?? Results.Ok(Workers.OrderBy(w => w.DisplayName).Select(w => new
        {
            userId = w.UserId,
            displayName = w.DisplayName,
            status = w.Status,
            joinedAt = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero),
            tier = w.Tier,
            hoursPerWeek = 20,
            maxConcurrentUnits = w.MaxUnits,
            activeUnits = w.ActiveUnits,
            skills = new[] { "Transcription", "DataEntry" },
        })));
        Get("/agents/{id:guid}/teams", (HttpContext c, Guid id) => Guard(c, caller) ?? Results.Ok(Array.Empty<object>()));

        MapPayouts(v1, caller);
        Get("/agents/{id:guid}/review-queue", (HttpContext c, Guid id, string? jobType) => Guard(c, caller) ?? QueuePage(jobType));
        v1.MapPost("/submissions/{id:guid}/review", async (HttpContext c, Guid id) => Guard(c, caller) ?? await RecordAsync(c, body => Review(id, body)));
        Get("/jobs/{jobId:guid}/units/{unitId:guid}/audio", (HttpContext c, Guid jobId, Guid unitId) =>
            Guard(c, caller) ?? (ReviewQueue.Values.Any(i => i.JobId == jobId && i.UnitId == unitId)
                ? Results.Bytes(SegmentAudio, "audio/mpeg")
                : NotFound("unit_not_found")));
        Get("/agents/{id:guid}/appeals", (HttpContext c, Guid id) => Guard(c, caller, "AgentOwner") ?? Results.Ok(Appeals.Values.Select(a => new
        {
            taskId = a.TaskId,
            unitId = Guid.NewGuid(),
            jobId = Guid.NewGuid(),
            jobTitle = a.JobTitle,
            kind = "Transcription",
            unitSequence = 3,
            workerId = Guid.NewGuid(),
            workerName = a.WorkerName,
            rejectionReasonCodes = new[] { "missing_text" },
            rejectionComment = "2分15秒付近が抜けています。",
            rejectedAt = new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero),
            statement = a.Statement,
            filedAt = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero),
            content = a.Content,
        })));
        v1.MapPost("/submissions/{id:guid}/appeal/decision", async (HttpContext c, Guid id) => Guard(c, caller, "AgentOwner") ?? await RecordAsync(c, body =>
        {
            if (!Appeals.TryRemove(id, out _))
            {
                return NotFound("review_task_not_found");
            }

            return Results.Ok(new { taskId = id, unitId = Guid.NewGuid(), status = Text(body, "outcome") == "Overturned" ? "Accepted" : "Rejected", reworkRounds = 0 });
        }));
    }

    private void MapPayouts(RouteGroupBuilder v1, Func<HttpContext, FakeApiUser?> caller)
    {
        v1.MapGet("/agents/{id:guid}/payout-batches", (HttpContext c, Guid id) => Guard(c, caller) ?? Results.Ok(new
        {
            items = PayoutBatches.Values.OrderByDescending(b => b.Cutoff).Select(BatchSummary),
            page = 1,
            pageSize = 20,
            total = PayoutBatches.Count,
        }));
        v1.MapGet("/agents/{id:guid}/payout-batches/{batchId:guid}", (HttpContext c, Guid id, Guid batchId) =>
            Guard(c, caller) ?? (PayoutBatches.TryGetValue(batchId, out var b) ? Results.Ok(BatchDetail(b)) : NotFound("payout_batch_not_found")));
        v1.MapGet("/agents/{id:guid}/payout-batches/{batchId:guid}/zengin", (HttpContext c, Guid id, Guid batchId) =>
        {
            if (Guard(c, caller, "AgentOwner") is { } refused)
            {
                return refused;
            }

            if (!PayoutBatches.TryGetValue(batchId, out var b))
            {
                return NotFound("payout_batch_not_found");
            }

            b.Status = "FileIssued";
            return Results.File(ZenginFile, "text/plain; charset=shift_jis", $"zengin-{b.Cutoff:yyyyMMdd}-monthly.txt");
        });
        v1.MapPost("/agents/{id:guid}/payout-batches/{batchId:guid}/confirm", async (HttpContext c, Guid id, Guid batchId) =>
            Guard(c, caller, "AgentOwner") ?? await RecordAsync(c, body =>
            {
                if (!PayoutBatches.TryGetValue(batchId, out var b))
                {
                    return NotFound("payout_batch_not_found");
                }

                if (b.Status != "FileIssued")
                {
                    return FakeMarketApi.Problem(409, "payout_batch_not_file_issued", "Issue the file first.");
                }

                foreach (var failure in body.GetProperty("failures").EnumerateArray())
                {
                    b.Failed[failure.GetProperty("workerId").GetGuid()] = failure.GetProperty("reason").GetString()!;
                }

                b.Status = "Confirmed";
                return Results.Ok(BatchDetail(b));
            }));
    }

    private static object BatchSummary(FakePayoutBatch b) => new
    {
        id = b.Id,
        schedule = "Monthly",
        cutoffDate = b.Cutoff,
        paymentDate = b.Cutoff.AddDays(10),
        isMonthEnd = false,
        status = b.Status,
        payoutCount = b.Payouts.Count,
        total = b.Payouts.Sum(p => p.Amount),
        carriedForwardCount = 1,
        builtAt = new DateTimeOffset(2026, 11, 15, 16, 0, 0, TimeSpan.Zero),
        fileIssuedAt = (DateTimeOffset?)null,
        confirmedAt = (DateTimeOffset?)null,
    };

    private static object BatchDetail(FakePayoutBatch b) => new
    {
        batch = BatchSummary(b),
        payouts = b.Payouts.Select(p => new
        {
            workerId = p.WorkerId,
            workerName = p.Name,
            amount = p.Amount,
            status = b.Failed.ContainsKey(p.WorkerId) ? "Failed" : b.Status == "Confirmed" ? "Paid" : "Pending",
            failureReason = b.Failed.GetValueOrDefault(p.WorkerId),
            failedAt = (DateTimeOffset?)null,
            account = new { bankCode = "0158", bankName = "京都銀行", branchCode = "101", branchName = "本店営業部", accountType = "Ordinary", accountNumber = "****567", holderName = "ｻｸﾗ ﾊﾅｺ" },
        }),
        carriedForward = new[] { new { workerId = Guid.NewGuid(), workerName = "在宅 はじめ", due = 640L, reason = "BelowMinimum" } },
    };

    private static IResult? Guard(HttpContext context, Func<HttpContext, FakeApiUser?> caller, string? role = null)
    {
        if (caller(context) is not { } user)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        return role is null || user.Roles.Contains(role) ? null : FakeMarketApi.Problem(403, "forbidden", "Forbidden.");
    }

    private async Task<IResult> RecordAsync(HttpContext context, Func<JsonElement, IResult> answer)
    {
        var body = context.Request.ContentLength is > 0 || context.Request.Headers.ContentType.Count > 0
            ? await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body)
            : default;
        calls.Enqueue(new FakeAgentCall(context.Request.Path, body, context.Request.Headers["Idempotency-Key"].FirstOrDefault()));
        return answer(body);
    }

    private Task<IResult> RecordAsync(HttpContext context, Func<IResult> answer) => RecordAsync(context, _ => answer());

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IResult NotFound(string code) => FakeMarketApi.Problem(404, code, "Not found.");

    private IResult WithAgent(Guid id, Func<FakeAgent, IResult> answer) =>
        Agents.TryGetValue(id, out var agent) ? answer(agent) : NotFound("agent_not_found");

    private static object Profile(FakeAgent a) => new
    {
        id = a.Id,
        name = a.Name,
        organisationType = a.OrganisationType,
        prefecture = a.Prefecture,
        municipality = a.Municipality,
        inviteCode = "TONO-2026",
        vettingStatus = a.VettingStatus,
        vettingReason = a.VettingReason,
        vettedAt = (DateTimeOffset?)null,
        certifications = a.Certifications,
        maxConcurrentJobs = a.MaxConcurrentJobs,
        activeJobs = a.ActiveJobs,
        createdAt = a.CreatedAt,
    };

    private IResult ListAgents(string? status, int page, int pageSize)
    {
        var all = Agents.Values.Where(a => status is null || a.VettingStatus == status).OrderBy(a => a.CreatedAt).ThenBy(a => a.Name).ToList();
        return Results.Ok(new { items = all.Skip((page - 1) * pageSize).Take(pageSize).Select(Profile), page, pageSize, total = all.Count });
    }

    private IResult OpenJobPage(bool includeIneligible)
    {
        var listed = OpenJobs.Values.Where(j => includeIneligible || j.Refusals.Count == 0).OrderBy(j => j.Deadline).ToList();
        var items = listed.Select(j => new
        {
            id = j.Id,
            title = j.Title,
            type = j.Type,
            deadline = j.Deadline,
            confidentiality = j.Confidentiality,
            regionPreference = j.Regions,
            quote = new { unitCount = 6, workerPay = j.ClientPrice * 3 / 4, agentMargin = j.ClientPrice / 4, clientPriceBeforeTax = j.ClientPrice, audioMinutes = 30, keyedFields = 0 },
            eligible = j.Refusals.Count == 0,
            refusals = j.Refusals.Select(r => new { code = r.Code, message = r.Message }),
            liveOfferId = j.LiveOfferId,
        });
        return Results.Ok(new { items, page = 1, pageSize = 20, total = listed.Count, activeJobs = 2, maxConcurrentJobs = 5 });
    }

    private IResult SubmitOffer(Guid jobId, JsonElement body)
    {
        if (!OpenJobs.TryGetValue(jobId, out var job))
        {
            return NotFound("job_not_found");
        }

        if (body.GetProperty("price").GetInt64() <= 0)
        {
            return FakeMarketApi.Problem(400, "validation_failed", "One or more validation errors occurred.",
                new() { ["price"] = ["The price is a whole number of yen above 0."] });
        }

        var deliverBy = body.GetProperty("deliverBy").GetDateTimeOffset();
        if (deliverBy > job.Deadline)
        {
            return FakeMarketApi.Problem(409, "offer_delivery_after_deadline", "The delivery date is after the job's deadline.");
        }

        if (job.Refusals.Count > 0)
        {
            return Results.Json(
                new
                {
                    type = "https://furusato.example/problems/" + job.Refusals[0].Code,
                    title = "A business rule refused the request.",
                    status = 409,
                    code = job.Refusals[0].Code,
                    refusals = job.Refusals.Select(r => new { code = r.Code, message = r.Message }),
                },
                statusCode: 409,
                contentType: "application/problem+json");
        }

        var offer = new FakeOffer(Guid.NewGuid(), jobId, TonoHubId, Agents[TonoHubId].Name, body.GetProperty("price").GetInt64(), deliverBy, Text(body, "note"));
        Offers[offer.Id] = offer;
        job.LiveOfferId = offer.Id;
        return Results.Json(OfferView(offer), statusCode: StatusCodes.Status201Created);
    }

    private static object OfferView(FakeOffer o) => new
    {
        id = o.Id,
        jobId = o.JobId,
        agentId = o.AgentId,
        agentName = o.AgentName,
        price = o.Price,
        deliverBy = o.DeliverBy,
        note = o.Note,
        status = o.Status,
        submittedAt = new DateTimeOffset(2026, 11, 21, 1, 0, 0, TimeSpan.Zero),
        decidedAt = (DateTimeOffset?)null,
    };

    private IResult BoardPage(Guid? jobId, string? status)
    {
        var units = Board.Where(u => (jobId is null || u.JobId == jobId) && (status is null || u.Status == status))
            .OrderBy(u => u.LeaseExpiresAt is null).ThenBy(u => u.LeaseExpiresAt).ThenBy(u => u.Sequence).ToList();
        var items = units.Select(u => new
        {
            id = u.Id,
            jobId = u.JobId,
            jobTitle = "町議会 定例会の文字起こし",
            jobDeadline = new DateTimeOffset(2026, 12, 10, 8, 0, 0, TimeSpan.Zero),
            sequence = u.Sequence,
            kind = "Transcription",
            status = u.Status,
            estimatedMinutes = 20,
            pool = u.Pool,
            proposedTo = (Guid?)null,
            holder = u.Holder is null ? null : new { workerId = Workers.FirstOrDefault(w => w.DisplayName == u.Holder)?.UserId ?? Guid.Empty, displayName = u.Holder },
            leaseExpiresAt = u.LeaseExpiresAt,
        });
        return Results.Ok(new { items, page = 1, pageSize = 50, total = units.Count });
    }

    private IResult Assign(Guid unitId, JsonElement body)
    {
        if (assignProblems.TryDequeue(out var problem))
        {
            var extensions = JsonSerializer.SerializeToElement(problem.Extensions ?? new { }, JsonSerializerOptions.Web);
            var payload = new Dictionary<string, object?> { ["type"] = "about:blank", ["title"] = "Refused.", ["status"] = problem.Status, ["code"] = problem.Code };
            foreach (var property in extensions.EnumerateObject())
            {
                payload[property.Name] = property.Value;
            }

            return Results.Json(payload, statusCode: problem.Status, contentType: "application/problem+json");
        }

        var auto = body.TryGetProperty("auto", out var a) && a.GetBoolean();
        var workerId = auto ? Workers.OrderBy(w => w.ActiveUnits).First().UserId : body.GetProperty("workerId").GetGuid();
        var ranking = auto
            ? Workers.Select((w, i) => (object)new
            {
                workerId = w.UserId,
                rank = w.UserId == workerId ? 1 : (int?)null,
                eligible = w.UserId == workerId,
                refusals = w.UserId == workerId ? [] : new[] { new { code = "worker_at_capacity", message = "The worker holds as many units as they chose." } },
                explanation = w.UserId == workerId ? "Rank 1 of 1: no quality score yet, ranked at the team median." : "Not eligible: [worker_at_capacity]",
            }).ToList()
            : null;
        return Results.Ok(new
        {
            assignmentId = Guid.NewGuid(),
            unitId,
            workerId,
            assignedBy = auto ? "AutoAssign" : "Coordinator",
            expiresAt = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero),
            ranking,
        });
    }

    private IResult QueuePage(string? jobType)
    {
        var items = ReviewQueue.Values.Where(i => jobType is null || i.Kind == jobType).OrderBy(i => i.Sequence).Select(i => new
        {
            taskId = i.TaskId,
            unitId = i.UnitId,
            jobId = i.JobId,
            jobTitle = i.JobTitle,
            kind = i.Kind,
            unitSequence = i.Sequence,
            workerId = Guid.NewGuid(),
            workerName = i.WorkerName,
            workerTier = "Trial",
            submissionId = Guid.NewGuid(),
            content = i.Content,
            submittedAt = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero),
            reworkRounds = 0,
            awaitingReviewSince = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero),
            autoAcceptDueAt = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero),
            audioUrl = i.Kind == "Transcription" ? $"/api/v1/jobs/{i.JobId}/units/{i.UnitId}/audio" : null,
            startMs = i.Kind == "Transcription" ? 295_000L : (long?)null,
            endMs = i.Kind == "Transcription" ? 605_000L : (long?)null,
            fields = i.Fields,
            page = i.Page,
        }).ToList();
        return Results.Ok(new { items, page = 1, pageSize = 20, total = items.Count });
    }

    private IResult Review(Guid taskId, JsonElement body)
    {
        if (reviewProblems.TryDequeue(out var problem))
        {
            return FakeMarketApi.Problem(problem.Status, problem.Code, "Refused.");
        }

        var decision = Text(body, "decision");
        if (decision == "Rework" && (!body.TryGetProperty("reasonCodes", out var codes) || codes.GetArrayLength() == 0))
        {
            return FakeMarketApi.Problem(422, "review_reason_required", "At least one reason code is required.");
        }

        if (!ReviewQueue.TryRemove(taskId, out var item))
        {
            return NotFound("review_task_not_found");
        }

        var status = decision switch { "Accept" => "Accepted", "Rework" => "ReturnedForRework", _ => "Rejected" };
        return Results.Ok(new { taskId, unitId = item.UnitId, status, reworkRounds = decision == "Rework" ? 1 : 0, reworkDeadline = (DateTimeOffset?)null });
    }
}
