using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Invoices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Agent.Invoices;

/// <summary>One invoice the agent issued, laid out to print, and its CSV.</summary>
[Authorize(Roles = AgentUser.ManagerRoles)]
public sealed class DetailsModel(InvoicesApiClient invoices) : PageModel
{
    public const string NoticeKey = "AgentInvoiceIssued";

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public InvoiceDocumentView Document { get; private set; } = null!;

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var invoice = await invoices.GetAsync(InvoicesApiClient.Agent(User.AgentId()), Id, cancellationToken);
        if (!invoice.Succeeded)
        {
            return InvoicePages.Failed(this, invoice.Problem);
        }

        Document = new InvoiceDocumentView(invoice.Value, "Agent");
        return Page();
    }

    public Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) =>
        InvoicePages.CsvAsync(this, invoices, InvoicesApiClient.Agent(User.AgentId()), Id, cancellationToken);
}
