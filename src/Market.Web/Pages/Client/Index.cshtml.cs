using Market.Web.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Client;

public sealed class IndexModel : PageModel
{
    internal static readonly PortalSection[] Sections =
    [
        new("PostJob"),
        new("Offers"),
        new("JobProgress"),
        new("Deliverables"),
        new("Invoices"),
        new("AgentPerformance"),
    ];

    public PortalHome Home => PortalHome.For(Portal.Client, User, Sections);
}
