using System.Linq.Expressions;
using System.Text.Json;
using Market.Domain.Certifications;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Market.Api.Persistence;

/// <summary>The latest practical result (gold units) of a worker for a certification type, as their agent recorded it.</summary>
public sealed class PracticalResultRecord
{
    public Guid UserId { get; init; }

    public required string Code { get; init; }

    public Guid AgentId { get; set; }

    public int CellsCompared { get; set; }

    public int CellsCorrect { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public Guid RecordedBy { get; set; }

    public PracticalResult ToDomain() => new(UserId, Code, CellsCompared, CellsCorrect, RecordedAt);
}

/// <summary>An agent's tier thresholds; without a row the agent uses <see cref="TierThresholds.Default"/>.</summary>
public sealed class AgentTierThresholds
{
    public Guid AgentId { get; init; }

    public int AMinAcceptedUnits { get; set; }

    public int AMinAcceptanceRateBasisPoints { get; set; }

    public int AMinMeanGradeHundredths { get; set; }

    public int AMaxReworkRateBasisPoints { get; set; }

    public int SMinAcceptedUnits { get; set; }

    public int SMinAcceptanceRateBasisPoints { get; set; }

    public int SMinMeanGradeHundredths { get; set; }

    public int SMaxReworkRateBasisPoints { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid UpdatedBy { get; set; }

    public TierThresholds ToDomain() => new(
        new TierRequirement(AMinAcceptedUnits, AMinAcceptanceRateBasisPoints, AMinMeanGradeHundredths, AMaxReworkRateBasisPoints),
        new TierRequirement(SMinAcceptedUnits, SMinAcceptanceRateBasisPoints, SMinMeanGradeHundredths, SMaxReworkRateBasisPoints));

    public void Set(TierThresholds thresholds)
    {
        (AMinAcceptedUnits, AMinAcceptanceRateBasisPoints, AMinMeanGradeHundredths, AMaxReworkRateBasisPoints) =
            (thresholds.A.MinAcceptedUnits, thresholds.A.MinAcceptanceRateBasisPoints, thresholds.A.MinMeanGradeHundredths, thresholds.A.MaxReworkRateBasisPoints);
        (SMinAcceptedUnits, SMinAcceptanceRateBasisPoints, SMinMeanGradeHundredths, SMaxReworkRateBasisPoints) =
            (thresholds.S.MinAcceptedUnits, thresholds.S.MinAcceptanceRateBasisPoints, thresholds.S.MinMeanGradeHundredths, thresholds.S.MaxReworkRateBasisPoints);
    }
}

/// <summary>One tier change of one worker, with the inputs and thresholds it was decided from (jsonb).</summary>
public sealed class WorkerTierChange
{
    public Guid Id { get; init; }

    public Guid AgentId { get; init; }

    public Guid UserId { get; init; }

    /// <summary>The month (Japan time) of the recomputation, e.g. 2026-12.</summary>
    public required string Period { get; init; }

    public WorkerTier FromTier { get; init; }

    public WorkerTier ToTier { get; init; }

    public DateTimeOffset ChangedAt { get; init; }

    public required string Inputs { get; init; }
}

/// <summary>Marks that an agent's tiers were recomputed for a month; inserted first, so the month runs once.</summary>
public sealed class TierRecomputeRun
{
    public Guid AgentId { get; init; }

    public required string Period { get; init; }

    public DateTimeOffset RanAt { get; init; }

    public int WorkersEvaluated { get; set; }

