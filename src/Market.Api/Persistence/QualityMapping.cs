using System.Reflection;
using System.Text.Json;
using Market.Domain.Quality;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Market.Api.Persistence;

public sealed class ReviewTaskIdConverter() : ValueConverter<ReviewTaskId, Guid>(id => id.Value, value => new ReviewTaskId(value));

public sealed class AdjudicationTaskIdConverter() : ValueConverter<AdjudicationTaskId, Guid>(id => id.Value, value => new AdjudicationTaskId(value));

/// <summary>
/// The record that the two keyings of a batch were compared: written once per pair (the round-1 unit is the key),
/// under a per-pair lock, so a pair is never compared twice and never opens two adjudications.
/// </summary>
public sealed class KeyingComparisonRecord
{
    public Market.Domain.Units.WorkUnitId Round1UnitId { get; set; }

    public Market.Domain.Units.WorkUnitId Round2UnitId { get; set; }

    public Market.Domain.Jobs.JobId JobId { get; set; }

    /// <summary>The lead agent, whose reviewers adjudicate and who delivers.</summary>
    public Guid AgentId { get; set; }

    public int CellsCompared { get; set; }

    public int CellsAgreed { get; set; }

    public AdjudicationTaskId? AdjudicationTaskId { get; set; }

    public DateTimeOffset ComparedAt { get; set; }
}

/// <summary>
/// An agent's sampling policy (shares in basis points by tier) and the seed the draws are made with. Created lazily
/// with the default policy and a random seed on the agent's first submission; auditors recompute draws from it.
/// </summary>
public sealed class AgentQualitySettings
{
    public Guid AgentId { get; set; }

    public int TrialShare { get; set; }

    public int BShare { get; set; }

    public int AShare { get; set; }

    public int SShare { get; set; }

    public string Seed { get; set; } = string.Empty;

    /// <summary>Gold records mixed into a data-entry batch, in basis points of its real records.</summary>
    public int GoldShare { get; set; } = GoldPolicy.DefaultShare;

    /// <summary>A worker with fewer unseen gold records than this is shown to the agent as running low.</summary>
    public int GoldLowWatermark { get; set; } = GoldPolicy.DefaultLowWatermark;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public SamplingPolicy ToPolicy() => new(TrialShare, BShare, AShare, SShare);

    public GoldPolicy ToGoldPolicy() => new(GoldShare, GoldLowWatermark);
}

/// <summary>A comment the client pinned to a unit of the delivery.</summary>
public sealed record PinnedComment(Guid UnitId, int Sequence, string Comment);

/// <summary>A client's revision request (<see cref="RevisionRequest"/>), kept so the agent and client see every round.</summary>
public sealed class JobRevisionRecord
{
    public Guid Id { get; set; }

    public Market.Domain.Jobs.JobId JobId { get; set; }

    public Guid AgentId { get; set; }

    public Guid ClientId { get; set; }

    public int Round { get; set; }

    public string Summary { get; set; } = string.Empty;

    public List<PinnedComment> UnitComments { get; set; } = [];

    public Guid RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }
}

/// <summary>One field of a gold record: what the worker is shown and the known answer.</summary>
public sealed record GoldField(string FieldName, string Source, string Answer);

/// <summary>A known-answer record of an agent (<see cref="GoldRecord"/> with what the worker is shown).</summary>
public sealed class GoldRecordEntry
{
    public Guid Id { get; set; }

    public Guid AgentId { get; set; }

    public List<GoldField> Fields { get; set; } = [];

    public Guid CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public GoldRecord ToDomain() =>
        GoldRecord.Create(new GoldRecordId(Id), AgentId, Fields.Select(f => new GoldAnswer(f.FieldName, f.Answer)), CreatedAt);
}

/// <summary>A gold record placed into a worker's batch (so that worker has now seen it).</summary>
public sealed class GoldPlacementEntry
{
    public Market.Domain.Assignments.AssignmentId AssignmentId { get; set; }

    public Guid GoldRecordId { get; set; }

    public Guid AgentId { get; set; }

    public Guid WorkerId { get; set; }

    public int Position { get; set; }

    public DateTimeOffset PlacedAt { get; set; }
}

