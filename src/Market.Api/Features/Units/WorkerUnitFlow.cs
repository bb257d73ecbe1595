using FluentValidation;
using Market.Api.Features.Assignments;
using Market.Api.Infrastructure;
using Market.Api.Media;
using Market.Api.Persistence;
using Market.Api.Storage;
using Market.Domain.Assignments;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Splitting.Csv;
using Market.Domain.Splitting.WebEdit;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Units;

/// <summary>Reading a unit's content is written to the audit log, so it is a command.</summary>
public sealed record GetUnitContent(WorkUnitId UnitId) : ICommand<UnitContent>;

/// <summary>A cell to key: <paramref name="Row"/> is its row in the submission; the record index is null for a gold row.</summary>
public sealed record DataEntryCell(int Row, int? RecordIndex, string Field, string Source);

public sealed record UnitContent(
    Guid UnitId,
    Guid AssignmentId,
    string Kind,
    string JobTitle,
    string SpecMarkdown,
    DateTimeOffset LeaseExpiresAt,
    long? StartMs,
    long? EndMs,
    string? Style,
    string? AudioUrl,
    IReadOnlyList<string>? Fields,
    IReadOnlyList<DataEntryCell>? Cells,
    string? PageUrl,
    string? CurrentContent,
    string? RequestedChange);

public sealed record GetUnitAudioForWorker(WorkUnitId UnitId) : ICommand<SegmentAudio>;

public sealed record SaveDraft(WorkUnitId UnitId, AssignmentId AssignmentId, string Content) : ICommand<DraftView>;

public sealed record GetDraft(WorkUnitId UnitId) : IRequest<DraftView>;

public sealed record DraftView(Guid UnitId, Guid AssignmentId, string Content, DateTimeOffset SavedAt, DateTimeOffset LeaseExpiresAt);

public sealed record SubmitUnit(WorkUnitId UnitId, AssignmentId AssignmentId, string Content) : ICommand<SubmissionView>;

public sealed record SubmissionView(Guid SubmissionId, Guid UnitId, Guid AssignmentId, DateTimeOffset SubmittedAt, string UnitStatus);

public sealed record ReleaseUnit(WorkUnitId UnitId, AssignmentId AssignmentId, string Reason) : ICommand<MediatR.Unit>;

public sealed record WorkBody(Guid AssignmentId, string Content);

public sealed record ReleaseBody(Guid AssignmentId, string Reason);

public sealed class SaveDraftValidator : AbstractValidator<SaveDraft>
{
    public SaveDraftValidator() => RuleFor(d => d.Content).NotNull().MaximumLength(WorkerUnitFlow.MaxContentLength);
}

public sealed class SubmitUnitValidator : AbstractValidator<SubmitUnit>
{
    public SubmitUnitValidator() => RuleFor(d => d.Content).NotEmpty().MaximumLength(WorkerUnitFlow.MaxContentLength);
}

public sealed class ReleaseUnitValidator : AbstractValidator<ReleaseUnit>
{
    public ReleaseUnitValidator() => RuleFor(d => d.Reason).NotEmpty().MaximumLength(1000);
}

