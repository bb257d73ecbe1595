using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Agent.Payouts;

/// <summary>The agent's payout batches to its workers, newest cut-off first.</summary>
[Authorize(Roles = AgentUser.ManagerRoles)]
public sealed class IndexModel(AgentPayoutsApiClient payouts, ProblemLocalizer problems) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PayoutBatchPage? Batches { get; private set; }

    public string? Problem { get; private set; }

    public int PageCount => Batches is null ? 0 : Math.Max(1, (Batches.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(PageNumber, 1);
        var result = await payouts.ListAsync(User.AgentId(), PageNumber, PageSize, cancellationToken);
        if (result.Succeeded)
        {
            Batches = result.Value;
        }
        else
        {
            Problem = problems.Explain(result.Problem);
        }
    }
}