/// <summary>How a worker keyed a gold record (<see cref="GoldResult"/>).</summary>
public sealed class GoldResultEntry
{
    public Market.Domain.Assignments.AssignmentId AssignmentId { get; set; }

    public Guid GoldRecordId { get; set; }

    public Guid AgentId { get; set; }

    public Guid WorkerId { get; set; }

    public int CellsCompared { get; set; }

    public int CellsCorrect { get; set; }

    public List<string> WrongFields { get; set; } = [];

    public DateTimeOffset ScoredAt { get; set; }

    public GoldResult ToDomain() => new(new GoldRecordId(GoldRecordId), WorkerId, ScoredAt, CellsCompared, CellsCorrect, WrongFields);
}

internal static class QualityMapping
{
    public const string AdjudicationAgentId = "AgentId";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static void Map(ModelBuilder builder, MarketDbContext context)
    {
        builder.Entity<ReviewTask>(task =>
        {
            task.ToTable("review_tasks");
            task.HasKey(t => t.Id);
            task.Property(t => t.RejectionReasonCode).HasMaxLength(40);
            task.Property(t => t.Grades).HasColumnType("jsonb")
                .HasConversion(g => QualityJson.Write(g!), json => QualityJson.ReadGrades(json));
            task.Ignore(t => t.Decisions);
            task.Property<List<ReviewDecision>>("_decisions")
                .HasColumnName("decisions")
                .HasColumnType("jsonb")
                .HasConversion(list => QualityJson.Write(list), json => QualityJson.ReadDecisions(json), QualityJson.DecisionsComparer);
            task.Property(t => t.Appeal).HasColumnType("jsonb")
                .HasConversion(a => QualityJson.Write(a!), json => QualityJson.ReadAppeal(json), QualityJson.AppealComparer);
            // Modelled so EF inserts the submission before the task that points at it (same SaveChanges).
            task.HasOne<UnitSubmission>().WithMany().HasForeignKey(t => t.SubmissionId).OnDelete(DeleteBehavior.Restrict);
            task.HasOne<UnitSubmission>().WithMany().HasForeignKey(t => t.LatestSubmissionId).OnDelete(DeleteBehavior.Restrict);
            task.HasIndex(t => t.UnitId);
            task.HasIndex(t => t.WorkerId);
            task.HasIndex(t => new { t.AgentId, t.Status, t.AwaitingReviewSince });
            // The agent whose team did the work (its staff and workers); handlers narrow workers to their own tasks.
            task.HasTenantFilter(context, t => t.AgentId);
        });

        builder.Entity<JobRevisionRecord>(revision =>
        {
            revision.ToTable("job_revision_requests");
            revision.Property(r => r.UnitComments).HasColumnType("jsonb")
                .HasConversion(
                    c => JsonSerializer.Serialize(c, JsonOptions),
                    json => JsonSerializer.Deserialize<List<PinnedComment>>(json, JsonOptions)!,
                    new ValueComparer<List<PinnedComment>>((a, b) => a!.SequenceEqual(b!), c => c.Count, c => c.ToList()));
            revision.HasIndex(r => new { r.JobId, r.Round }).IsUnique();
            revision.HasTenantFilter(context, r => r.AgentId, r => r.ClientId);
        });

        builder.Entity<GoldRecordEntry>(gold =>
        {
            gold.ToTable("gold_records");
            gold.Property(g => g.Fields).HasColumnType("jsonb")
                .HasConversion(
                    f => JsonSerializer.Serialize(f, JsonOptions),
                    json => JsonSerializer.Deserialize<List<GoldField>>(json, JsonOptions)!,
                    new ValueComparer<List<GoldField>>((a, b) => a!.SequenceEqual(b!), f => f.Count, f => f.ToList()));
            gold.HasIndex(g => g.AgentId);
            gold.HasTenantFilter(context, g => g.AgentId);
        });

        builder.Entity<GoldPlacementEntry>(placement =>
        {
            placement.ToTable("gold_placements");
            placement.HasKey(p => new { p.AssignmentId, p.GoldRecordId });
            placement.HasIndex(p => new { p.WorkerId, p.GoldRecordId }).IsUnique();
            placement.HasTenantFilter(context, p => p.AgentId);
        });

        builder.Entity<GoldResultEntry>(result =>
        {
            result.ToTable("gold_results");
            result.HasKey(r => new { r.AssignmentId, r.GoldRecordId });
            result.Property(r => r.WrongFields).HasColumnType("jsonb")
                .HasConversion(
                    f => JsonSerializer.Serialize(f, JsonOptions),
                    json => JsonSerializer.Deserialize<List<string>>(json, JsonOptions)!,
                    new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), f => f.Count, f => f.ToList()));
            result.HasIndex(r => new { r.WorkerId, r.ScoredAt });
            result.HasTenantFilter(context, r => r.AgentId);
        });

        builder.Entity<KeyingComparisonRecord>(comparison =>
        {
            comparison.ToTable("keying_comparisons");
            comparison.HasKey(c => c.Round1UnitId);
            comparison.HasIndex(c => c.Round2UnitId).IsUnique();
            comparison.HasIndex(c => c.JobId);
            comparison.HasTenantFilter(context, c => c.AgentId);
        });

        builder.Entity<AdjudicationTask>(task =>
        {
            task.ToTable("adjudication_tasks");
            task.HasKey(t => t.Id);
            // The lead agent (whose reviewers decide): not part of the domain's rules, so a shadow column.
            task.Property<Guid>(AdjudicationAgentId);
            task.Ignore(t => t.Cells);
            task.Ignore(t => t.ResolvedValues);
            task.Ignore(t => t.UnresolvedCount);
            task.Property<List<DisputedCell>>("_cells")
                .HasColumnName("cells")
                .HasColumnType("jsonb")
                .HasConversion(list => QualityJson.Write(list), json => QualityJson.ReadCells(json), QualityJson.CellsComparer);
            task.HasIndex(t => t.Round1UnitId).IsUnique();
            task.HasIndex(t => t.JobId);
            task.HasIndex(AdjudicationAgentId, nameof(AdjudicationTask.Status), nameof(AdjudicationTask.OpenedAt));
            task.HasTenantFilter(context, t => EF.Property<Guid>(t, AdjudicationAgentId));
        });

        builder.Entity<AgentQualitySettings>(settings =>
        {
            settings.ToTable("agent_quality_settings");
            settings.HasKey(s => s.AgentId);
            settings.Property(s => s.Seed).HasMaxLength(100);
        });
    }
}

