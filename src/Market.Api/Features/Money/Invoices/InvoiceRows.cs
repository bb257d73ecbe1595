using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;

namespace Market.Api.Features.Money.Invoices;

internal static class InvoiceRows
{
    public static InvoiceRow From(Invoice invoice, string? period, LedgerTransactionId posting, IEnumerable<JobId> jobIds)
    {
        var id = Guid.CreateVersion7(invoice.IssuedAt);
        return new InvoiceRow
        {
            Id = id,
            AgentId = invoice.Issuer.AgentId,
            ClientId = invoice.Recipient.ClientId,
            Kind = period is null ? InvoiceKind.Job : InvoiceKind.Monthly,
            Period = period,
            Number = invoice.Number.ToString(),
            Prefix = invoice.Number.Prefix,
            Sequence = invoice.Number.Sequence,
            IssueDate = invoice.IssueDate,
            SupplyFrom = invoice.SupplyFrom,
            SupplyTo = invoice.SupplyTo,
            IssuerName = invoice.Issuer.Name,
            RegistrationNumber = invoice.Issuer.RegistrationNumber.Value,
            RecipientName = invoice.Recipient.Name,
            Lines = invoice.Lines.Select(l => new InvoiceLineRecord(l.Description, l.Quantity, l.UnitPrice.Amount, l.Rate)).ToList(),
            Subtotal = invoice.Subtotal.Amount,
            Tax = invoice.Tax.Amount,
            Total = invoice.Total.Amount,
            IssuedAt = invoice.IssuedAt,
            LedgerTransactionId = posting.Value,
            Jobs = jobIds.Select(j => new InvoiceJobRow { JobId = j, InvoiceId = id }).ToList(),
        };
    }

    /// <summary>The invoice as the domain computes it from what was stored; refused if the stored totals disagree.</summary>
    public static Invoice ToDomain(InvoiceRow row)
    {
        var invoice = Invoice.Issue(
            new InvoiceIssuer(row.AgentId, row.IssuerName, Registration(row.RegistrationNumber), row.Prefix),
            new InvoiceRecipient(row.ClientId, row.RecipientName),
            row.Sequence,
            row.IssueDate,
            row.SupplyFrom,
            row.SupplyTo,
            row.Lines.Select(l => new InvoiceLine(l.Description, l.Quantity, new Yen(l.UnitPrice), l.Rate)),
            row.IssuedAt);
        if (invoice.Total.Amount != row.Total || invoice.Tax.Amount != row.Tax || invoice.Number.ToString() != row.Number)
        {
            throw new InvalidOperationException($"Stored invoice {row.Number} does not add up.");
        }

        return invoice;
    }

    /// <summary>A stored number was checked when it was set; a corporation's carries its check digit.</summary>
    public static RegistrationNumber Registration(string value) =>
        value.Length == 14 && value[1] - '0' == RegistrationNumber.CorporateCheckDigit(value[2..])
            ? RegistrationNumber.ForCorporation(value)
            : RegistrationNumber.ForIndividual(value);
}
