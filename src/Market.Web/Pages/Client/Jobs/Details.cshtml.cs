using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Market.Web.Api;
using Market.Web.Jobs;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Client.Jobs;

public sealed class DetailsModel(JobsApiClient jobs, ProblemLocalizer problems) : PageModel
{
    public const string NoticeKey = "JobNotice";
    public const int UnitPageSize = 20;

    private static readonly IReadOnlyDictionary<string, string> CancelFields = new Dictionary<string, string> { ["reason"] = "Cancel.Reason" };
    private static readonly IReadOnlyDictionary<string, string> RevisionFields = new Dictionary<string, string> { ["reason"] = "Revision.Reason" };
    private static readonly IReadOnlyDictionary<string, string> CancelCodes = new Dictionary<string, string>
    {
        ["job_not_cancellable"] = "Cancel.Reason",
        ["job_cancellation_reason_required"] = "Cancel.Reason",
        ["reason_too_long"] = "Cancel.Reason",
    };

    private static readonly IReadOnlyDictionary<string, string> RevisionCodes = new Dictionary<string, string>
    {
        ["job_not_delivered"] = "Revision.Reason",
        ["job_revision_reason_required"] = "Revision.Reason",
        ["reason_too_long"] = "Revision.Reason",
    };

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "unitPage")]
    public int UnitPageNumber { get; set; } = 1;

    public ReasonInput Cancel { get; set; } = new();

    public ReasonInput Revision { get; set; } = new();

    public JobDetails Job { get; private set; } = null!;

    public UnitPage? Units { get; private set; }

    /// <summary>The agents' offers, while the job is taking them or was just contracted; null when not asked for.</summary>
    public IReadOnlyList<Offer>? Offers { get; private set; }

    public string? OffersProblem { get; private set; }

    public string? UnitsProblem { get; private set; }

    /// <summary>A problem with accepting or downloading (neither has a field of its own), shown at the top of the page.</summary>
    public string? DecisionProblem { get; private set; }

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public int UnitPageCount => Units is null ? 0 : Math.Max(1, (Units.Total + UnitPageSize - 1) / UnitPageSize);

    /// <summary>Also true right after a refused attempt, so the refusal shows beside the reason the user typed.</summary>
    public bool CanCancel => JobVocabulary.IsCancellable(Job.Status) || HasErrors("Cancel.Reason");

    public bool AwaitsDecision => JobVocabulary.AwaitsClientDecision(Job.Status) || HasErrors("Revision.Reason");

    private bool HasErrors(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnGetDeliverableAsync(CancellationToken cancellationToken)
    {
        var download = await jobs.OpenDeliverableAsync(Id, cancellationToken);
        if (!download.Succeeded)
        {
            if (download.Problem.Status == StatusCodes.Status404NotFound)
            {
                return NotFound();
            }

            return await LoadAsync(cancellationToken, problems.Explain(download.Problem)) ?? Page();
        }

        HttpContext.Response.RegisterForDispose(download.Value);
        return File(download.Value.Content, download.Value.MediaType, download.Value.FileName ?? $"deliverable-{Id:N}");
    }

    public async Task<IActionResult> OnPostCancelAsync([FromForm(Name = "Cancel")] ReasonInput cancel, CancellationToken cancellationToken)
    {
        Cancel = cancel;
        if (ModelState.IsValid)
        {
            var result = await jobs.CancelAsync(Id, cancel.Reason.Trim(), cancellationToken);
            if (result.Succeeded)
            {
                return Done("JobNotice_Cancelled");
            }

            problems.AddToModelState(ModelState, result.Problem, CancelFields, CancelCodes);
        }

        return await LoadAsync(cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken cancellationToken)
    {
        var result = await jobs.AcceptAsync(Id, cancellationToken);
        return result.Succeeded
            ? Done("JobNotice_Accepted")
            : await LoadAsync(cancellationToken, problems.Explain(result.Problem)) ?? Page();
    }

    public async Task<IActionResult> OnPostAcceptOfferAsync(Guid offerId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var key = Guid.TryParse(idempotencyKey, out _) ? idempotencyKey! : Guid.NewGuid().ToString();
        var result = await jobs.AcceptOfferAsync(offerId, key, cancellationToken);
        if (result.Succeeded)
        {
            return Done("Agent_Offers_Accepted");
        }

        await LoadAsync(cancellationToken);
        OffersProblem = problems.Explain(result.Problem);
        return Page();
    }

    public async Task<IActionResult> OnPostRevisionAsync([FromForm(Name = "Revision")] ReasonInput revision, CancellationToken cancellationToken)
    {
        Revision = revision;
        if (ModelState.IsValid)
        {
            var result = await jobs.RequestRevisionAsync(Id, revision.Reason.Trim(), cancellationToken);
            if (result.Succeeded)
            {
                return Done("JobNotice_RevisionRequested");
            }

            problems.AddToModelState(ModelState, result.Problem, RevisionFields, RevisionCodes);
        }

        return await LoadAsync(cancellationToken) ?? Page();
    }

    /// <summary>A number from the job's type-specific settings, e.g. <c>batchSize</c>; null when the API did not send it.</summary>
    public string? Setting(string name) =>
        Job.Settings.ValueKind == JsonValueKind.Object && Job.Settings.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private RedirectToPageResult Done(string noticeKey)
    {
        TempData[NoticeKey] = noticeKey;
        return RedirectToPage(new { id = Id });
    }

    /// <summary>Loads the job and a page of its units; answers the problem page when the job itself cannot be shown.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken, string? decisionProblem = null)
    {
        DecisionProblem = decisionProblem;
        UnitPageNumber = Math.Max(UnitPageNumber, 1);
        var job = await jobs.GetAsync(Id, cancellationToken);
        if (!job.Succeeded)
        {
            return job.Problem.Status switch
            {
                StatusCodes.Status404NotFound or StatusCodes.Status403Forbidden => NotFound(),
                _ => StatusCode(StatusCodes.Status503ServiceUnavailable),
            };
        }

        Job = job.Value;
        if (Job.Status is "Open" or "Contracted")
        {
            var offers = await jobs.ListOffersAsync(Id, cancellationToken);
            Offers = offers.Succeeded ? offers.Value : null;
            OffersProblem = offers.Succeeded ? null : problems.Explain(offers.Problem);
        }

        var units = await jobs.ListUnitsAsync(Id, UnitPageNumber, UnitPageSize, cancellationToken);
        if (units.Succeeded)
        {
            Units = units.Value;
        }
        else
        {
            UnitsProblem = problems.Explain(units.Problem);
        }

        return null;
    }

    public sealed class ReasonInput
    {
        public const int MaxLength = 4000;

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(MaxLength, ErrorMessage = "Validation_MaxLength")]
        [Display(Name = "Field_Reason")]
        public string Reason { get; set; } = string.Empty;
    }
}
