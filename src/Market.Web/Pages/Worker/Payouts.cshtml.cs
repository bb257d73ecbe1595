using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Worker;

/// <summary>The worker chooses how often they are paid, among the schedules their tier allows.</summary>
public sealed class PayoutsModel(WorkerApiClient worker, ProblemLocalizer problems) : PageModel
{
    /// <summary>Every schedule, in the order shown; which ones the tier allows comes from the API.</summary>
    public static readonly IReadOnlyList<string> Schedules = ["Monthly", "SemiMonthly", "Daily"];

    private static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string> { ["schedule"] = nameof(Schedule) };

    private static readonly IReadOnlyDictionary<string, string> Codes = new Dictionary<string, string> { ["payout_schedule_not_allowed"] = nameof(Schedule) };

    [BindProperty]
    public string? Schedule { get; set; }

    public PayoutScheduleView? Current { get; private set; }

    public string? Problem { get; private set; }

    [TempData(Key = IndexModel.NoticeKey)]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Schedule = Current?.Schedule;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Schedule) || !Schedules.Contains(Schedule))
        {
            ModelState.AddModelError(nameof(Schedule), problems.Explain(new ApiProblem(400, "payout_schedule_not_allowed", null, null, new Dictionary<string, string[]>(), null)));
        }
        else
        {
            var result = await worker.SetPayoutScheduleAsync(Schedule, cancellationToken);
            if (result.Succeeded)
            {
                Notice = "Worker_Notice_ScheduleChanged";
                return RedirectToPage();
            }

            problems.AddToModelState(ModelState, result.Problem, Fields, Codes);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var current = await worker.GetPayoutScheduleAsync(cancellationToken);
        if (current.Succeeded)
        {
            Current = current.Value;
        }
        else
        {
            Problem = problems.Explain(current.Problem);
        }
    }
}
