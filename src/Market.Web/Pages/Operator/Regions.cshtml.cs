using Market.Web.Formatting;
using Market.Web.Api;
using Market.Web.Jobs;
using Market.Web.Localization;
using Market.Web.Operator;
using Market.Web.Resources;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Operator;

/// <summary>
/// The regional overview, drawn as server-side SVG from the API's figures: agents and their capacity per prefecture,
/// and jobs by status. The regional-impact figures (workers active, yen paid locally) take their place beside these
/// once the API reports them.
/// </summary>
public sealed class RegionsModel(
    OperatorApiClient operators,
    JobsApiClient jobs,
    ProblemLocalizer problems,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IReadOnlyList<BarChart> Charts { get; private set; } = [];

    public int AgentCount { get; private set; }

    public int PrefectureCount { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var agents = await operators.ListAllAgentsAsync(cancellationToken);
        if (!agents.Succeeded)
        {
            Problem = problems.Explain(agents.Problem);
            return;
        }

        AgentCount = agents.Value.Count;
        PrefectureCount = agents.Value.Select(a => a.Prefecture).Distinct().Count();
        var charts = new List<BarChart>
        {
            new("agents-by-prefecture", localizer["Operator_Regions_AgentsByPrefecture"], localizer["Operator_Regions_AgentsByPrefectureNote"], AgentsByPrefecture(agents.Value)),
            new("capacity-by-prefecture", localizer["Operator_Regions_CapacityByPrefecture"], localizer["Operator_Regions_CapacityNote"], CapacityByPrefecture(agents.Value)),
        };

        var byStatus = new List<BarChartRow>();
        foreach (var status in JobVocabulary.Statuses.Where(s => s != "Draft"))
        {
            var page = await jobs.ListAsync(status, 1, 1, cancellationToken);
            if (!page.Succeeded)
            {
                Problem = problems.Explain(page.Problem);
                break;
            }

            byStatus.Add(new BarChartRow(localizer.Label("JobStatus_", status), page.Value.Total, localizer["Operator_Count_Jobs", page.Value.Total]));
        }

        charts.Add(new BarChart("jobs-by-status", localizer["Operator_Regions_JobsByStatus"], null, byStatus));
        Charts = charts;
    }

    private List<BarChartRow> AgentsByPrefecture(IReadOnlyList<VettedAgent> agents) =>
        agents.GroupBy(a => a.Prefecture)
            .Select(g => (Name: g.Key, All: g.Count(), Approved: g.Count(a => a.VettingStatus == "Approved")))
            .OrderByDescending(x => x.All).ThenBy(x => Code(x.Name))
            .Select(x => new BarChartRow(PrefectureLabel(x.Name), x.All, localizer["Operator_Regions_AgentsValue", x.All, x.Approved]))
            .ToList();

    private List<BarChartRow> CapacityByPrefecture(IReadOnlyList<VettedAgent> agents) =>
        agents.Where(a => a.VettingStatus == "Approved")
            .GroupBy(a => a.Prefecture)
            .Select(g => (Name: g.Key, Capacity: g.Sum(a => (long)a.MaxConcurrentJobs)))
            .OrderByDescending(x => x.Capacity).ThenBy(x => Code(x.Name))
            .Select(x => new BarChartRow(PrefectureLabel(x.Name), x.Capacity, localizer["Operator_Count_Jobs", x.Capacity]))
            .ToList();

    private string PrefectureLabel(string name) => Prefectures.Find(name) is { } p ? localizer[p.LabelKey].Value : name;

    private static string Code(string name) => Prefectures.Find(name)?.Code ?? "99" + name;
}
