using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Api.Storage;
using Market.Domain.Assembly;
using Market.Domain.Files;
using Market.Domain.Quality;
using Market.Domain.Splitting.Csv;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Quality;

/// <summary>
/// Double keying (二重入力): once both keyings of a data-entry batch are accepted, they are compared cell by cell
/// after normalisation (<see cref="KeyingComparison"/>). Cells that agree go to the deliverable without anyone
/// looking; cells that disagree become one <see cref="AdjudicationTask"/> for the lead agent's reviewers.
/// </summary>
/// <remarks>
/// Runs inside the accepting command's transaction, after its first save, so the acceptance is visible to the
/// queries here. Both keyings of a pair can be accepted at the same moment by two transactions; a transaction-scoped
/// advisory lock on the pair makes the second wait for the first to commit, and the second then sees both accepted
/// (READ COMMITTED reads afresh per statement). The comparison row's primary key is the last word on "once".
/// </remarks>
public sealed class KeyingReconciliation(MarketDbContext db, IBlobStore blobs, AuditLog audit)
{
    public async Task AfterAcceptedAsync(IEnumerable<WorkUnitId> acceptedUnits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var any = false;
        foreach (var unitId in acceptedUnits.Distinct())
        {
            any |= await CompareIfBothAcceptedAsync(unitId, now, cancellationToken);
        }

        if (any)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task<bool> CompareIfBothAcceptedAsync(WorkUnitId unitId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var units = db.WorkUnits.IgnoreQueryFilters([MarketDbContext.TenantFilter]);
        var unit = await units.AsNoTracking().SingleAsync(u => u.Id == unitId, cancellationToken);
        if (unit.Slice is not { } slice || unit.TwinUnitId is not { } twinId || unit.Status != WorkUnitStatus.Accepted)
        {
            return false;
        }

        var (round1Id, round2Id) = slice.KeyingRound == 1 ? (unit.Id, twinId) : (twinId, unit.Id);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"SELECT pg_advisory_xact_lock(hashtextextended('keying:' || {round1Id.Value.ToString()}, 0))", cancellationToken);

        var comparisons = db.KeyingComparisons.IgnoreQueryFilters([MarketDbContext.TenantFilter]);
        if (await comparisons.AnyAsync(c => c.Round1UnitId == round1Id, cancellationToken))
        {
            return false;
        }

        var pair = await units.AsNoTracking().Where(u => u.Id == round1Id || u.Id == round2Id).ToListAsync(cancellationToken);
        if (pair.Count != 2 || pair.Any(u => u.Status != WorkUnitStatus.Accepted))
        {
            return false;
        }

        var round1 = pair.Single(u => u.Id == round1Id);
        var round2 = pair.Single(u => u.Id == round2Id);
        var job = await db.Jobs.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking().SingleAsync(j => j.Id == unit.JobId, cancellationToken);
        var result = KeyingComparison.Compare(
            round1, await AcceptedKeyingAsync(round1, cancellationToken),
            round2, await AcceptedKeyingAsync(round2, cancellationToken));

        var record = new KeyingComparisonRecord
        {
            Round1UnitId = round1Id,
            Round2UnitId = round2Id,
            JobId = job.Id,
            AgentId = job.ContractedAgentId!.Value,
            CellsCompared = result.Agreed.Count + result.Mismatches.Count,
            CellsAgreed = result.Agreed.Count,
            ComparedAt = now,
        };
        if (!result.AllAgree)
        {
            var task = AdjudicationTask.Open(AdjudicationTaskId.New(), round1, round2, result.Mismatches, now);
            db.AdjudicationTasks.Add(task);
            db.Entry(task).Property(QualityMapping.AdjudicationAgentId).CurrentValue = record.AgentId;
            record.AdjudicationTaskId = task.Id;
            audit.Record("keying.adjudication_opened", "adjudication_task", task.Id.ToString(),
                new { jobId = job.Id.Value, round1UnitId = round1Id.Value, round2UnitId = round2Id.Value, cells = result.Mismatches.Count }, record.AgentId);
        }

        db.KeyingComparisons.Add(record);
        audit.Record("keying.compared", "unit", round1Id.Value.ToString(),
            new { round2UnitId = round2Id.Value, compared = record.CellsCompared, agreed = record.CellsAgreed }, record.AgentId);
        return true;
    }

    /// <summary>The latest submission of the assignment the unit was accepted with.</summary>
    private async Task<KeyedValues> AcceptedKeyingAsync(WorkUnit unit, CancellationToken cancellationToken)
    {
        var assignmentId = new Market.Domain.Assignments.AssignmentId(unit.AssignmentId!.Value);
        var content = await db.UnitSubmissions.AsNoTracking()
            .Where(s => s.UnitId == unit.Id && s.AssignmentId == assignmentId)
            .OrderByDescending(s => s.SubmittedAt)
            .Select(s => s.Content)
            .FirstAsync(cancellationToken);
        return Jobs.Deliver.SubmissionFormats.ReadKeyedValues(content);
    }

