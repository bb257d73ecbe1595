using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Quality;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Quality;

public sealed record GetJobSeams(JobId JobId) : IRequest<IReadOnlyList<SeamView>>;

/// <summary>
/// Two neighbouring transcription units and the text each has for the audio they share, side by side
/// (<see cref="SeamReview"/>); <paramref name="Matched"/> false means the stitcher found no duplicated text there.
/// </summary>
public sealed record SeamView(
    Guid EarlierUnitId,
    int EarlierSequence,
    Guid LaterUnitId,
    int LaterSequence,
    long SharedFromMs,
    long SharedToMs,
    string EarlierTail,
    string LaterHead,
    bool Matched,
    int Score);

/// <summary>
/// Seam review for the lead agent before stitching: every pair of neighbouring segments of each recording whose
/// two units both have submitted text (the latest submission of the unit's current assignment).
/// </summary>
public sealed class GetJobSeamsHandler(MarketDbContext db, ICurrentUser caller) : IRequestHandler<GetJobSeams, IReadOnlyList<SeamView>>
{
    public async Task<IReadOnlyList<SeamView>> Handle(GetJobSeams request, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == request.JobId, cancellationToken);
        if (job is null || job.ContractedAgentId != caller.TenantId)
        {
            throw new NotFoundException("job_not_found", "No such job among the jobs your agent leads.");
        }

        Market.Domain.Common.Guard.Against(job.Type != JobType.Transcription, "job_has_no_seams", "Only transcription jobs are stitched at seams.");
        var units = await db.WorkUnits.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(u => u.JobId == job.Id && u.Status != WorkUnitStatus.Withdrawn && u.Segment != null)
            .ToListAsync(cancellationToken);
        var current = units.Where(u => u.AssignmentId != null).Select(u => new Market.Domain.Assignments.AssignmentId(u.AssignmentId!.Value)).ToList();
        var texts = (await db.UnitSubmissions.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Where(s => current.Contains(s.AssignmentId))
                .Select(s => new { s.UnitId, s.SubmittedAt, s.Content })
                .ToListAsync(cancellationToken))
            .GroupBy(s => s.UnitId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.SubmittedAt).First().Content);

        var seams = new List<SeamView>();
        foreach (var recording in units.GroupBy(u => u.Segment!.File))
        {
            var ordered = recording.OrderBy(u => u.Segment!.StartMs).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var (earlier, later) = (ordered[i - 1], ordered[i]);
                if (later.Segment!.StartMs > earlier.Segment!.EndMs
                    || !texts.TryGetValue(earlier.Id, out var earlierText) || !texts.TryGetValue(later.Id, out var laterText))
                {
                    continue;
                }

                var seam = SeamReview.Compare(earlier, earlierText, later, laterText);
                seams.Add(new SeamView(
                    earlier.Id.Value, earlier.Sequence, later.Id.Value, later.Sequence, later.Segment.StartMs, earlier.Segment.EndMs,
                    seam.EarlierTail, seam.LaterHead, seam.Matched, seam.Score));
            }
        }

        return seams;
    }
}
