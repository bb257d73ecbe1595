using Market.Web.Api;
using Market.Web.Invoices;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Client.Invoices;

/// <summary>The qualified invoices the client's agents issued to it, newest first.</summary>
public sealed class IndexModel(InvoicesApiClient invoices, ProblemLocalizer problems) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public InvoiceListView? List { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(PageNumber, 1);
        var list = await invoices.ListAsync(InvoicesApiClient.Client(User.ClientId()), PageNumber, PageSize, cancellationToken);
        if (list.Succeeded)
        {
            List = new InvoiceListView(list.Value, "Client", PageNumber, PageSize);
        }
        else
        {
            Problem = problems.Explain(list.Problem);
        }
    }
}
