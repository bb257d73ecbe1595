using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public string TraceId { get; private set; } = string.Empty;

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        Status = status is >= 400 and < 600 ? status.Value : StatusCodes.Status500InternalServerError;
        Response.StatusCode = Status;
        TraceId = HttpContext.TraceIdentifier;
    }
}
