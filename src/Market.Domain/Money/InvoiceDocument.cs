using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>One line as printed: the reduced-rate line carries the marker the footnote explains.</summary>
public sealed record InvoiceDocumentLine(string Description, int Quantity, Yen UnitPrice, Yen Amount, int TaxRatePercent, bool IsReducedRate)
{
    /// <summary>"10%", or "8%※" for a reduced-rate line.</summary>
    public string RateLabel => IsReducedRate ? $"{TaxRatePercent}%{InvoiceDocument.ReducedRateMarker}" : $"{TaxRatePercent}%";
}

/// <summary>Per rate: the subtotal (税抜) and the consumption tax on it.</summary>
public sealed record InvoiceDocumentRateLine(int TaxRatePercent, Yen Subtotal, Yen Tax);

/// <summary>
/// Everything a qualified invoice must show, independent of HTML, PDF or CSV: the issuer's name and
/// registration number, the date of issue and the dates of supply, the items with their rates (reduced-rate
/// items marked), the subtotal and tax per rate, the total, and the recipient.
/// </summary>
public sealed record InvoiceDocument(
    string Title,
    string InvoiceNumber,
    DateOnly IssueDate,
    DateOnly SupplyFrom,
    DateOnly SupplyTo,
    string IssuerName,
    string RegistrationNumber,
    string RecipientName,
    IReadOnlyList<InvoiceDocumentLine> Lines,
    IReadOnlyList<InvoiceDocumentRateLine> RateLines,
    Yen Subtotal,
    Yen Tax,
    Yen Total,
    string? ReducedRateNote)
{
    public const string ReducedRateMarker = "※";

    public static InvoiceDocument Of(Invoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var anyReduced = invoice.Lines.Any(l => l.Rate == ConsumptionTaxRate.Reduced8);
        return new InvoiceDocument(
            "適格請求書",
            invoice.Number.ToString(),
            invoice.IssueDate,
            invoice.SupplyFrom,
            invoice.SupplyTo,
            invoice.Issuer.Name,
            invoice.Issuer.RegistrationNumber.Value,
            invoice.Recipient.Name,
            invoice.Lines.Select(l => new InvoiceDocumentLine(l.Description, l.Quantity, l.UnitPrice, l.Amount, (int)l.Rate, l.Rate == ConsumptionTaxRate.Reduced8)).ToList(),
            invoice.RateTotals.Select(r => new InvoiceDocumentRateLine((int)r.Rate, r.Subtotal, r.Tax)).ToList(),
            invoice.Subtotal,
            invoice.Tax,
            invoice.Total,
            anyReduced ? $"{ReducedRateMarker}は軽減税率対象" : null);
    }
}
