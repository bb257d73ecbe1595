using Market.Web.Api;
using Market.Web.Auth;
using Market.Web.Localization;
using Market.Web.Pages.Team;
using Market.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Reports;

/// <summary>An agent's record: on-time delivery, QC pass and rework rates, and its workers' output. Its owners and coordinators, or the operator (?agentId=).</summary>
[Authorize(Roles = "AgentOwner,AgentCoordinator,PlatformAdmin")]
public sealed class AgentModel(ReportsApiClient reports, ProblemLocalizer problems, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? AgentId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public AgentImpact? Report { get; private set; }

    public string? Problem { get; private set; }

    public BarChart OnTimeChart => RateChart("Impact_Chart_OnTime", m => m.Figures.OnTimeBasisPoints);

    public BarChart QcPassChart => RateChart("Impact_Chart_QcPass", m => m.Figures.QcPassBasisPoints);

    public BarChart ReworkChart => RateChart("Impact_Chart_Rework", m => m.Figures.ReworkBasisPoints);

    public BarChart YenChart => new(
        localizer["Impact_Chart_AgentYen"],
        Report?.Months.Select(m => new Bar(ReportFormat.MonthLabel(m.Month), m.YenToWorkers, ReportFormat.Yen(m.YenToWorkers))).ToList() ?? []);

    private BarChart RateChart(string titleKey, Func<AgentImpactMonth, int?> rate) => new(
        localizer[titleKey],
        Report?.Months.Select(m => new Bar(ReportFormat.MonthLabel(m.Month), rate(m) ?? 0, ReportFormat.Percent(rate(m)))).ToList() ?? [],
        Max: 10_000);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Target() is not { } agentId)
        {
            return NotFound();
        }

        var result = await reports.AgentAsync(agentId, From, To, cancellationToken);
        if (result.Succeeded)
        {
            Report = result.Value;
        }
        else if (result.Problem.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
        else
        {
            Problem = problems.Explain(result.Problem);
        }

        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (Target() is not { } agentId)
        {
            return NotFound();
        }

        var download = await reports.AgentCsvAsync(agentId, From, To, cancellationToken);
        if (!download.Succeeded)
        {
            Problem = problems.Explain(download.Problem);
            return Page();
        }

        HttpContext.Response.RegisterForDispose(download.Value);
        return File(download.Value.Content, download.Value.MediaType, download.Value.FileName ?? "agent-impact.csv");
    }

    /// <summary>Agent staff see their own agent; the operator names one.</summary>
    private Guid? Target() => User.IsInRole(MarketRoles.PlatformAdmin) ? AgentId : TeamVocabulary.AgentId(User);
}
