using System.ComponentModel.DataAnnotations;
using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Formatting;
using Market.Web.Jobs;
using Market.Web.Localization;
using Market.Web.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Agent;

/// <summary>
/// The review queue (検品), oldest first: the submission beside what it is checked against (the segment's audio, the
/// keyed fields, the page and its diff), and the three decisions — accept with grades, rework, reject.
/// </summary>
public sealed class ReviewsModel(
    AgentReviewApiClient reviews,
    ProblemLocalizer problems,
    IStringLocalizer<SharedResource> localizer,
    TimeProvider clock) : PageModel
{
    public const string NoticeKey = "AgentReviewNotice";
    public const int PageSize = 20;

    /// <summary>A unit's segment is a few minutes of speech-bitrate MP3; anything far larger is not one.</summary>
    public const long MaxAudioBytes = 32 * 1024 * 1024;

    private static readonly IReadOnlyDictionary<string, string> AcceptFields = new Dictionary<string, string>
    {
        ["accuracy"] = "Accept.Accuracy",
        ["format"] = "Accept.Format",
    };

    private static readonly IReadOnlyDictionary<string, string> ReworkFields = new Dictionary<string, string>
    {
        ["reasonCodes"] = "Rework.ReasonCodes",
        ["comment"] = "Rework.Comment",
        ["deadline"] = "Rework.DeadlineDate",
    };

    private static readonly IReadOnlyDictionary<string, string> ReworkCodes = new Dictionary<string, string>
    {
        ["review_reason_required"] = "Rework.ReasonCodes",
        ["review_reason_code_unknown"] = "Rework.ReasonCodes",
        ["review_comment_required"] = "Rework.Comment",
        ["review_comment_too_long"] = "Rework.Comment",
        ["review_rework_deadline_not_in_future"] = "Rework.DeadlineDate",
        ["review_rework_deadline_too_far"] = "Rework.DeadlineDate",
    };

    private static readonly IReadOnlyDictionary<string, string> RejectFields = new Dictionary<string, string>
    {
        ["reasonCode"] = "Reject.ReasonCode",
        ["comment"] = "Reject.Comment",
    };

    private static readonly IReadOnlyDictionary<string, string> RejectCodes = new Dictionary<string, string>
    {
        ["review_reason_required"] = "Reject.ReasonCode",
        ["review_reason_code_unknown"] = "Reject.ReasonCode",
        ["review_comment_required"] = "Reject.Comment",
        ["review_comment_too_long"] = "Reject.Comment",
    };

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "task")]
    public Guid? TaskId { get; set; }

    public AcceptInput Accept { get; set; } = new();

    public ReworkInput Rework { get; set; } = new();

    public RejectInput Reject { get; set; } = new();

    /// <summary>Which decision form was just posted (and so shows its errors and stays open).</summary>
    public string? PostedDecision { get; private set; }

    public ReviewQueuePage? Queue { get; private set; }

    public ReviewItem? Selected { get; private set; }

    public string? Problem { get; private set; }

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public DateTimeOffset Now => clock.GetUtcNow();

    public int PageCount => Queue is null ? 0 : Math.Max(1, (Queue.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var tokyo = TokyoTime.ToTokyo(clock.GetUtcNow());
        Rework = new ReworkInput { DeadlineDate = DateOnly.FromDateTime(tokyo.DateTime).AddDays(3), DeadlineTime = new TimeOnly(17, 0) };
        await LoadAsync(cancellationToken);
    }

    /// <summary>The segment's audio for the reviewer's player, fetched with the reviewer's own token.</summary>
    public async Task<IActionResult> OnGetAudioAsync(Guid jobId, Guid unitId, CancellationToken cancellationToken)
    {
        var audio = await reviews.OpenUnitAudioAsync(jobId, unitId, cancellationToken);
        if (!audio.Succeeded)
        {
            return audio.Problem.Status is StatusCodes.Status404NotFound or StatusCodes.Status403Forbidden
                ? NotFound()
                : StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        using var download = audio.Value;
        if (download.Length > MaxAudioBytes)
        {
            return StatusCode(StatusCodes.Status502BadGateway);
        }

        // Buffered (a few hundred kilobytes) so the player can seek with range requests the API answers only to the Web.
        using var buffer = new MemoryStream();
        await download.Content.CopyToAsync(buffer, cancellationToken);
        Response.Headers.CacheControl = "private, max-age=3600";
        return new FileContentResult(buffer.ToArray(), download.MediaType) { EnableRangeProcessing = true };
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid taskId, [FromForm(Name = "Accept")] AcceptInput accept, CancellationToken cancellationToken)
    {
        (Accept, PostedDecision, TaskId) = (accept, "Accept", taskId);
        ModelState.RemoveAllExcept("Accept.");
        if (ModelState.IsValid)
        {
            var result = await reviews.ReviewAsync(taskId, new ReviewRequest("Accept", accept.Accuracy, accept.Format, null, null, null, null), cancellationToken);
            if (result.Succeeded)
            {
                return Done("Agent_Notice_ReviewAccepted");
            }

            problems.AddToModelState(ModelState, result.Problem, AcceptFields, new Dictionary<string, string>());
        }

        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostReworkAsync(Guid taskId, [FromForm(Name = "Rework")] ReworkInput rework, CancellationToken cancellationToken)
    {
        (Rework, PostedDecision, TaskId) = (rework, "Rework", taskId);
        ModelState.RemoveAllExcept("Rework.");
        if (rework.ReasonCodes.Count == 0)
        {
            ModelState.AddModelError("Rework.ReasonCodes", localizer["Agent_Problem_ReviewReasonRequired"]);
        }

        if (ModelState.IsValid)
        {
            var deadline = AgentForms.TokyoInstant(rework.DeadlineDate, rework.DeadlineTime);
            var request = new ReviewRequest("Rework", null, null, rework.ReasonCodes, null, Trimmed(rework.Comment), deadline);
            var result = await reviews.ReviewAsync(taskId, request, cancellationToken);
            if (result.Succeeded)
            {
                return Done("Agent_Notice_ReviewReworked");
            }

            problems.AddToModelState(ModelState, result.Problem, ReworkFields, ReworkCodes);
        }

        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid taskId, [FromForm(Name = "Reject")] RejectInput reject, CancellationToken cancellationToken)
    {
        (Reject, PostedDecision, TaskId) = (reject, "Reject", taskId);
        ModelState.RemoveAllExcept("Reject.");
        if (ModelState.IsValid)
        {
            var request = new ReviewRequest("Reject", null, null, null, reject.ReasonCode, Trimmed(reject.Comment), null);
            var result = await reviews.ReviewAsync(taskId, request, cancellationToken);
            if (result.Succeeded)
            {
                return Done("Agent_Notice_ReviewRejected");
            }

            problems.AddToModelState(ModelState, result.Problem, RejectFields, RejectCodes);
        }

        return await ShowAsync(cancellationToken);
    }

    /// <summary>Where a unit's audio segment starts and ends, as m:ss.</summary>
    public static string? Range(ReviewItem item) =>
        item.StartMs is { } start && item.EndMs is { } end ? $"{UnitText.Clock(start)}–{UnitText.Clock(end)}" : null;

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        if (PostedDecision != "Rework")
        {
            var tokyo = TokyoTime.ToTokyo(clock.GetUtcNow());
            Rework = new ReworkInput { DeadlineDate = DateOnly.FromDateTime(tokyo.DateTime).AddDays(3), DeadlineTime = new TimeOnly(17, 0) };
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private RedirectToPageResult Done(string noticeKey)
    {
        Notice = noticeKey;
        return RedirectToPage(new { type = Type, p = PageNumber > 1 ? PageNumber : (int?)null });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Type is not null && !JobVocabulary.Types.Contains(Type))
        {
            Type = null;
        }

        PageNumber = Math.Max(PageNumber, 1);
        var result = await reviews.GetQueueAsync(User.AgentId(), Type, PageNumber, PageSize, cancellationToken);
        if (!result.Succeeded)
        {
            Problem = problems.Explain(result.Problem);
            return;
        }

        Queue = result.Value;
        Selected = Queue.Items.FirstOrDefault(i => i.TaskId == TaskId) ?? Queue.Items.FirstOrDefault();
    }

    public sealed class AcceptInput
    {
        [Required(ErrorMessage = "Validation_Choose")]
        [Range(1, 5, ErrorMessage = "Validation_Range")]
        [Display(Name = "Agent_Field_Accuracy")]
        public int? Accuracy { get; set; }

        [Required(ErrorMessage = "Validation_Choose")]
        [Range(1, 5, ErrorMessage = "Validation_Range")]
        [Display(Name = "Agent_Field_Format")]
        public int? Format { get; set; }
    }

    public sealed class ReworkInput
    {
        public List<string> ReasonCodes { get; set; } = [];

        [StringLength(2000, ErrorMessage = "Validation_MaxLength")]
        [Display(Name = "Agent_Field_ReviewComment")]
        public string? Comment { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [Display(Name = "Agent_Field_ReworkDate")]
        public DateOnly? DeadlineDate { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [Display(Name = "Agent_Field_ReworkTime")]
        public TimeOnly? DeadlineTime { get; set; }
    }

    public sealed class RejectInput
    {
        [Required(ErrorMessage = "Validation_Choose")]
        [Display(Name = "Agent_Field_RejectReason")]
        public string? ReasonCode { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(2000, ErrorMessage = "Validation_MaxLength")]
        [Display(Name = "Agent_Field_ReviewComment")]
        public string? Comment { get; set; }
    }
}
