using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Jobs.GetJob;

public sealed record GetJob(JobId Id) : IRequest<JobDetails>;

public sealed record QuoteView(int UnitCount, long WorkerPay, long AgentMargin, long ClientPriceBeforeTax, long AudioMinutes, int KeyedFields);

/// <summary>How many units are in each state; <see cref="PercentAccepted"/> drives the client's progress bar.</summary>
public sealed record ProgressView(int Total, IReadOnlyDictionary<string, int> ByStatus, int Accepted, int PercentAccepted);

public sealed record JobDetails(
    Guid Id,
    Guid ClientId,
    string Type,
    string Status,
    string Title,
    string SpecMarkdown,
    DateTimeOffset Deadline,
    string Confidentiality,
    IReadOnlyList<string> RegionPreference,
    IReadOnlyList<string> InputFiles,
    object Settings,
    Guid? ContractedAgentId,
    long? AgreedPrice,
    string? Deliverable,
    int RevisionRounds,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? CancelledAt,
    QuoteView? Quote,
    ProgressView Progress);

public sealed class GetJobHandler(MarketDbContext db) : IRequestHandler<GetJob, JobDetails>
{
    public async Task<JobDetails> Handle(GetJob request, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException("job_not_found", "No such job.");
        // The client and the lead agent see every unit of the job (ADR 0006): their counts are the job's counters, which
        // PostgreSQL keeps per status as units are written (ADR 0045) — a few rows instead of counting every unit of
        // the job (about 1 s for a 1,000,000-unit job, docs/benchmarks.md section 4). A sub-agent counts only the units
        // of its accepted subcontracts, which no counter holds: its count stays a filtered GROUP BY over those units.
        List<StatusCount> counts;
        if (db.SeesAllTenants || job.ClientId == db.CurrentTenantId || job.ContractedAgentId == db.CurrentTenantId)
        {
            counts = await db.JobUnitCounts.AsNoTracking()
                .Where(c => c.JobId == job.Id)
                .GroupBy(c => c.Status)
                .Select(g => new StatusCount(g.Key, (int)g.Sum(c => c.Count)))
                .ToListAsync(cancellationToken);
            counts.RemoveAll(c => c.Count == 0);
        }
        else
        {
            counts = await db.WorkUnits.AsNoTracking()
                .Where(u => u.JobId == job.Id)
                .GroupBy(u => u.Status)
                .Select(g => new StatusCount(g.Key, g.Count()))
                .ToListAsync(cancellationToken);
        }

        var quote = await db.JobQuotes.AsNoTracking().SingleOrDefaultAsync(q => q.JobId == job.Id, cancellationToken);

        var byStatus = Enum.GetValues<WorkUnitStatus>()
            .Where(s => s != WorkUnitStatus.Withdrawn || counts.Any(c => c.Status == s))
            .ToDictionary(s => s.ToString(), s => counts.SingleOrDefault(c => c.Status == s)?.Count ?? 0);
        var total = counts.Where(c => c.Status != WorkUnitStatus.Withdrawn).Sum(c => c.Count);
        var accepted = counts.SingleOrDefault(c => c.Status == WorkUnitStatus.Accepted)?.Count ?? 0;

        return new JobDetails(
            job.Id.Value,
            job.ClientId,
            job.Type.ToString(),
            job.Status.ToString(),
            job.Title,
            job.SpecMarkdown,
            job.Deadline,
            job.Confidentiality.ToString(),
            job.RegionPreference,
            job.InputFiles.Select(f => f.Sha256Hex).ToList(),
            SettingsView(job),
            job.ContractedAgentId,
            job.AgreedPrice?.Amount,
            job.Deliverable?.Sha256Hex,
            job.RevisionRounds,
            job.CreatedAt,
            job.PublishedAt,
            job.DeliveredAt,
            job.AcceptedAt,
            job.CancelledAt,
            quote is null ? null : new QuoteView(
                quote.UnitCount,
                quote.WorkerPay.Amount,
                quote.AgentMargin.Amount,
                (quote.WorkerPay + quote.AgentMargin).Amount,
                (quote.AudioMs + 59_999) / 60_000,
                quote.KeyedFields),
            new ProgressView(total, byStatus, accepted, total == 0 ? 0 : (int)(accepted * 100L / total)));
    }

    private sealed record StatusCount(WorkUnitStatus Status, int Count);

    private static object SettingsView(Job job) => job.Type switch
    {
        JobType.Transcription => new
        {
            SegmentMinutes = job.TranscriptionSettings!.SegmentLength.TotalMinutes,
            OverlapSeconds = job.TranscriptionSettings.Overlap.TotalSeconds,
            Style = job.TranscriptionSettings.Style.ToString(),
        },
        JobType.DataEntry => new { job.DataEntrySettings!.BatchSize, Fields = job.DataEntrySettings.FieldTemplate, KeyingRounds = DataEntrySettings.KeyingRounds },
        _ => new { ContentFormat = job.WebEditSettings!.ContentFormat.ToString() },
    };
}