    public int TiersChanged { get; set; }
}

internal static class CertificationMapping
{
    public static void Map(ModelBuilder builder, MarketDbContext context)
    {
        builder.Entity<CertificationType>(type =>
        {
            type.ToTable("certification_types");
            type.HasKey(t => t.Id);
            type.Property(t => t.Id).HasConversion(id => id.Value, value => new CertificationTypeId(value));
            type.Property(t => t.Code).HasMaxLength(40);
            type.Property(t => t.NameJa).HasMaxLength(CertificationType.MaxNameLength);
            type.Property(t => t.NameEn).HasMaxLength(CertificationType.MaxNameLength);
            type.Property(t => t.DescriptionJa).HasMaxLength(CertificationType.MaxDescriptionLength);
            type.Property(t => t.DescriptionEn).HasMaxLength(CertificationType.MaxDescriptionLength);
            type.Property(t => t.PracticalMinAccuracyBasisPoints).HasColumnName("practical_min_accuracy_basis_points");
            type.Ignore(t => t.Exam);
            type.Ignore(t => t.Terms);
            type.Ignore(t => t.Practical);
            type.Ignore(t => t.IsPlatform);
            type.HasIndex(t => new { t.AgentId, t.Code }).IsUnique().AreNullsDistinct(false);
            type.HasQueryFilter(MarketDbContext.TenantFilter, PlatformOrOwn<CertificationType>(context, t => t.AgentId));
        });

        builder.Entity<ExamQuestion>(question =>
        {
            question.ToTable("exam_questions");
            question.HasKey(q => q.Id);
            question.Property(q => q.CertificationTypeId).HasConversion(id => id.Value, value => new CertificationTypeId(value));
            question.Property(q => q.PromptJa).HasMaxLength(ExamQuestion.MaxPromptLength);
            question.Property(q => q.PromptEn).HasMaxLength(ExamQuestion.MaxPromptLength);
            question.Ignore(q => q.Options);
            question.Property<List<ExamOption>>("_options")
                .HasColumnName("options")
                .HasColumnType("jsonb")
                .HasConversion(list => CertificationJson.Write(list), json => CertificationJson.ReadOptions(json), CertificationJson.Comparer<ExamOption>());
            question.HasIndex(q => q.CertificationTypeId);
            question.HasQueryFilter(MarketDbContext.TenantFilter, PlatformOrOwn<ExamQuestion>(context, q => q.AgentId));
        });

        builder.Entity<ExamAttempt>(attempt =>
        {
            attempt.ToTable("exam_attempts");
            attempt.HasKey(a => a.Id);
            attempt.Property(a => a.Id).HasConversion(id => id.Value, value => new ExamAttemptId(value));
            attempt.Property(a => a.CertificationTypeId).HasConversion(id => id.Value, value => new CertificationTypeId(value));
            attempt.Property(a => a.Code).HasMaxLength(40);
            attempt.Ignore(a => a.Items);
            attempt.Ignore(a => a.IsFinished);
            attempt.Property<List<ExamAttemptItem>>("_items")
                .HasColumnName("items")
                .HasColumnType("jsonb")
                .HasConversion(list => CertificationJson.Write(list), json => CertificationJson.ReadItems(json), CertificationJson.Comparer<ExamAttemptItem>());
            attempt.HasIndex(a => new { a.UserId, a.CertificationTypeId });
            attempt.HasTenantFilter(context, a => a.AgentId);
        });

        builder.Entity<WorkerCertification>(certification =>
        {
            certification.ToTable("worker_certifications");
            certification.HasKey(c => new { c.UserId, c.Code });
            certification.Property(c => c.Code).HasMaxLength(40);
            certification.Property(c => c.RevocationReason).HasMaxLength(500);
            certification.HasIndex(c => c.AgentId);
            certification.HasTenantFilter(context, c => c.AgentId);
        });

        builder.Entity<PracticalResultRecord>(result =>
        {
            result.ToTable("certification_practical_results");
            result.HasKey(r => new { r.UserId, r.Code });
            result.Property(r => r.Code).HasMaxLength(40);
            result.HasTenantFilter(context, r => r.AgentId);
        });

        builder.Entity<AgentTierThresholds>(thresholds =>
        {
            thresholds.ToTable("agent_tier_thresholds");
            thresholds.HasKey(t => t.AgentId);
            thresholds.HasTenantFilter(context, t => t.AgentId);
        });

        builder.Entity<WorkerTierChange>(change =>
        {
            change.ToTable("worker_tier_changes");
            change.HasKey(c => c.Id);
            change.Property(c => c.Period).HasMaxLength(7);
            change.Property(c => c.Inputs).HasColumnType("jsonb");
            change.HasIndex(c => new { c.UserId, c.Period }).IsUnique();
            change.HasIndex(c => c.AgentId);
            change.HasTenantFilter(context, c => c.AgentId);
        });

        builder.Entity<TierRecomputeRun>(run =>
        {
            run.ToTable("tier_recompute_runs");
            run.HasKey(r => new { r.AgentId, r.Period });
            run.Property(r => r.Period).HasMaxLength(7);
        });
    }

    /// <summary>The platform's rows (no agent) are everyone's; an agent's rows are its own.</summary>
    private static Expression<Func<T, bool>> PlatformOrOwn<T>(MarketDbContext context, Expression<Func<T, Guid?>> agentKey)
    {
        var row = agentKey.Parameters[0];
        var ctx = Expression.Constant(context);
        var key = agentKey.Body;
        var visible = Expression.OrElse(
            Expression.OrElse(
                Expression.Property(ctx, nameof(MarketDbContext.SeesAllTenants)),
                Expression.Equal(key, Expression.Constant(null, typeof(Guid?)))),
            Expression.Equal(key, Expression.Property(ctx, nameof(MarketDbContext.CurrentTenantId))));
        return Expression.Lambda<Func<T, bool>>(visible, row);
    }
}

/// <summary>Exam options and attempt items as jsonb through their public constructors.</summary>
internal static class CertificationJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private sealed record OptionShape(string Ja, string En);

    private sealed record ItemShape(Guid QuestionId, int Position, int? ChosenOption, DateTimeOffset? AnsweredAt);

    public static string Write(List<ExamOption> options) =>
        JsonSerializer.Serialize(options.Select(o => new OptionShape(o.Ja, o.En)).ToList(), Options);

    public static List<ExamOption> ReadOptions(string json) =>
        JsonSerializer.Deserialize<List<OptionShape>>(json, Options)!.Select(s => new ExamOption(s.Ja, s.En)).ToList();

    public static string Write(List<ExamAttemptItem> items) =>
        JsonSerializer.Serialize(items.Select(i => new ItemShape(i.QuestionId, i.Position, i.ChosenOption, i.AnsweredAt)).ToList(), Options);

    public static List<ExamAttemptItem> ReadItems(string json) =>
        JsonSerializer.Deserialize<List<ItemShape>>(json, Options)!
            .Select(s => new ExamAttemptItem(s.QuestionId, s.Position, s.ChosenOption, s.AnsweredAt))
            .ToList();

    /// <summary>Lists of immutable records: equal when their elements are equal, so a replaced answer is seen as a change.</summary>
    public static ValueComparer<List<T>> Comparer<T>()
        where T : class => new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode())),
        list => list.ToList());
}