    /// <summary>The decided values of the job's resolved adjudications, for the assembler.</summary>
    public async Task<IReadOnlyDictionary<CellRef, string>> ResolvedValuesAsync(Market.Domain.Jobs.JobId jobId, CancellationToken cancellationToken)
    {
        var tasks = await db.AdjudicationTasks.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(t => t.JobId == jobId && t.Status == AdjudicationStatus.Resolved)
            .ToListAsync(cancellationToken);
        return tasks.SelectMany(t => t.ResolvedValues).ToDictionary(p => p.Key, p => p.Value);
    }

    public Task<int> OpenCountAsync(Market.Domain.Jobs.JobId jobId, CancellationToken cancellationToken) =>
        db.AdjudicationTasks.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .CountAsync(t => t.JobId == jobId && t.Status == AdjudicationStatus.Open, cancellationToken);

    /// <summary>What the record says in the input file, shown beside the two keyings.</summary>
    public async Task<Func<CellRef, string?>> SourceOfAsync(IEnumerable<FileId> files, CancellationToken cancellationToken)
    {
        var tables = new Dictionary<FileId, CsvTable>();
        foreach (var file in files.Distinct())
        {
            tables[file] = CsvReader.Read(await blobs.ReadAllBytesAsync(file, cancellationToken));
        }

        return cell => tables.TryGetValue(cell.File, out var table) && cell.RecordIndex < table.Records.Count && table.IndexOf(cell.FieldName) is var i and >= 0
            ? table.Records[cell.RecordIndex][i]
            : null;
    }
}

public sealed record AdjudicationCellView(
    string File,
    int RecordIndex,
    string FieldName,
    string? Source,
    string Round1,
    string Round2,
    string? Choice,
    string? ResolvedValue,
    DateTimeOffset? ResolvedAt);

public sealed record AdjudicationView(
    Guid Id,
    Guid JobId,
    Guid Round1UnitId,
    Guid Round2UnitId,
    string Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    int Unresolved,
    IReadOnlyList<AdjudicationCellView> Cells);

public sealed record AdjudicationSummary(Guid Id, Guid JobId, Guid Round1UnitId, Guid Round2UnitId, string Status, DateTimeOffset OpenedAt, int Cells, int Unresolved);

public sealed record AdjudicationPage(IReadOnlyList<AdjudicationSummary> Items);

/// <summary>The agent's adjudications, open ones oldest first (or resolved ones, newest first).</summary>
public sealed record ListAdjudications(Guid AgentId, AdjudicationStatus Status) : IRequest<AdjudicationPage>;

public sealed record GetAdjudication(AdjudicationTaskId Id) : IRequest<AdjudicationView>;

public sealed record AdjudicationDecisionBody(string File, int RecordIndex, string FieldName, int? Round, string? Value);

/// <summary>Take round 1's or round 2's value for a disputed cell, or key the right value (a third keying).</summary>
public sealed record DecideAdjudicationCell(AdjudicationTaskId Id, string File, int RecordIndex, string FieldName, int? Round, string? Value)
    : ICommand<AdjudicationView>;

public sealed class DecideAdjudicationCellValidator : AbstractValidator<DecideAdjudicationCell>
{
    public DecideAdjudicationCellValidator()
    {
        RuleFor(d => d.File).NotEmpty().Must(FileId.IsValid).WithMessage("Name the input file by its id (64 hex digits).");
        RuleFor(d => d.RecordIndex).GreaterThanOrEqualTo(0);
        RuleFor(d => d.FieldName).NotEmpty().MaximumLength(200);
        RuleFor(d => d).Must(d => (d.Round is null) != (d.Value is null))
            .WithName("round").WithMessage("Either choose a keying round (1 or 2) or key the value — one of the two.");
        RuleFor(d => d.Round).InclusiveBetween(1, 2).When(d => d.Round is not null);
        RuleFor(d => d.Value).MaximumLength(4000);
    }
}

/// <summary>
/// An adjudication of another agent answers 404 before its body is read: an outsider learns nothing from validation
/// errors about a task they cannot see. The handlers check again when they load it.
/// </summary>
public sealed class AdjudicationVisibleFilter(MarketDbContext db, ICurrentUser caller) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var raw = context.HttpContext.GetRouteValue("adjudicationId")?.ToString();
        var id = Guid.TryParse(raw, out var parsed) ? new AdjudicationTaskId(parsed) : default;
        if (!await db.AdjudicationTasks.AsNoTracking().VisibleTo(id, caller).AnyAsync(context.HttpContext.RequestAborted))
        {
            throw AdjudicationVisibility.NotFound();
        }

        return await next(context);
    }
}

