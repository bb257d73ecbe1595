using Market.Web.Auth;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages;

public sealed class CultureModel : PageModel
{
    public IActionResult OnGet(string? returnUrl) => LocalRedirect(ReturnUrls.Safe(Url, returnUrl));

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        if (MarketCultures.Normalize(culture) is { } chosen)
        {
            CultureCookie.Remember(HttpContext, chosen);
        }

        return LocalRedirect(ReturnUrls.Safe(Url, returnUrl));
    }
}
