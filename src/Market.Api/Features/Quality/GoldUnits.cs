using System.Text.Json;
using FluentValidation;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Assembly;
using Market.Domain.Assignments;
using Market.Domain.Common;
using Market.Domain.Quality;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Quality;

/// <summary>A row of a data-entry batch as the worker sees it: a real record, or a gold record placed among them.</summary>
public sealed record BatchRow(int? RecordIndex, IReadOnlyList<string> Sources);

/// <summary>
/// Gold (known-answer) records mixed into data-entry batches (<see cref="Gold"/>): placed when the worker first opens
/// a batch, at the agent's share, never a record that worker has seen before; scored field by field when they submit,
/// and taken out of the submission so comparison and assembly see only real records.
/// </summary>
public sealed class GoldUnits(MarketDbContext db, SubmissionReviews reviews)
{
    /// <summary>The gold placed in this assignment's batch (placing it on first call), by row position.</summary>
    public async Task<IReadOnlyDictionary<int, GoldRecordEntry>> PlaceAsync(WorkUnit unit, Assignment assignment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (unit.Slice is not { } slice)
        {
            return new Dictionary<int, GoldRecordEntry>();
        }

        var placed = await PlacedAsync(assignment.Id, cancellationToken);
        if (placed.Count > 0 || await db.GoldResults.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AnyAsync(r => r.AssignmentId == assignment.Id, cancellationToken))
        {
            return placed;
        }

        var settings = await reviews.SettingsAsync(assignment.AgentId, now, cancellationToken);
        var fields = slice.FieldNames;
        var pool = (await db.GoldRecords.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Where(g => g.AgentId == assignment.AgentId)
                .ToListAsync(cancellationToken))
            .Where(g => fields.All(f => g.Fields.Any(x => x.FieldName == f)))
            .ToList();
        if (pool.Count == 0)
        {
            return placed;
        }

        var seen = (await db.GoldPlacements.IgnoreQueryFilters([MarketDbContext.TenantFilter])
                .Where(p => p.WorkerId == assignment.WorkerId)
                .Select(p => p.GoldRecordId)
                .ToListAsync(cancellationToken))
            .Select(id => new GoldRecordId(id))
            .ToHashSet();
        var plan = Gold.Plan(settings.ToGoldPolicy(), slice.RecordIndexes.Count, pool.Select(g => g.ToDomain()).ToList(), seen, assignment.Id.Value.ToString("N"));
        foreach (var placement in plan)
        {
            // Opening the same batch twice at once: the primary key keeps one placement, the unique index one per worker.
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                 INSERT INTO gold_placements (assignment_id, gold_record_id, agent_id, worker_id, position, placed_at)
                 VALUES ({assignment.Id.Value}, {placement.GoldRecordId.Value}, {assignment.AgentId}, {assignment.WorkerId}, {placement.Position}, {now})
                 ON CONFLICT DO NOTHING
                 """,
                cancellationToken);
        }

        return await PlacedAsync(assignment.Id, cancellationToken);
    }

    /// <summary>The batch's rows in the order the worker keys them.</summary>
    public static IReadOnlyList<BatchRow> Rows(DataEntrySlice slice, Func<int, string, string> source, IReadOnlyDictionary<int, GoldRecordEntry> gold)
    {
        var rows = new List<BatchRow>(slice.RecordIndexes.Count + gold.Count);
        var next = 0;
        for (var position = 0; position < slice.RecordIndexes.Count + gold.Count; position++)
        {
            if (gold.TryGetValue(position, out var record))
            {
                rows.Add(new BatchRow(null, slice.FieldNames.Select(f => record.Fields.First(x => x.FieldName == f).Source).ToList()));
            }
            else
            {
                var index = slice.RecordIndexes[next++];
                rows.Add(new BatchRow(index, slice.FieldNames.Select(f => source(index, f)).ToList()));
            }
        }

        return rows;
    }

    /// <summary>
    /// Scores the gold rows of a submission and returns the content with only the real records. A submission with the
    /// wrong number of rows is refused before anything is scored.
    /// </summary>
    public async Task<string> ScoreAndStripAsync(WorkUnit unit, Assignment assignment, string content, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (unit.Slice is not { } slice)
        {
            return content;
        }

        var gold = await PlacedAsync(assignment.Id, cancellationToken);
        var keyed = Jobs.Deliver.SubmissionFormats.ReadKeyedValues(content);
        var expected = slice.RecordIndexes.Count + gold.Count;
        if (keyed.Rows.Count != expected || keyed.Rows.Any(r => r.Count != slice.FieldNames.Count))
        {
            throw new UnprocessableInputException(
                "submission_shape_mismatch",
                $"This unit needs {expected} rows of {slice.FieldNames.Count} values ({string.Join(", ", slice.FieldNames)}).");
        }

        if (gold.Count == 0)
        {
            return content;
        }

        var scored = await db.GoldResults.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(r => r.AssignmentId == assignment.Id)
            .Select(r => r.GoldRecordId)
            .ToListAsync(cancellationToken);
        foreach (var (position, record) in gold)
        {
            if (scored.Contains(record.Id))
            {
                continue; // a resubmission after rework: gold counts once, as first keyed
            }

            var byField = slice.FieldNames.Select((f, i) => (f, keyed.Rows[position][i])).ToDictionary(p => p.f, p => p.Item2);
            var result = Gold.Score(record.ToDomain(), assignment.WorkerId, byField, now);
            db.GoldResults.Add(new GoldResultEntry
            {
                AssignmentId = assignment.Id,
                GoldRecordId = record.Id,
                AgentId = assignment.AgentId,
                WorkerId = assignment.WorkerId,
                CellsCompared = result.CellsCompared,
                CellsCorrect = result.CellsCorrect,
                WrongFields = [.. result.WrongFields],
                ScoredAt = now,
            });
        }

        var real = keyed.Rows.Where((_, position) => !gold.ContainsKey(position)).ToList();
        return JsonSerializer.Serialize(new { rows = real }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }

    private async Task<IReadOnlyDictionary<int, GoldRecordEntry>> PlacedAsync(AssignmentId assignmentId, CancellationToken cancellationToken) =>
        await (from p in db.GoldPlacements.IgnoreQueryFilters([MarketDbContext.TenantFilter])
               join g in db.GoldRecords.IgnoreQueryFilters([MarketDbContext.TenantFilter]) on p.GoldRecordId equals g.Id
               where p.AssignmentId == assignmentId
               select new { p.Position, Record = g })
            .AsNoTracking()
            .ToDictionaryAsync(x => x.Position, x => x.Record, cancellationToken);
}

public sealed record GoldFieldBody(string FieldName, string Source, string Answer);

public sealed record AddGoldRecord(Guid AgentId, IReadOnlyList<GoldFieldBody> Fields) : ICommand<GoldRecordView>;

public sealed record GoldRecordView(Guid Id, IReadOnlyList<GoldField> Fields, DateTimeOffset CreatedAt);

public sealed class AddGoldRecordValidator : AbstractValidator<AddGoldRecord>
{
    public AddGoldRecordValidator()
    {
        RuleFor(g => g.Fields).NotEmpty().Must(f => f.Count <= 100).WithMessage("A gold record has between 1 and 100 fields.");
        RuleForEach(g => g.Fields).ChildRules(field =>
        {
            field.RuleFor(f => f.FieldName).NotEmpty().MaximumLength(200);
            field.RuleFor(f => f.Source).NotNull().MaximumLength(4000);
            field.RuleFor(f => f.Answer).NotNull().MaximumLength(4000);
        });
    }
}

public sealed record GetGoldOverview(Guid AgentId) : IRequest<GoldOverview>;

public sealed record GoldWorkerView(Guid WorkerId, string DisplayName, int Unseen, int RecordsScored, int? AccuracyBasisPoints);

/// <summary>The agent's gold pool, and its workers with fewest unseen records first (those below the watermark flagged).</summary>
public sealed record GoldOverview(int PoolSize, int Share, int LowWatermark, IReadOnlyList<GoldWorkerView> Workers, IReadOnlyList<GoldWorkerView> RunningLow);

public sealed class GoldHandlers(MarketDbContext db, ICurrentUser caller, SubmissionReviews reviews, AuditLog audit, TimeProvider clock) :
    IRequestHandler<AddGoldRecord, GoldRecordView>,
    IRequestHandler<GetGoldOverview, GoldOverview>
{
    public async Task<GoldRecordView> Handle(AddGoldRecord request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var entry = new GoldRecordEntry
        {
            Id = Guid.CreateVersion7(now),
            AgentId = request.AgentId,
            Fields = request.Fields.Select(f => new GoldField(f.FieldName.Trim(), f.Source, f.Answer)).ToList(),
            CreatedBy = caller.UserId!.Value,
            CreatedAt = now,
        };
        _ = entry.ToDomain(); // the domain's rules: at least one answer, one per field
        db.GoldRecords.Add(entry);
        audit.Record("gold.added", "gold_record", entry.Id.ToString(), new { fields = entry.Fields.Select(f => f.FieldName) }, request.AgentId);
        await db.SaveChangesAsync(cancellationToken);
        return new GoldRecordView(entry.Id, entry.Fields, entry.CreatedAt);
    }

    public async Task<GoldOverview> Handle(GetGoldOverview request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = await reviews.SettingsAsync(request.AgentId, now, cancellationToken);
        var pool = (await db.GoldRecords.AsNoTracking().Where(g => g.AgentId == request.AgentId).ToListAsync(cancellationToken))
            .Select(g => g.ToDomain())
            .ToList();
        var workers = await (from p in db.WorkerProfiles.AsNoTracking()
                             join u in db.Users on p.UserId equals u.Id
                             where p.AgentId == request.AgentId
                             select new { p.UserId, u.DisplayName })
            .ToListAsync(cancellationToken);
        var ids = workers.Select(w => w.UserId).ToList();
        var seen = (await db.GoldPlacements.AsNoTracking().Where(p => ids.Contains(p.WorkerId)).Select(p => new { p.WorkerId, p.GoldRecordId }).ToListAsync(cancellationToken))
            .ToLookup(p => p.WorkerId, p => new GoldRecordId(p.GoldRecordId));
        var since = now - QualityScoring.Window;
        var results = (await db.GoldResults.AsNoTracking().Where(r => ids.Contains(r.WorkerId) && r.ScoredAt >= since).ToListAsync(cancellationToken))
            .ToLookup(r => r.WorkerId, r => r.ToDomain());
        var seenByWorker = workers.ToDictionary(w => w.UserId, w => (IReadOnlySet<GoldRecordId>)seen[w.UserId].ToHashSet());
        var low = Gold.WorkersRunningLow(pool, seenByWorker, settings.GoldLowWatermark).Select(l => l.WorkerId).ToHashSet();
        var views = workers
            .Select(w =>
            {
                var accuracy = GoldAccuracy.Of(w.UserId, results[w.UserId]);
                return new GoldWorkerView(w.UserId, w.DisplayName, Gold.UnseenCount(pool, seenByWorker[w.UserId]), accuracy.RecordsScored, accuracy.BasisPoints);
            })
            .OrderBy(v => v.Unseen).ThenBy(v => v.WorkerId)
            .ToList();
        return new GoldOverview(pool.Count, settings.GoldShare, settings.GoldLowWatermark, views, views.Where(v => low.Contains(v.WorkerId)).ToList());
    }
}

public sealed record QualitySettingsBody(int TrialShare, int BShare, int AShare, int SShare, int GoldShare, int GoldLowWatermark);

public sealed record QualitySettingsView(int TrialShare, int BShare, int AShare, int SShare, int GoldShare, int GoldLowWatermark, string Seed, DateTimeOffset? UpdatedAt);

public sealed record GetQualitySettings(Guid AgentId) : IRequest<QualitySettingsView>;

/// <summary>The agent's sampling shares by tier and gold settings (basis points). The seed is never changed: past draws stay auditable.</summary>
public sealed record UpdateQualitySettings(Guid AgentId, int TrialShare, int BShare, int AShare, int SShare, int GoldShare, int GoldLowWatermark)
    : ICommand<QualitySettingsView>;

public sealed class UpdateQualitySettingsValidator : AbstractValidator<UpdateQualitySettings>
{
    public UpdateQualitySettingsValidator()
    {
        RuleFor(s => s.TrialShare).InclusiveBetween(0, SamplingPolicy.MaxShare);
        RuleFor(s => s.BShare).InclusiveBetween(0, SamplingPolicy.MaxShare);
        RuleFor(s => s.AShare).InclusiveBetween(0, SamplingPolicy.MaxShare);
        RuleFor(s => s.SShare).InclusiveBetween(0, SamplingPolicy.MaxShare);
        RuleFor(s => s.GoldShare).InclusiveBetween(0, GoldPolicy.MaxShare);
        RuleFor(s => s.GoldLowWatermark).InclusiveBetween(0, 100_000);
    }
}

public sealed class QualitySettingsHandlers(MarketDbContext db, SubmissionReviews reviews, AuditLog audit, TimeProvider clock) :
    IRequestHandler<GetQualitySettings, QualitySettingsView>,
    IRequestHandler<UpdateQualitySettings, QualitySettingsView>
{
    public async Task<QualitySettingsView> Handle(GetQualitySettings request, CancellationToken cancellationToken) =>
        View(await reviews.SettingsAsync(request.AgentId, clock.GetUtcNow(), cancellationToken));

    public async Task<QualitySettingsView> Handle(UpdateQualitySettings request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await reviews.SettingsAsync(request.AgentId, now, cancellationToken);
        var settings = await db.AgentQualitySettings.SingleAsync(s => s.AgentId == request.AgentId, cancellationToken);
        // The domain validates the shares (same rules as the validator, for callers other than HTTP).
        var policy = new SamplingPolicy(request.TrialShare, request.BShare, request.AShare, request.SShare);
        var gold = new GoldPolicy(request.GoldShare, request.GoldLowWatermark);
        var before = View(settings);
        (settings.TrialShare, settings.BShare, settings.AShare, settings.SShare) = (policy.TrialShare, policy.BShare, policy.AShare, policy.SShare);
        (settings.GoldShare, settings.GoldLowWatermark, settings.UpdatedAt) = (gold.ShareBasisPoints, gold.LowWatermark, now);
        audit.Record("quality.settings_changed", "agent", request.AgentId.ToString(), new { before = before with { Seed = "-" }, after = View(settings) with { Seed = "-" } }, request.AgentId);
        await db.SaveChangesAsync(cancellationToken);
        return View(settings);
    }

    private static QualitySettingsView View(AgentQualitySettings s) =>
        new(s.TrialShare, s.BShare, s.AShare, s.SShare, s.GoldShare, s.GoldLowWatermark, s.Seed, s.UpdatedAt);
}

/// <summary>Routes for gold and the agent's quality settings.</summary>
public static class GoldEndpoints
{
    public static void Map(RouteGroupBuilder agent)
    {
        agent.MapGet("/quality-settings", async (Guid agentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetQualitySettings(agentId), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("GetQualitySettings")
            .WithSummary("Sampling shares by tier, gold share and watermark (basis points), and the sampling seed for audit.");
        agent.MapPut("/quality-settings", async (Guid agentId, QualitySettingsBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(
                    new UpdateQualitySettings(agentId, body.TrialShare, body.BShare, body.AShare, body.SShare, body.GoldShare, body.GoldLowWatermark), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("UpdateQualitySettings")
            .WithSummary("Changes the sampling shares and gold settings from the next submission on.");
        agent.MapPost("/gold-records", async (Guid agentId, AddGoldBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/agents/{agentId}/gold", await mediator.Send(new AddGoldRecord(agentId, body.Fields ?? []), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("AddGoldRecord")
            .WithSummary("Adds a known-answer record: per field, what the worker sees and the right answer.");
        agent.MapGet("/gold", async (Guid agentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetGoldOverview(agentId), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("GetGoldOverview")
            .WithSummary("The gold pool, each worker's unseen gold and gold accuracy (90 days), and who is running low.");
    }
}

public sealed record AddGoldBody(List<GoldFieldBody>? Fields);
