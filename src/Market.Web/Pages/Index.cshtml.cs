using Market.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages;

public sealed class IndexModel : PageModel
{
    public bool SignedInWithoutPortal { get; private set; }

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Page();
        }

        if (Portal.OpenTo(User) is [var landing, ..])
        {
            return Redirect(landing.Path);
        }

        SignedInWithoutPortal = true;
        return Page();
    }
}