/// <summary>The one rule for who sees an adjudication: the lead agent's staff; to anyone else it does not exist.</summary>
public static class AdjudicationVisibility
{
    public static IQueryable<AdjudicationTask> VisibleTo(this IQueryable<AdjudicationTask> tasks, AdjudicationTaskId id, ICurrentUser caller) =>
        tasks.Where(t => t.Id == id && EF.Property<Guid>(t, QualityMapping.AdjudicationAgentId) == caller.TenantId);

    public static NotFoundException NotFound() => new("adjudication_not_found", "No such adjudication.");
}

public sealed class AdjudicationHandlers(MarketDbContext db, ICurrentUser caller, KeyingReconciliation keying, AuditLog audit, TimeProvider clock) :
    IRequestHandler<ListAdjudications, AdjudicationPage>,
    IRequestHandler<GetAdjudication, AdjudicationView>,
    IRequestHandler<DecideAdjudicationCell, AdjudicationView>
{
    public async Task<AdjudicationPage> Handle(ListAdjudications request, CancellationToken cancellationToken)
    {
        var query = db.AdjudicationTasks.AsNoTracking()
            .Where(t => EF.Property<Guid>(t, QualityMapping.AdjudicationAgentId) == request.AgentId && t.Status == request.Status);
        query = request.Status == AdjudicationStatus.Open ? query.OrderBy(t => t.OpenedAt) : query.OrderByDescending(t => t.ResolvedAt);
        var tasks = await query.Take(200).ToListAsync(cancellationToken);
        return new AdjudicationPage(tasks
            .Select(t => new AdjudicationSummary(t.Id.Value, t.JobId.Value, t.Round1UnitId.Value, t.Round2UnitId.Value, t.Status.ToString(), t.OpenedAt, t.Cells.Count, t.UnresolvedCount))
            .ToList());
    }

    public async Task<AdjudicationView> Handle(GetAdjudication request, CancellationToken cancellationToken) =>
        await ViewAsync(await LoadAsync(request.Id, cancellationToken), cancellationToken);

    public async Task<AdjudicationView> Handle(DecideAdjudicationCell request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var task = await LoadAsync(request.Id, cancellationToken);
        var adjudicator = caller.UserId!.Value;
        var certifications = await ReviewTaskAccess.ValidCertificationsAsync(db, adjudicator, now, cancellationToken);
        if (!certifications.Contains(Market.Domain.Certifications.CertificationCodes.QcReviewer))
        {
            throw new Market.Domain.Common.DomainRuleException(SubmissionReview.ReviewerNotCertified, "Adjudicating needs a valid QC reviewer certification.");
        }

        var cell = new CellRef(new FileId(request.File), request.RecordIndex, request.FieldName);
        if (request.Round is { } round)
        {
            task.ChooseRound(adjudicator, cell, round, now);
        }
        else
        {
            task.TypeValue(adjudicator, cell, request.Value!, now);
        }

        var agentId = db.Entry(task).Property<Guid>(QualityMapping.AdjudicationAgentId).CurrentValue;
        audit.Record("keying.adjudicated", "adjudication_task", task.Id.ToString(),
            new { recordIndex = request.RecordIndex, field = request.FieldName, how = request.Round is null ? "typed" : $"round{request.Round}", resolved = task.Status == AdjudicationStatus.Resolved },
            agentId);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(task, cancellationToken);
    }

    /// <summary>Only the lead agent's staff see an adjudication (<see cref="AdjudicationVisibility"/>).</summary>
    /// <remarks>Tracked even for reading: the agent is a shadow column, only readable from a tracked entry.</remarks>
    private async Task<AdjudicationTask> LoadAsync(AdjudicationTaskId id, CancellationToken cancellationToken) =>
        await db.AdjudicationTasks.VisibleTo(id, caller).SingleOrDefaultAsync(cancellationToken) ?? throw AdjudicationVisibility.NotFound();

    private async Task<AdjudicationView> ViewAsync(AdjudicationTask task, CancellationToken cancellationToken)
    {
        var source = await keying.SourceOfAsync(task.Cells.Select(c => c.File), cancellationToken);
        return new AdjudicationView(
            task.Id.Value, task.JobId.Value, task.Round1UnitId.Value, task.Round2UnitId.Value, task.Status.ToString(), task.OpenedAt, task.ResolvedAt,
            task.UnresolvedCount,
            task.Cells
                .OrderBy(c => c.RecordIndex).ThenBy(c => c.FieldName, StringComparer.Ordinal)
                .Select(c => new AdjudicationCellView(
                    c.File.Sha256Hex, c.RecordIndex, c.FieldName, source(c.Cell), c.Round1Value, c.Round2Value, c.Choice?.ToString(), c.ResolvedValue, c.ResolvedAt))
                .ToList());
    }
}
