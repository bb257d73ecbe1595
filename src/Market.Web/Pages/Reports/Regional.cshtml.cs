using Market.Web.Api;
using Market.Web.Localization;
using Market.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Reports;

/// <summary>
/// The regional impact: workers, units and yen by municipality and month, with charts and the CSV — every prefecture for
/// the operator, its own prefecture for a public body's members (the API decides which; a company client is refused).
/// </summary>
[Authorize(Roles = "PlatformAdmin,ClientMember")]
public sealed class RegionalModel(ReportsApiClient reports, ProblemLocalizer problems, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Prefecture { get; set; }

    public RegionalImpact? Report { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>Only the operator chooses the prefecture; a public body's report is its own prefecture's.</summary>
    public bool ChoosesPrefecture => User.IsInRole("PlatformAdmin");

    public BarChart YenChart => new(
        localizer["Impact_Chart_Yen"],
        Report?.Months.Select(m => new Bar(ReportFormat.MonthLabel(m.Month), m.YenToLocalWorkers, ReportFormat.Yen(m.YenToLocalWorkers))).ToList() ?? []);

    public BarChart ActiveChart => new(
        localizer["Impact_Chart_ActiveWorkers"],
        Report?.Months.Select(m => new Bar(ReportFormat.MonthLabel(m.Month), m.ActiveWorkers, m.ActiveWorkers.ToString(System.Globalization.CultureInfo.CurrentCulture))).ToList() ?? []);

    /// <summary>Yen by municipality over the whole range, largest first (at most 12 bars).</summary>
    public BarChart PlacesChart => new(
        localizer["Impact_Chart_Places"],
        Report?.Rows.GroupBy(r => r.Prefecture + " " + r.Municipality)
            .Select(g => new Bar(g.Key, g.Sum(r => r.YenToLocalWorkers), ReportFormat.Yen(g.Sum(r => r.YenToLocalWorkers))))
            .OrderByDescending(b => b.Value).Take(12).ToList() ?? [],
        CssClass: "chart chart--wide");

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await reports.RegionalAsync(From, To, Prefecture, cancellationToken);
        if (result.Succeeded)
        {
            Report = result.Value;
        }
        else
        {
            Problem = problems.Explain(result.Problem);
        }
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var download = await reports.RegionalCsvAsync(From, To, Prefecture, cancellationToken);
        if (!download.Succeeded)
        {
            Problem = problems.Explain(download.Problem);
            return Page();
        }

        HttpContext.Response.RegisterForDispose(download.Value);
        return File(download.Value.Content, download.Value.MediaType, download.Value.FileName ?? "regional-impact.csv");
    }
}
