using Market.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Invoices;

/// <summary>What the agent's and the client's invoice pages do alike: answer a missing invoice, stream the CSV.</summary>
internal static class InvoicePages
{
    /// <summary>Another tenant's invoice is as absent as one that never was (the API answers 404 for both).</summary>
    public static IActionResult Failed(PageModel page, ApiProblem problem) =>
        problem.Status is StatusCodes.Status404NotFound or StatusCodes.Status403Forbidden
            ? page.NotFound()
            : page.StatusCode(StatusCodes.Status503ServiceUnavailable);

    public static async Task<IActionResult> CsvAsync(PageModel page, InvoicesApiClient invoices, InvoiceScope scope, Guid id, CancellationToken cancellationToken)
    {
        var file = await invoices.OpenCsvAsync(scope, id, cancellationToken);
        if (!file.Succeeded)
        {
            return Failed(page, file.Problem);
        }

        page.HttpContext.Response.RegisterForDispose(file.Value);
        return page.File(file.Value.Content, "text/csv; charset=utf-8", file.Value.FileName ?? $"invoice-{id:N}.csv");
    }
}
