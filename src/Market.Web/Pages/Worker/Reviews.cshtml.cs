using System.ComponentModel.DataAnnotations;
using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Worker;

/// <summary>The worker's reviews: decisions with reasons and grades, rework deadlines, and an appeal of a rejection.</summary>
public sealed class ReviewsModel(WorkerApiClient worker, ProblemLocalizer problems, TimeProvider clock) : PageModel
{
    private static readonly IReadOnlyDictionary<string, string> AppealFields = new Dictionary<string, string> { ["statement"] = "Appeal.Statement" };

    private static readonly IReadOnlyDictionary<string, string> AppealCodes = new Dictionary<string, string>
    {
        ["appeal_statement_required"] = "Appeal.Statement",
        ["appeal_window_closed"] = "Appeal.Statement",
        ["appeal_already_made"] = "Appeal.Statement",
        ["appeal_not_rejected"] = "Appeal.Statement",
    };

    public IReadOnlyList<MyReview> Reviews { get; private set; } = [];

    public string? Problem { get; private set; }

    public AppealInput Appeal { get; set; } = new();

    /// <summary>The review whose appeal was just refused, so its form stays open beside the error.</summary>
    public Guid? AppealingTaskId { get; private set; }

    public DateTimeOffset Now => clock.GetUtcNow();

    [TempData(Key = IndexModel.NoticeKey)]
    public string? Notice { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAppealAsync([FromForm(Name = "Appeal")] AppealInput appeal, CancellationToken cancellationToken)
    {
        Appeal = appeal;
        AppealingTaskId = appeal.TaskId;
        if (ModelState.IsValid)
        {
            var result = await worker.AppealAsync(appeal.TaskId, appeal.Statement.Trim(), cancellationToken);
            if (result.Succeeded)
            {
                Notice = "Worker_Notice_Appealed";
                return RedirectToPage();
            }

            problems.AddToModelState(ModelState, result.Problem, AppealFields, AppealCodes);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var reviews = await worker.ListMyReviewsAsync(cancellationToken);
        if (reviews.Succeeded)
        {
            Reviews = reviews.Value;
        }
        else
        {
            Problem = problems.Explain(reviews.Problem);
        }
    }

    public sealed class AppealInput
    {
        public Guid TaskId { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(4000, ErrorMessage = "Validation_MaxLength")]
        [Display(Name = "Worker_Field_AppealStatement")]
        public string Statement { get; set; } = string.Empty;
    }
}