/// <summary>
/// Review decisions, appeals and grades as jsonb through explicit shapes (like <see cref="PayloadJson"/>). The domain
/// builds decisions and appeals only through its own methods, so reading goes back through their non-public
/// constructors; grades go through the public constructor and are re-validated.
/// </summary>
internal static class QualityJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private sealed record GradesShape(int Accuracy, int Format);

    private sealed record DecisionShape(
        int Sequence,
        ReviewVerdict Verdict,
        Guid ReviewerId,
        int? AccuracyGrade,
        int? FormatGrade,
        List<string> ReasonCodes,
        string? Comment,
        DateTimeOffset? ReworkDeadline,
        DateTimeOffset DecidedAt);

    private sealed record AppealShape(string Statement, DateTimeOffset FiledAt, AppealOutcome? Outcome, Guid? DecidedBy, string? DecisionNote, DateTimeOffset? DecidedAt);

    private static readonly ConstructorInfo DecisionConstructor = typeof(ReviewDecision)
        .GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic)
        .Single(c => c.GetParameters().Length == 8);

    private static readonly ConstructorInfo AppealConstructor = typeof(ReviewAppeal)
        .GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic)
        .Single(c => c.GetParameters().Length == 2);

    private static readonly MethodInfo AppealDecide = typeof(ReviewAppeal)
        .GetMethod("Decide", BindingFlags.Instance | BindingFlags.NonPublic)!;

    private sealed record CellShape(
        string File,
        int RecordIndex,
        string FieldName,
        string Round1,
        string Round2,
        AdjudicationChoice? Choice,
        string? ResolvedValue,
        Guid? ResolvedBy,
        DateTimeOffset? ResolvedAt);

    private static readonly ConstructorInfo CellConstructor = typeof(DisputedCell)
        .GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic)
        .Single(c => c.GetParameters().Length == 3);

    private static readonly MethodInfo CellResolve = typeof(DisputedCell)
        .GetMethod("Resolve", BindingFlags.Instance | BindingFlags.NonPublic)!;

    public static string Write(List<DisputedCell> cells) =>
        JsonSerializer.Serialize(
            cells.Select(c => new CellShape(
                c.File.Sha256Hex, c.RecordIndex, c.FieldName, c.Round1Value, c.Round2Value, c.Choice, c.ResolvedValue, c.ResolvedBy, c.ResolvedAt)).ToList(),
            Options);

    public static List<DisputedCell> ReadCells(string json) =>
        JsonSerializer.Deserialize<List<CellShape>>(json, Options)!
            .Select(s =>
            {
                var cell = (DisputedCell)CellConstructor.Invoke(
                    [new Market.Domain.Assembly.CellRef(new Market.Domain.Files.FileId(s.File), s.RecordIndex, s.FieldName), s.Round1, s.Round2]);
                if (s.Choice is { } choice)
                {
                    CellResolve.Invoke(cell, [choice, s.ResolvedValue!, s.ResolvedBy!.Value, s.ResolvedAt!.Value]);
                }

                return cell;
            })
            .ToList();

    /// <summary>Cells are decided in place; compare what is stored.</summary>
    public static ValueComparer<List<DisputedCell>> CellsComparer { get; } = new(
        (a, b) => Write(a!) == Write(b!),
        list => Write(list).GetHashCode(StringComparison.Ordinal),
        list => ReadCells(Write(list)));

    public static string Write(ReviewGrades g) => JsonSerializer.Serialize(new GradesShape(g.Accuracy, g.Format), Options);

    public static ReviewGrades ReadGrades(string json)
    {
        var shape = JsonSerializer.Deserialize<GradesShape>(json, Options)!;
        return new ReviewGrades(shape.Accuracy, shape.Format);
    }

    public static string Write(List<ReviewDecision> decisions) =>
        JsonSerializer.Serialize(
            decisions.Select(d => new DecisionShape(
                d.Sequence, d.Verdict, d.ReviewerId, d.AccuracyGrade, d.FormatGrade, [.. d.ReasonCodes], d.Comment, d.ReworkDeadline, d.DecidedAt)).ToList(),
            Options);

    public static List<ReviewDecision> ReadDecisions(string json) =>
        JsonSerializer.Deserialize<List<DecisionShape>>(json, Options)!
            .Select(s => (ReviewDecision)DecisionConstructor.Invoke(
            [
                s.Sequence, s.Verdict, s.ReviewerId,
                s.AccuracyGrade is { } a && s.FormatGrade is { } f ? new ReviewGrades(a, f) : null,
                (IEnumerable<string>)s.ReasonCodes, s.Comment, s.ReworkDeadline, s.DecidedAt,
            ]))
            .ToList();

    public static string Write(ReviewAppeal a) =>
        JsonSerializer.Serialize(new AppealShape(a.Statement, a.FiledAt, a.Outcome, a.DecidedBy, a.DecisionNote, a.DecidedAt), Options);

    public static ReviewAppeal ReadAppeal(string json)
    {
        var s = JsonSerializer.Deserialize<AppealShape>(json, Options)!;
        var appeal = (ReviewAppeal)AppealConstructor.Invoke([s.Statement, s.FiledAt]);
        if (s.Outcome is { } outcome)
        {
            AppealDecide.Invoke(appeal, [outcome, s.DecidedBy!.Value, s.DecisionNote, s.DecidedAt!.Value]);
        }

        return appeal;
    }

    /// <summary>Decisions are only ever appended and never change, so the count tells whether the list changed.</summary>
    public static ValueComparer<List<ReviewDecision>> DecisionsComparer { get; } = new(
        (a, b) => a!.Count == b!.Count,
        list => list.Count,
        list => list.ToList());

    /// <summary>An appeal changes in place when decided; compare what is stored.</summary>
    public static ValueComparer<ReviewAppeal?> AppealComparer { get; } = new(
        (a, b) => (a == null ? null : Write(a)) == (b == null ? null : Write(b)),
        a => a == null ? 0 : Write(a).GetHashCode(StringComparison.Ordinal),
        a => a == null ? null : ReadAppeal(Write(a)));
}
