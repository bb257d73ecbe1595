using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Api.Storage;
using Market.Domain.Assembly;
using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Splitting.WebEdit;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Jobs.Deliver;

/// <summary>
/// The contracting agent's final step: every unit accepted, the deliverable is assembled from the accepted
/// submissions (transcript stitched at the seams, records rebuilt in order, web edits as per-page diffs) and handed
/// to the client.
/// </summary>
public sealed record DeliverJob(JobId JobId) : ICommand<MediatR.Unit>;

public sealed class DeliverJobHandler(MarketDbContext db, ICurrentUser caller, IBlobStore blobs, Quality.KeyingReconciliation keying, AuditLog audit, TimeProvider clock)
    : IRequestHandler<DeliverJob, MediatR.Unit>
{
    public async Task<MediatR.Unit> Handle(DeliverJob request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Id == request.JobId, cancellationToken);
        if (job is null || job.ContractedAgentId != caller.TenantId)
        {
            throw new NotFoundException("job_not_found", "No such job among the jobs your agent leads.");
        }

        var units = await db.WorkUnits.Where(u => u.JobId == job.Id && u.Status != WorkUnitStatus.Withdrawn).OrderBy(u => u.Sequence).ToListAsync(cancellationToken);
        var outputs = await AcceptedOutputsAsync(units, cancellationToken);
        var (content, fileName, mediaType) = job.Type switch
        {
            JobType.Transcription => Transcript(units, outputs),
            JobType.DataEntry => Records(units, outputs, await AdjudicatedAsync(job.Id, cancellationToken)),
            _ => await WebEditsAsync(units, outputs, cancellationToken),
        };

        var blob = await blobs.PutAsync(new MemoryStream(content), long.MaxValue, cancellationToken);
        await db.RecordAsync(blob, caller.TenantId!.Value, caller.UserId!.Value, fileName, mediaType, now, cancellationToken);
        job.Deliver(blob.Id, now);
        audit.Record("job.delivered", "job", job.Id.Value.ToString(), new { deliverable = blob.Id.Sha256Hex });
        await db.SaveChangesAsync(cancellationToken);
        return MediatR.Unit.Value;
    }

    /// <summary>The latest submission of each accepted unit's accepting assignment; the domain assemblers refuse gaps.</summary>
    private async Task<Dictionary<WorkUnitId, string>> AcceptedOutputsAsync(IReadOnlyList<WorkUnit> units, CancellationToken cancellationToken)
    {
        var accepted = units.Where(u => u.Status == WorkUnitStatus.Accepted && u.AssignmentId is not null).ToList();
        var assignmentIds = accepted.Select(u => new Domain.Assignments.AssignmentId(u.AssignmentId!.Value)).ToList();
        var submissions = await db.UnitSubmissions.AsNoTracking()
            .Where(s => assignmentIds.Contains(s.AssignmentId))
            .ToListAsync(cancellationToken);
        return submissions
            .GroupBy(s => s.UnitId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.SubmittedAt).First().Content);
    }

    private static (byte[], string, string) Transcript(IReadOnlyList<WorkUnit> units, Dictionary<WorkUnitId, string> outputs)
    {
        var files = TranscriptAssembler.Assemble(units, outputs);
        var text = files.Count == 1
            ? files[0].Transcript.Text
            : string.Join("\n\n", files.Select((f, i) => $"=== {i + 1} ===\n{f.Transcript.Text}"));
        return (Encoding.UTF8.GetBytes(text), "transcript.txt", "text/plain");
    }

    /// <summary>Disputed cells as the adjudicators decided them; an open adjudication holds the delivery back.</summary>
    private async Task<IReadOnlyDictionary<CellRef, string>> AdjudicatedAsync(JobId jobId, CancellationToken cancellationToken)
    {
        var open = await keying.OpenCountAsync(jobId, cancellationToken);
        Guard.Against(open > 0, "job_has_open_adjudications", $"{open} adjudication(s) of keying mismatches are still open; decide them first.");
        return await keying.ResolvedValuesAsync(jobId, cancellationToken);
    }

    private static (byte[], string, string) Records(IReadOnlyList<WorkUnit> units, Dictionary<WorkUnitId, string> outputs, IReadOnlyDictionary<CellRef, string> adjudicated)
    {
        var keyed = outputs.ToDictionary(o => o.Key, o => SubmissionFormats.ReadKeyedValues(o.Value));
        var files = DataEntryAssembler.Assemble(units, keyed, adjudicated);
        if (files.Count == 1)
        {
            return (files[0].ToCsvUtf8(), "records.csv", "text/csv");
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < files.Count; i++)
            {
                using var entry = archive.CreateEntry($"records-{i + 1}.csv").Open();
                entry.Write(files[i].ToCsvUtf8());
            }
        }

        return (zip.ToArray(), "records.zip", "application/zip");
    }

    private async Task<(byte[], string, string)> WebEditsAsync(IReadOnlyList<WorkUnit> units, Dictionary<WorkUnitId, string> outputs, CancellationToken cancellationToken)
    {
        var requestsByFile = new Dictionary<FileId, IReadOnlyList<WebEditRequest>>();
        foreach (var file in units.Select(u => u.Page!.File).Distinct())
        {
            requestsByFile[file] = WebEditRequestReader.Read(await blobs.ReadAllBytesAsync(file, cancellationToken));
        }

        var bundle = WebEditAssembler.Assemble(units, outputs, requestsByFile);
        return (Encoding.UTF8.GetBytes(bundle.ToPatch()), "web-edits.patch", "text/x-diff");
    }
}

/// <summary>What a worker's submission must look like, per job type.</summary>
public static class SubmissionFormats
{
    private sealed record KeyedRows(List<List<string>> Rows);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Data entry: <c>{"rows": [["field 1 of record 1", …], …]}</c> in the unit's record and field order.</summary>
    public static KeyedValues ReadKeyedValues(string content)
    {
        KeyedRows? rows;
        try
        {
            rows = JsonSerializer.Deserialize<KeyedRows>(content, Options);
        }
        catch (JsonException)
        {
            rows = null;
        }

        if (rows?.Rows is null)
        {
            throw new UnprocessableInputException("submission_not_keyed_rows", "A data-entry submission is JSON {\"rows\": [[…], …]} in the unit's record and field order.");
        }

        return new KeyedValues(rows.Rows.Select(r => (IReadOnlyList<string>)r).ToList());
    }
}
