using Market.Web.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Operator;

public sealed class IndexModel : PageModel
{
    internal static readonly PortalSection[] Sections =
    [
        new("AgentVetting"),
        new("RegionalImpact"),
        new("Accounts"),
        new("AuditLog"),
    ];

    public PortalHome Home => PortalHome.For(Portal.Operator, User, Sections);
}
