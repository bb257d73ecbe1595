using Market.Web.Api;
using Market.Web.Auth;
using Market.Web.Jobs;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Client;

public sealed class IndexModel(JobsApiClient jobs, ProblemLocalizer problems) : PageModel
{
    public const int PageSize = 20;

    internal static readonly PortalSection[] Sections =
    [
        new("AgentPerformance"),
    ];

    public PortalHome Home => PortalHome.For(Portal.Client, User, Sections);

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public JobPage? Jobs { get; private set; }

    public string? Problem { get; private set; }

    public int PageCount => Jobs is null ? 0 : Math.Max(1, (Jobs.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Status is not null && !JobVocabulary.Statuses.Contains(Status))
        {
            Status = null;
        }

        PageNumber = Math.Max(PageNumber, 1);
        var result = await jobs.ListAsync(Status, PageNumber, PageSize, cancellationToken);
        if (result.Succeeded)
        {
            Jobs = result.Value;
        }
        else
        {
            Problem = problems.Explain(result.Problem);
        }
    }
}
