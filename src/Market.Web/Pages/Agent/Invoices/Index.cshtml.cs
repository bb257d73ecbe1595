using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Invoices;
using Market.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Agent.Invoices;

/// <summary>
/// The qualified invoices the agent issued, newest first; the owner issues one for a job the client accepted (the API
/// refuses a job already invoiced, or an agent without a registration number, and the page says why).
/// </summary>
[Authorize(Roles = AgentUser.ManagerRoles)]
public sealed class IndexModel(InvoicesApiClient invoices, JobsApiClient jobs, ProblemLocalizer problems) : PageModel
{
    public const int PageSize = 20;
    public const string NoticeKey = "AgentInvoiceNotice";

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public Guid? JobId { get; set; }

    public InvoiceListView? List { get; private set; }

    /// <summary>The jobs the client accepted, which the owner may invoice (those already invoiced are refused by the API).</summary>
    public IReadOnlyList<JobSummary> AcceptedJobs { get; private set; } = [];

    public string? Problem { get; private set; }

    public string IdempotencyKey { get; private set; } = Guid.NewGuid().ToString();

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public bool IsOwner => User.IsAgentOwner();

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostIssueAsync(string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!IsOwner)
        {
            return Forbid();
        }

        IdempotencyKey = Guid.TryParse(idempotencyKey, out _) ? idempotencyKey! : Guid.NewGuid().ToString();
        if (JobId is not { } jobId || jobId == Guid.Empty)
        {
            ModelState.AddModelError(nameof(JobId), problems.Explain(new ApiProblem(400, "invoice_job_required", null, null, new Dictionary<string, string[]>(), null)));
        }
        else
        {
            var issued = await invoices.IssueAsync(User.AgentId(), new IssueInvoiceRequest(jobId, null, null), IdempotencyKey, cancellationToken);
            if (issued.Succeeded)
            {
                TempData[DetailsModel.NoticeKey] = "Invoices_Notice_Issued";
                return RedirectToPage("/Agent/Invoices/Details", new { id = issued.Value.Id });
            }

            // Every refusal is about the chosen job (not accepted, already invoiced) or the agent's own settings: beside the choice.
            ModelState.AddModelError(nameof(JobId), problems.Explain(issued.Problem));
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(PageNumber, 1);
        var list = await invoices.ListAsync(InvoicesApiClient.Agent(User.AgentId()), PageNumber, PageSize, cancellationToken);
        if (!list.Succeeded)
        {
            Problem = problems.Explain(list.Problem);
            return;
        }

        List = new InvoiceListView(list.Value, "Agent", PageNumber, PageSize);
        if (IsOwner)
        {
            var accepted = new List<JobSummary>();
            foreach (var status in new[] { "Accepted", "Closed" })
            {
                var page = await jobs.ListAsync(status, 1, 100, cancellationToken);
                if (page.Succeeded)
                {
                    accepted.AddRange(page.Value.Items);
                }
            }

            AcceptedJobs = accepted.OrderByDescending(j => j.CreatedAt).ToList();
        }
    }
}
