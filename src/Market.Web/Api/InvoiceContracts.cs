namespace Market.Web.Api;

/// <summary>One qualified invoice in a list (GET /agents/{id}/invoices, /clients/{id}/invoices).</summary>
/// <param name="Kind">Job (one accepted job) or Monthly (a client's accepted jobs of <paramref name="Period"/>).</param>
public sealed record InvoiceSummary(Guid Id, string Number, string Kind, string? Period, Guid ClientId, string RecipientName, DateOnly IssueDate, long Total);

public sealed record InvoicePage(IReadOnlyList<InvoiceSummary> Items, int Page, int PageSize, int Total);

/// <param name="TaxRate">The API's label for the line's rate (e.g. 10%, or 8%※ for the reduced rate).</param>
public sealed record InvoiceLineItem(string Description, int Quantity, long UnitPrice, long Amount, string TaxRate, bool ReducedRate);

public sealed record InvoiceRateTotal(int TaxRatePercent, long Subtotal, long Tax);

/// <summary>Everything a qualified invoice (適格請求書) states: issuer and registration number, dates, lines, tax per rate, total.</summary>
public sealed record InvoiceDetail(
    Guid Id,
    string Number,
    string Kind,
    string? Period,
    Guid AgentId,
    Guid ClientId,
    string IssuerName,
    string RegistrationNumber,
    string RecipientName,
    DateOnly IssueDate,
    DateOnly SupplyFrom,
    DateOnly SupplyTo,
    IReadOnlyList<InvoiceLineItem> Lines,
    IReadOnlyList<InvoiceRateTotal> RateTotals,
    long Subtotal,
    long Tax,
    long Total,
    string? ReducedRateNote);

/// <summary>Either <paramref name="JobId"/>, or <paramref name="ClientId"/> and <paramref name="Month"/> (yyyy-MM).</summary>
public sealed record IssueInvoiceRequest(Guid? JobId, Guid? ClientId, string? Month);
