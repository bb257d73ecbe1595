using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Market.Web.Api;
using Market.Web.Formatting;
using Market.Web.Localization;
using Market.Web.Resources;
using Market.Web.Worker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Worker.Units;

/// <summary>
/// The worker's editor for one unit in hand: transcription (the unit's own audio), data entry (the source beside each
/// field) or a web edit (with a live diff). Drafts are saved on the server through <see cref="OnPostDraftAsync"/>
/// (autosave, with the antiforgery token of the form) so a reload or another device shows the same draft.
/// </summary>
public sealed class WorkModel(WorkerApiClient worker, ProblemLocalizer problems, IStringLocalizer<SharedResource> localizer) : PageModel
{
    /// <summary>Refusals that concern what the worker typed: shown beside the editor rather than at the top.</summary>
    private static readonly IReadOnlyDictionary<string, string> ContentCodes = new Dictionary<string, string>
    {
        ["submission_shape_mismatch"] = "Input.Text",
        ["submission_not_keyed_rows"] = "Input.Text",
    };

    private static readonly IReadOnlyDictionary<string, string> ContentFields = new Dictionary<string, string>
    {
        ["content"] = "Input.Text",
        ["reason"] = "Release.Reason",
    };

    [BindProperty(SupportsGet = true)]
    public Guid UnitId { get; set; }

    [BindProperty]
    public WorkInput Input { get; set; } = new();

    public ReleaseInput Release { get; set; } = new();

    public UnitWork Work { get; private set; } = null!;

    public WorkDraft? Draft { get; private set; }

    public MyReview? Rework { get; private set; }

    /// <summary>A refusal that is not about a field (the lease is gone, the API is down), shown at the top.</summary>
    public string? PageProblem { get; private set; }

    [TempData(Key = IndexModel.NoticeKey)]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var unavailable = await LoadAsync(cancellationToken);
        if (unavailable is not null)
        {
            return unavailable;
        }