/// <summary>
/// The home worker's side of a unit: see its content while holding it, autosave drafts (which renews the lease),
/// submit, or release it with a reason. Every call names the assignment, so work from a lost lease is refused.
/// </summary>
public sealed class WorkerUnitFlow(
    MarketDbContext db,
    ICurrentUser caller,
    UnitWorkLoader loader,
    IBlobStore blobs,
    SegmentAudioCache audio,
    AuditLog audit,
    Quality.SubmissionReviews reviews,
    Quality.KeyingReconciliation keying,
    Quality.GoldUnits goldUnits,
    TimeProvider clock) :
    IRequestHandler<GetUnitContent, UnitContent>,
    IRequestHandler<GetUnitAudioForWorker, SegmentAudio>,
    IRequestHandler<SaveDraft, DraftView>,
    IRequestHandler<GetDraft, DraftView>,
    IRequestHandler<SubmitUnit, SubmissionView>,
    IRequestHandler<ReleaseUnit, MediatR.Unit>
{
    public const int MaxContentLength = 500_000;

    public async Task<UnitContent> Handle(GetUnitContent request, CancellationToken cancellationToken)
    {
        var (work, assignment) = await HeldAsync(request.UnitId, cancellationToken);
        audit.Record("unit.content.read", "unit", work.Unit.Id.Value.ToString(), new { assignmentId = assignment.Id.Value });
        await db.SaveChangesAsync(cancellationToken);

        var unit = work.Unit;
        var job = work.Job;
        var baseView = new UnitContent(
            unit.Id.Value, assignment.Id.Value, unit.Kind.ToString(), job.Title, job.SpecMarkdown, assignment.ExpiresAt,
            null, null, null, null, null, null, null, null, null);
        switch (unit.Kind)
        {
            case JobType.Transcription:
                return baseView with
                {
                    StartMs = unit.Segment!.StartMs,
                    EndMs = unit.Segment.EndMs,
                    Style = job.TranscriptionSettings!.Style.ToString(),
                    AudioUrl = $"/api/v1/units/{unit.Id.Value}/audio",
                };
            case JobType.DataEntry:
                var table = CsvReader.Read(await blobs.ReadAllBytesAsync(unit.Slice!.File, cancellationToken));
                var gold = await goldUnits.PlaceAsync(unit, assignment, clock.GetUtcNow(), cancellationToken);
                var rows = Quality.GoldUnits.Rows(unit.Slice, (r, f) => table.Records[r][table.IndexOf(f)], gold);
                var cells = rows
                    .SelectMany((row, position) => unit.Slice.FieldNames.Select((f, i) => new DataEntryCell(position, row.RecordIndex, f, row.Sources[i])))
                    .ToList();
                return baseView with { Fields = unit.Slice.FieldNames, Cells = cells };
            default:
                var requests = WebEditRequestReader.Read(await blobs.ReadAllBytesAsync(unit.Page!.File, cancellationToken));
                var page = requests[unit.Page.PageIndex];
                return baseView with { PageUrl = page.Url, CurrentContent = page.CurrentContent, RequestedChange = page.RequestedChange };
        }
    }

    public async Task<SegmentAudio> Handle(GetUnitAudioForWorker request, CancellationToken cancellationToken)
    {
        var (work, assignment) = await HeldAsync(request.UnitId, cancellationToken);
        audit.Record("unit.audio.read", "unit", work.Unit.Id.Value.ToString(), new { assignmentId = assignment.Id.Value });
        await db.SaveChangesAsync(cancellationToken);
        return await audio.GetAsync(work.Unit, cancellationToken);
    }

    public async Task<DraftView> Handle(SaveDraft request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var work = await loader.LoadAsync(request.UnitId, cancellationToken);
        var assignment = await AssignmentOfAsync(request.AssignmentId, work.Unit, cancellationToken);
        assignment.RecordActivity(request.AssignmentId, now);
        var content = Security.WebEditContent.Clean(work.Job, request.Content);

        var draft = await db.UnitDrafts.SingleOrDefaultAsync(d => d.UnitId == work.Unit.Id, cancellationToken);
        if (draft is null)
        {
            draft = new UnitDraft { UnitId = work.Unit.Id, AssignmentId = assignment.Id, Content = content, SavedAt = now };
            db.UnitDrafts.Add(draft);
        }
        else
        {
            draft.AssignmentId = assignment.Id;
            draft.Content = content;
            draft.SavedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new DraftView(work.Unit.Id.Value, assignment.Id.Value, draft.Content, draft.SavedAt, assignment.ExpiresAt);
    }

    public async Task<DraftView> Handle(GetDraft request, CancellationToken cancellationToken)
    {
        var (work, assignment) = await HeldAsync(request.UnitId, cancellationToken);
        var draft = await db.UnitDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.UnitId == work.Unit.Id && d.AssignmentId == assignment.Id, cancellationToken);
        if (draft is not null)
        {
            return new DraftView(work.Unit.Id.Value, assignment.Id.Value, draft.Content, draft.SavedAt, assignment.ExpiresAt);
        }

        // Submitting clears the draft; work returned for rework starts again from what the worker handed in.
        var submitted = await db.UnitSubmissions.AsNoTracking()
            .Where(s => s.UnitId == work.Unit.Id && s.AssignmentId == assignment.Id)
            .OrderByDescending(s => s.SubmittedAt)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("draft_not_found", "Nothing has been saved for this unit yet.");
        return new DraftView(work.Unit.Id.Value, assignment.Id.Value, submitted.Content, submitted.SubmittedAt, assignment.ExpiresAt);
    }

    public async Task<SubmissionView> Handle(SubmitUnit request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var work = await loader.LoadAsync(request.UnitId, cancellationToken);
        var assignment = await AssignmentOfAsync(request.AssignmentId, work.Unit, cancellationToken);
        assignment.EnsureCanSubmit(request.AssignmentId, now); // a lost lease is the answer, whatever the content
        // Gold rows are scored and taken out: the stored submission holds the real records only.
        var content = await goldUnits.ScoreAndStripAsync(work.Unit, assignment, request.Content, now, cancellationToken);
        UnitAssignment.Submit(work.Unit, assignment, request.AssignmentId, now);
        var submission = new UnitSubmission
        {
            Id = Guid.CreateVersion7(now),
            UnitId = work.Unit.Id,
            AssignmentId = assignment.Id,
            WorkerId = assignment.WorkerId,
            Content = Security.WebEditContent.Clean(work.Job, content),
            SubmittedAt = now,
        };
        db.UnitSubmissions.Add(submission);
        // Sampled for a reviewer (or accepted at once), or back in the queue after rework: same transaction.
        await reviews.OnSubmittedAsync(work, assignment, submission.Id, now, cancellationToken);
        await db.UnitDrafts.Where(d => d.UnitId == work.Unit.Id).ExecuteDeleteAsync(cancellationToken);
        audit.Record("unit.submitted", "unit", work.Unit.Id.Value.ToString(), new { assignmentId = assignment.Id.Value, submissionId = submission.Id });
        await db.SaveChangesAsync(cancellationToken);
        if (work.Unit.Status == WorkUnitStatus.Accepted)
        {
            await keying.AfterAcceptedAsync([work.Unit.Id], now, cancellationToken);
        }
        return new SubmissionView(submission.Id, work.Unit.Id.Value, assignment.Id.Value, now, work.Unit.Status.ToString());
    }

    public async Task<MediatR.Unit> Handle(ReleaseUnit request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var work = await loader.LoadAsync(request.UnitId, cancellationToken);
        var assignment = await AssignmentOfAsync(request.AssignmentId, work.Unit, cancellationToken);
        assignment.EnsureCanSubmit(request.AssignmentId, now);
        UnitAssignment.Release(work.Unit, assignment, request.Reason, now);
        await reviews.OnLeaseEndedAsync(work.Unit, assignment, now, cancellationToken);
        audit.Record("assignment.released", "unit", work.Unit.Id.Value.ToString(), new { assignmentId = assignment.Id.Value });
        await db.SaveChangesAsync(cancellationToken);
        return MediatR.Unit.Value;
    }

    /// <summary>The unit, if the caller holds a live lease on it; content is shown only then.</summary>
    private async Task<(UnitWork Work, Assignment Assignment)> HeldAsync(WorkUnitId unitId, CancellationToken cancellationToken)
    {
        var work = await loader.LoadAsync(unitId, cancellationToken);
        var assignment = work.Unit.AssignmentId is { } id
            ? await db.Assignments.SingleOrDefaultAsync(a => a.Id == new AssignmentId(id), cancellationToken)
            : null;
        if (assignment is null || !assignment.GrantsContentAccessTo(caller.UserId!.Value, clock.GetUtcNow()))
        {
            throw new ForbiddenException("unit_not_held", "You can see a unit's content only while you hold it.");
        }

        return (work, assignment);
    }

    /// <summary>The assignment the worker presents must be theirs and for this unit; the domain then judges the lease.</summary>
    private async Task<Assignment> AssignmentOfAsync(AssignmentId presented, WorkUnit unit, CancellationToken cancellationToken)
    {
        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.Id == presented && a.UnitId == unit.Id, cancellationToken);
        if (assignment is null || assignment.WorkerId != caller.UserId)
        {
            throw new DomainRuleException("assignment_mismatch", "This assignment is not yours for this unit.");
        }

        return assignment;
    }
}
