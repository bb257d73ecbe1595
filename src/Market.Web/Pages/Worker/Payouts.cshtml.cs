using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Worker;

/// <summary>
/// The worker's statement (支払明細) month by month — owed at the start, earned, withheld, paid, owed at the end, every
/// line and the transfers — and how often they are paid, among the schedules their tier allows.
/// </summary>
public sealed partial class PayoutsModel(WorkerApiClient worker, ProblemLocalizer problems) : PageModel
{
    /// <summary>Every schedule, in the order shown; which ones the tier allows comes from the API.</summary>
    public static readonly IReadOnlyList<string> Schedules = ["Monthly", "SemiMonthly", "Daily"];

    private static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string> { ["schedule"] = nameof(Schedule) };

    private static readonly IReadOnlyDictionary<string, string> Codes = new Dictionary<string, string> { ["payout_schedule_not_allowed"] = nameof(Schedule) };

    [BindProperty]
    public string? Schedule { get; set; }

    public PayoutScheduleView? Current { get; private set; }

    /// <summary>The month whose statement is shown (yyyy-MM, Japan time); this month when not given.</summary>
    [BindProperty(SupportsGet = true, Name = "month")]
    public string? Month { get; set; }

    public WorkerStatement? Statement { get; private set; }

    public string? StatementProblem { get; private set; }

    /// <summary>The statement's month as yyyy-MM, and the months before and after it, for the month links.</summary>
    public string StatementMonth => Statement is { } s ? MonthKey(new DateOnly(s.Year, s.Month, 1)) : string.Empty;

    public string PreviousMonth => Statement is { } s ? MonthKey(new DateOnly(s.Year, s.Month, 1).AddMonths(-1)) : string.Empty;

    public string NextMonth => Statement is { } s ? MonthKey(new DateOnly(s.Year, s.Month, 1).AddMonths(1)) : string.Empty;

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

    private static string MonthKey(DateOnly first) => first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{4}-(0[1-9]|1[0-2])$")]
    private static partial System.Text.RegularExpressions.Regex MonthPattern();

    private async Task LoadStatementAsync(CancellationToken cancellationToken)
    {
        if (Month is { Length: > 0 } month && !MonthPattern().IsMatch(month))
        {
            ModelState.AddModelError(nameof(Month), problems.Explain(new ApiProblem(400, "statement_month_invalid", null, null, new Dictionary<string, string[]>(), null)));
            Month = null;
        }

        var statement = await worker.GetStatementAsync(string.IsNullOrEmpty(Month) ? null : Month, cancellationToken);
        if (statement.Succeeded)
        {
            Statement = statement.Value;
        }
        else
        {
            StatementProblem = problems.Explain(statement.Problem);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await LoadStatementAsync(cancellationToken);
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
