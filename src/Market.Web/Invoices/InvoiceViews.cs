using System.Security.Claims;
using Market.Web.Api;
using Market.Web.Auth;

namespace Market.Web.Invoices;

/// <summary>A page of invoices as the list partial shows it; <paramref name="Portal"/> is "Agent" or "Client" (whose pages link).</summary>
public sealed record InvoiceListView(InvoicePage Invoices, string Portal, int PageNumber, int PageSize)
{
    public int PageCount => Math.Max(1, (Invoices.Total + PageSize - 1) / PageSize);

    public string IndexPage => $"/{Portal}/Invoices/Index";

    public string DetailsPage => $"/{Portal}/Invoices/Details";
}

/// <summary>One invoice as the printable partial shows it, with where its CSV is downloaded and the list it came from.</summary>
public sealed record InvoiceDocumentView(InvoiceDetail Invoice, string Portal)
{
    public string IndexPage => $"/{Portal}/Invoices/Index";
}

public static class InvoiceUser
{
    /// <summary>The client firm (tenant) the signed-in client member belongs to; the API checks it again.</summary>
    public static Guid ClientId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(MarketClaimTypes.TenantId), out var id) ? id : Guid.Empty;

    /// <summary>A file name the browser keeps: the invoice number with anything but letters, digits and '-' dropped.</summary>
    public static string CsvFileName(string number) =>
        "invoice-" + new string(number.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray()) + ".csv";
}
