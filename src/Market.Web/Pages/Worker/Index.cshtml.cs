using Market.Web.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Worker;

public sealed class IndexModel : PageModel
{
    internal static readonly PortalSection[] Sections =
    [
        new("FindWork"),
        new("MyUnits"),
        new("ReviewResults"),
        new("Earnings"),
        new("Certifications"),
        new("TeamRoom"),
    ];

    public PortalHome Home => PortalHome.For(Portal.Worker, User, Sections);
}
