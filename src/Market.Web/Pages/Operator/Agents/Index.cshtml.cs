using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Operator.Agents;

/// <summary>The operator's vetting list: agents by vetting state, oldest application first, with approval at hand.</summary>
public sealed class IndexModel(OperatorApiClient operators, ProblemLocalizer problems) : PageModel
{
    public const string NoticeKey = "OperatorNotice";
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; } = "Pending";

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public VettedAgentPage? Agents { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>The agent whose approval was just refused.</summary>
    public Guid? RefusedAgentId { get; private set; }

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public int PageCount => Agents is null ? 0 : Math.Max(1, (Agents.Total + PageSize - 1) / PageSize);

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostApproveAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var result = await operators.ApproveAsync(agentId, cancellationToken);
        if (result.Succeeded)
        {
            Notice = "Operator_Notice_Approved";
            return RedirectToPage(new { status = Status });
        }

        RefusedAgentId = agentId;
        ModelState.AddModelError(string.Empty, problems.Explain(result.Problem));
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Status) || Status == "All")
        {
            Status = "All";
        }
        else if (!AgentVocabulary.VettingStatuses.Contains(Status))
        {
            Status = "Pending";
        }

        PageNumber = Math.Max(PageNumber, 1);
        var result = await operators.ListAgentsAsync(Status == "All" ? null : Status, PageNumber, PageSize, cancellationToken);
        if (result.Succeeded)
        {
            Agents = result.Value;
        }
        else
        {
            Problem = problems.Explain(result.Problem);
        }
    }
}
