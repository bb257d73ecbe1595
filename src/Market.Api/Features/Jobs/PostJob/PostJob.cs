using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Pricing;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Jobs.PostJob;

public sealed record TranscriptionOptions(int? SegmentMinutes, int? OverlapSeconds, TranscriptionStyle Style);

public sealed record DataEntryOptions(int? BatchSize, IReadOnlyList<string>? Fields);

public sealed record WebEditOptions(WebContentFormat ContentFormat);

public sealed record PostJob(
    JobType Type,
    string Title,
    string SpecMarkdown,
    DateTimeOffset Deadline,
    ConfidentialityLevel Confidentiality,
    IReadOnlyList<string>? RegionPreference,
    IReadOnlyList<string> InputFiles,
    TranscriptionOptions? Transcription,
    DataEntryOptions? DataEntry,
    WebEditOptions? WebEdit,
    bool Publish = true) : ICommand<JobId>;

public sealed class PostJobValidator : AbstractValidator<PostJob>
{
    public PostJobValidator()
    {
        RuleFor(j => j.Type).IsInEnum();
        RuleFor(j => j.Confidentiality).IsInEnum();
        RuleFor(j => j.Title).NotEmpty().MaximumLength(Job.MaxTitleLength);
        RuleFor(j => j.SpecMarkdown).NotEmpty().MaximumLength(100_000);
        RuleFor(j => j.Deadline).NotEmpty();
        RuleFor(j => j.InputFiles).NotEmpty().Must(f => f.Count <= 50).WithMessage("At most 50 input files.");
        RuleForEach(j => j.InputFiles).Must(FileId.IsValid).WithMessage("A file id is the 64-character SHA-256 returned by /api/v1/files.");
        RuleFor(j => j.RegionPreference).Must(r => r is null || r.Count <= 47);
        RuleFor(j => j.Transcription).NotNull().When(j => j.Type == JobType.Transcription)
            .WithMessage("Transcription jobs need transcription settings (at least the style).");
        RuleFor(j => j.Transcription!.Style).IsInEnum().When(j => j.Transcription is not null);
        RuleFor(j => j.WebEdit!.ContentFormat).IsInEnum().When(j => j.WebEdit is not null);
        RuleFor(j => j).Must(j => OnlyOwnSettings(j)).WithName("settings")
            .WithMessage("Send only the settings of the job's type.");
    }

    private static bool OnlyOwnSettings(PostJob job) => job.Type switch
    {
        JobType.Transcription => job.DataEntry is null && job.WebEdit is null,
        JobType.DataEntry => job.Transcription is null && job.WebEdit is null,
        JobType.WebEdit => job.Transcription is null && job.DataEntry is null,
        _ => true,
    };
}

public sealed class PostJobHandler(MarketDbContext db, ICurrentUser caller, JobInputSplitter splitter, TimeProvider clock)
    : IRequestHandler<PostJob, JobId>
{
    public async Task<JobId> Handle(PostJob request, CancellationToken cancellationToken)
    {
        var clientId = caller.TenantId ?? throw new ForbiddenException(ErrorCodes.Forbidden, "Only client members post jobs.");
        var now = clock.GetUtcNow();
        var inputs = await ResolveInputsAsync(request, cancellationToken);

        var job = Job.Draft(
            JobId.New(),
            clientId,
            request.Title,
            request.SpecMarkdown,
            request.Deadline,
            request.Confidentiality,
            SettingsOf(request),
            request.RegionPreference ?? [],
            request.InputFiles.Select(f => new FileId(f)),
            now);

        var units = await splitter.SplitAsync(job, inputs, cancellationToken);
        if (request.Publish)
        {
            job.Publish(now);
        }

        var quote = RateCard.Default.Quote(job, units);
        db.Jobs.Add(job);
        db.JobQuotes.Add(new JobQuote
        {
            JobId = job.Id,
            UnitCount = quote.UnitCount,
            WorkerPay = quote.WorkerPay,
            AgentMargin = quote.AgentMargin,
            AudioMs = units.Sum(u => u.Segment?.DurationMs ?? 0),
            KeyedFields = units.Sum(u => u.Slice?.KeyedFieldCount ?? 0),
            QuotedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        // The units are new rows without events: one COPY in this transaction, after the job row they reference.
        await BulkInsert.CopyAsync(db, units, cancellationToken);
        // Its progress counters start here, from what was just written (migration 0068): an insert trigger would copy
        // every posted row once more only to count them.
        var byStatus = units.GroupBy(u => (int)u.Status).ToList();
        var statuses = byStatus.Select(g => g.Key).ToArray();
        var counts = byStatus.Select(g => (long)g.Count()).ToArray();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO job_unit_counts (job_id, status, slot, count) SELECT {job.Id.Value}, t.status, 0, t.count FROM unnest({statuses}, {counts}) AS t (status, count)",
            cancellationToken);
        return job.Id;
    }

    private static IJobSettings SettingsOf(PostJob request) => request.Type switch
    {
        JobType.Transcription => new TranscriptionSettings(
            request.Transcription!.SegmentMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : TranscriptionSettings.DefaultSegmentLength,
            request.Transcription.OverlapSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : TranscriptionSettings.DefaultOverlap,
            request.Transcription.Style),
        JobType.DataEntry => new DataEntrySettings(request.DataEntry?.BatchSize ?? DataEntrySettings.DefaultBatchSize, request.DataEntry?.Fields),
        JobType.WebEdit => request.WebEdit is null ? WebEditSettings.Default : new WebEditSettings(request.WebEdit.ContentFormat),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.Type, "Unknown job type."),
    };

    /// <summary>Every input must be the caller's own upload (the tenant filter decides) and of a kind the job type reads.</summary>
    private async Task<Dictionary<FileId, StoredFileKind>> ResolveInputsAsync(PostJob request, CancellationToken cancellationToken)
    {
        var ids = request.InputFiles.Distinct().ToList();
        var files = await db.StoredFiles.AsNoTracking()
            .Where(f => ids.Contains(f.Sha256))
            .Select(f => new { f.Sha256, f.MediaType })
            .ToListAsync(cancellationToken);
        var missing = ids.Except(files.Select(f => f.Sha256)).FirstOrDefault();
        if (missing is not null)
        {
            throw new UnprocessableInputException("input_file_not_found", $"No uploaded file {missing} belongs to you; upload it to /api/v1/files first.");
        }

        var kinds = files.ToDictionary(f => new FileId(f.Sha256), f => KindOf(f.MediaType));
        var wrong = kinds.FirstOrDefault(k => !Accepts(request.Type, k.Value));
        if (wrong.Key != default)
        {
            throw new UnprocessableInputException("input_file_wrong_type", $"File {wrong.Key} is not an input a {request.Type} job can read.");
        }

        return kinds;
    }

    private static StoredFileKind KindOf(string mediaType) => mediaType switch
    {
        "audio/wav" => StoredFileKind.Wav,
        "audio/mpeg" or "audio/mp4" => StoredFileKind.CompressedAudio,
        "text/csv" => StoredFileKind.Csv,
        "application/json" => StoredFileKind.Json,
        _ => StoredFileKind.Other,
    };

    private static bool Accepts(JobType type, StoredFileKind kind) => type switch
    {
        JobType.Transcription => kind is StoredFileKind.Wav or StoredFileKind.CompressedAudio,
        JobType.DataEntry => kind is StoredFileKind.Csv,
        JobType.WebEdit => kind is StoredFileKind.Csv or StoredFileKind.Json,
        _ => false,
    };
}
