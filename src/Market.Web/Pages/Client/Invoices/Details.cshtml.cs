using Market.Web.Api;
using Market.Web.Invoices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Client.Invoices;

/// <summary>One invoice the client received, laid out to print, and its CSV.</summary>
public sealed class DetailsModel(InvoicesApiClient invoices) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public InvoiceDocumentView Document { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var invoice = await invoices.GetAsync(InvoicesApiClient.Client(User.ClientId()), Id, cancellationToken);
        if (!invoice.Succeeded)
        {
            return InvoicePages.Failed(this, invoice.Problem);
        }

        Document = new InvoiceDocumentView(invoice.Value, "Client");
        return Page();
    }

    public Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) =>
        InvoicePages.CsvAsync(this, invoices, InvoicesApiClient.Client(User.ClientId()), Id, cancellationToken);
}