        Input = InputFrom(Draft?.Content);
        return Page();
    }

    /// <summary>The unit's audio segment, read from the API with the worker's token; range requests let the player seek.</summary>
    public async Task<IActionResult> OnGetAudioAsync(CancellationToken cancellationToken)
    {
        var audio = await worker.OpenAudioAsync(UnitId, cancellationToken);
        if (!audio.Succeeded)
        {
            return StatusCode(audio.Problem.Status is >= 400 and < 500 ? StatusCodes.Status404NotFound : StatusCodes.Status503ServiceUnavailable);
        }

        using var download = audio.Value;
        // A segment is about a megabyte; holding it lets the player ask for any byte range.
        var buffer = new MemoryStream();
        await download.Content.CopyToAsync(buffer, cancellationToken);
        Response.Headers.CacheControl = "private, no-store";
        return new FileContentResult(buffer.ToArray(), download.MediaType) { EnableRangeProcessing = true };
    }

    /// <summary>Autosave from the editor's script: answers JSON with when it was saved, or the refusal in the user's language.</summary>
    public async Task<IActionResult> OnPostDraftAsync(CancellationToken cancellationToken)
    {
        var saved = await worker.SaveDraftAsync(UnitId, new WorkBody(Input.AssignmentId, ContentOf(Input)), cancellationToken);
        if (!saved.Succeeded)
        {
            return new JsonResult(new DraftAnswer(false, problems.Explain(saved.Problem), null, null, saved.Problem.Code))
            {
                StatusCode = saved.Problem.Status is >= 400 and < 600 ? saved.Problem.Status : StatusCodes.Status502BadGateway,
            };
        }

        var at = TokyoTime.ToTokyo(saved.Value.SavedAt).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return new JsonResult(new DraftAnswer(
            true,
            localizer["Worker_Autosave_Saved", at].Value,
            TokyoTime.FormatIso(saved.Value.SavedAt),
            TokyoTime.Format(saved.Value.LeaseExpiresAt, CultureInfo.CurrentCulture),
            null));
    }

    /// <summary>The save button, for browsers without the script: saves and shows the page again.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        var saved = await worker.SaveDraftAsync(UnitId, new WorkBody(Input.AssignmentId, ContentOf(Input)), cancellationToken);
        if (saved.Succeeded)
        {
            Notice = "Worker_Notice_DraftSaved";
            return RedirectToPage(new { unitId = UnitId });
        }

        return await RedisplayAsync(saved.Problem, cancellationToken);
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken cancellationToken)
    {
        var content = ContentOf(Input);
        if (string.IsNullOrWhiteSpace(Input.Kind == WorkContent.DataEntry ? string.Concat(Input.Cells) : content))
        {
            ModelState.AddModelError("Input.Text", localizer["Worker_Validation_Empty"]);
            return await RedisplayAsync(null, cancellationToken);
        }

        var submitted = await worker.SubmitAsync(UnitId, new WorkBody(Input.AssignmentId, content), cancellationToken);
        if (submitted.Succeeded)
        {
            Notice = "Worker_Notice_Submitted";
            return RedirectToPage("/Worker/Index");
        }

        return await RedisplayAsync(submitted.Problem, cancellationToken);
    }

    public async Task<IActionResult> OnPostReleaseAsync([FromForm(Name = "Release")] ReleaseInput release, CancellationToken cancellationToken)
    {
        Release = release;
        ModelState.Remove("Input.Text");
        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(null, cancellationToken);
        }

        var problem = await worker.ReleaseAsync(UnitId, new ReleaseBody(Input.AssignmentId, release.Reason.Trim()), cancellationToken);
        if (problem is null)
        {
            Notice = "Worker_Notice_Released";
            return RedirectToPage("/Worker/Index");
        }

        problems.AddToModelState(ModelState, problem, ContentFields, new Dictionary<string, string> { ["validation_failed"] = "Release.Reason" });
        return await RedisplayAsync(null, cancellationToken);
    }

    /// <summary>The cells of a data-entry unit with the value typed for each, in the unit's row and field order.</summary>
    public IEnumerable<(int Index, DataEntryCell Cell, string Value)> Cells() =>
        (Work.Cells ?? []).Select((cell, index) => (index, cell, index < Input.Cells.Count ? Input.Cells[index] ?? string.Empty : string.Empty));

    public string AudioPath => Url.Page("/Worker/Units/Work", "Audio", new { unitId = UnitId })!;

    public string StyleNonce => Hosting.StyleNonce.For(HttpContext);

    private async Task<IActionResult> RedisplayAsync(ApiProblem? problem, CancellationToken cancellationToken)
    {
        if (problem is not null)
        {
            if (ContentCodes.ContainsKey(problem.Code) || problem.Errors.Count > 0)
            {
                problems.AddToModelState(ModelState, problem, ContentFields, ContentCodes);
            }
            else
            {
                PageProblem = problems.Explain(problem);
            }
        }

        var typed = Input;
        var unavailable = await LoadAsync(cancellationToken);
        if (unavailable is not null)
        {
            return unavailable;
        }

        Input = typed;
        return Page();
    }

    /// <summary>The unit, its draft and any open rework request; null when the page can be shown.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var work = await worker.GetWorkAsync(UnitId, cancellationToken);
        if (!work.Succeeded)
        {
            if (work.Problem.Status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound)
            {
                Notice = "Worker_Notice_NotHeld";
                return RedirectToPage("/Worker/Index");
            }

            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        Work = work.Value;
        var draft = await worker.GetDraftAsync(UnitId, cancellationToken);
        Draft = draft.Succeeded ? draft.Value : null;
        var reviews = await worker.ListMyReviewsAsync(cancellationToken);
        Rework = reviews.Succeeded ? WorkerVocabulary.OpenReworkByUnit(reviews.Value).GetValueOrDefault(UnitId) : null;
        return null;
    }

    private WorkInput InputFrom(string? saved)
    {
        var input = new WorkInput { AssignmentId = Work.AssignmentId, Kind = Work.Kind };
        switch (Work.Kind)
        {
            case WorkContent.DataEntry:
                var cells = Work.Cells ?? [];
                input.Cells = WorkContent.CellsOf(saved, cells.Select(c => (c.Row, c.RecordIndex is not null)).ToList()).Select(v => (string?)v).ToList();
                input.Records = cells.Select(c => c.Row).ToList();
                break;
            case WorkContent.WebEdit:
                input.Text = saved ?? Work.CurrentContent ?? string.Empty;
                break;
            default:
                input.Text = saved ?? string.Empty;
                break;
        }

        return input;
    }

    private static string ContentOf(WorkInput input) =>
        input.Kind == WorkContent.DataEntry ? WorkContent.KeyedRows(input.Records, input.Cells) : input.Text ?? string.Empty;

    public sealed record DraftAnswer(bool Saved, string Message, string? SavedAt, string? LeaseExpiresAt, string? Code);

    public sealed class WorkInput
    {
        public Guid AssignmentId { get; set; }

        public string Kind { get; set; } = string.Empty;

        [Display(Name = "Worker_Field_Text")]
        public string? Text { get; set; }

        public List<string?> Cells { get; set; } = [];

        public List<int> Records { get; set; } = [];
    }

    public sealed class ReleaseInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(1000, ErrorMessage = "Validation_MaxLength")]
        [Display(Name = "Worker_Field_ReleaseReason")]
        public string Reason { get; set; } = string.Empty;
    }
}
