using Market.Domain.Common;
using Market.Domain.Jobs;

namespace Market.Domain.Money;

/// <summary>Consumption tax rates; the value is the percentage.</summary>
public enum ConsumptionTaxRate
{
    /// <summary>軽減税率 8 % (food and newspapers; not expected for this work, but an invoice must keep rates apart).</summary>
    Reduced8 = 8,

    /// <summary>標準税率 10 %.</summary>
    Standard10 = 10,
}

/// <summary>The agent issuing the invoice, as the qualified invoice names it.</summary>
public sealed record InvoiceIssuer
{
    public const int MaxNameLength = 200;

    public InvoiceIssuer(Guid agentId, string name, RegistrationNumber registrationNumber, string invoicePrefix)
    {
        if (agentId == Guid.Empty)
        {
            throw new ArgumentException("An issuer is an agent.", nameof(agentId));
        }

        Name = RequiredText.Of(name, "invoice_issuer_name_required", "The issuer's name is required.");
        if (Name.Length > MaxNameLength)
        {
            throw new UnprocessableInputException("invoice_issuer_name_too_long", $"A name has at most {MaxNameLength} characters.");
        }

        if (registrationNumber.Value is null)
        {
            throw new UnprocessableInputException(RegistrationNumber.InvalidCode, "A qualified invoice needs the issuer's registration number.");
        }

        if (!InvoiceNumber.IsValidPrefix(invoicePrefix))
        {
            throw new UnprocessableInputException("invoice_prefix_invalid", "An invoice prefix is 2–8 upper-case letters or digits, starting with a letter.");
        }

        AgentId = agentId;
        RegistrationNumber = registrationNumber;
        InvoicePrefix = invoicePrefix;
    }

    public Guid AgentId { get; }

    public string Name { get; }

    public RegistrationNumber RegistrationNumber { get; }

    public string InvoicePrefix { get; }
}

/// <summary>The client receiving the invoice (書類の交付を受ける事業者).</summary>
public sealed record InvoiceRecipient
{
    public InvoiceRecipient(Guid clientId, string name)
    {
        if (clientId == Guid.Empty)
        {
            throw new ArgumentException("A recipient is a client.", nameof(clientId));
        }

        ClientId = clientId;
        Name = RequiredText.Of(name, "invoice_recipient_name_required", "The client's name is required.");
        if (Name.Length > InvoiceIssuer.MaxNameLength)
        {
            throw new UnprocessableInputException("invoice_recipient_name_too_long", $"A name has at most {InvoiceIssuer.MaxNameLength} characters.");
        }
    }

    public Guid ClientId { get; }

    public string Name { get; }
}

/// <summary>One line of an invoice; its amount is before consumption tax.</summary>
public sealed record InvoiceLine
{
    public const int MaxDescriptionLength = 200;
    public const int MaxQuantity = 1_000_000;

    public InvoiceLine(string description, int quantity, Yen unitPrice, ConsumptionTaxRate rate = ConsumptionTaxRate.Standard10)
    {
        Description = RequiredText.Of(description, "invoice_line_description_required", "Every line needs a description.");
        if (Description.Length > MaxDescriptionLength)
        {
            throw new UnprocessableInputException("invoice_line_description_too_long", $"A line's description has at most {MaxDescriptionLength} characters.");
        }

        if (quantity is < 1 or > MaxQuantity)
        {
            throw new UnprocessableInputException("invoice_line_quantity_invalid", "A line's quantity is a whole number from 1 to 1,000,000.");
        }

        if (!unitPrice.IsPositive)
        {
            throw new UnprocessableInputException("invoice_line_amount_not_positive", "A line's unit price must be more than ¥0.");
        }

        if (!Enum.IsDefined(rate))
        {
            throw new UnprocessableInputException("invoice_tax_rate_unknown", "Unknown consumption tax rate.");
        }

        Quantity = quantity;
        UnitPrice = unitPrice;
        Rate = rate;
    }

    public string Description { get; }

    public int Quantity { get; }

    public Yen UnitPrice { get; }

    public ConsumptionTaxRate Rate { get; }

    public Yen Amount => UnitPrice * Quantity;

    /// <summary>One line for a whole job the client has accepted, at the agreed price.</summary>
    public static InvoiceLine ForAcceptedJob(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Guard.Against(job.Status is not (JobStatus.Accepted or JobStatus.Closed), "invoice_job_not_accepted", "A job is invoiced once the client has accepted it.");
        return new InvoiceLine(job.Title.Length <= MaxDescriptionLength ? job.Title : job.Title[..MaxDescriptionLength], 1, job.AgreedPrice!.Value);
    }
}

/// <summary>What is invoiced at one rate: the subtotal before tax and the tax on it.</summary>
public sealed record InvoiceRateTotal(ConsumptionTaxRate Rate, Yen Subtotal, Yen Tax);

/// <summary>
/// A qualified invoice (適格請求書) from an agent to a client. Consumption tax is computed once per invoice per
/// rate, on that rate's subtotal, with the yen fraction cut off — the invoice system allows one rounding per
/// rate per invoice, never per line (three lines of ¥333 carry ¥99 of tax, not 3 × ¥33).
/// </summary>
public sealed class Invoice : AggregateRoot
{
    public const string KeyPrefix = "invoice:";

    private readonly List<InvoiceLine> _lines;

    private Invoice(InvoiceIssuer issuer, InvoiceRecipient recipient, InvoiceNumber number, DateOnly issueDate, DateOnly supplyFrom, DateOnly supplyTo, List<InvoiceLine> lines, DateTimeOffset now)
    {
        Issuer = issuer;
        Recipient = recipient;
        Number = number;
        IssueDate = issueDate;
        SupplyFrom = supplyFrom;
        SupplyTo = supplyTo;
        _lines = lines;
        IssuedAt = now;
        RateTotals = lines
            .GroupBy(l => l.Rate)
            .OrderByDescending(g => g.Key)
            .Select(g =>
            {
                var subtotal = Yen.Sum(g.Select(l => l.Amount));
                return new InvoiceRateTotal(g.Key, subtotal, subtotal.MultiplyByFraction((int)g.Key, 100));
            })
            .ToList();
    }

    public InvoiceIssuer Issuer { get; }

    public InvoiceRecipient Recipient { get; }

    public InvoiceNumber Number { get; }

    public DateOnly IssueDate { get; }

    /// <summary>The first day of the work invoiced (取引年月日: one day for a job, a month for a monthly invoice).</summary>
    public DateOnly SupplyFrom { get; }

    public DateOnly SupplyTo { get; }

    public IReadOnlyList<InvoiceLine> Lines => _lines;

    /// <summary>Per rate, highest rate first.</summary>
    public IReadOnlyList<InvoiceRateTotal> RateTotals { get; }

    public DateTimeOffset IssuedAt { get; }

    public Yen Subtotal => Yen.Sum(RateTotals.Select(r => r.Subtotal));

    public Yen Tax => Yen.Sum(RateTotals.Select(r => r.Tax));

    public Yen Total => Subtotal + Tax;

    public string IdempotencyKey => $"{KeyPrefix}{Issuer.AgentId}:{Number}";

    /// <param name="sequence">The next number of the issuer's gapless invoice sequence.</param>
    public static Invoice Issue(
        InvoiceIssuer issuer,
        InvoiceRecipient recipient,
        int sequence,
        DateOnly issueDate,
        DateOnly supplyFrom,
        DateOnly supplyTo,
        IEnumerable<InvoiceLine> lines,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(lines);
        var list = lines.ToList();
        if (list.Count == 0)
        {
            throw new UnprocessableInputException("invoice_no_lines", "An invoice needs at least one line.");
        }

        if (supplyTo < supplyFrom)
        {
            throw new UnprocessableInputException("invoice_supply_period_invalid", "The supply period ends before it starts.");
        }

        Guard.Against(issueDate < supplyFrom, "invoice_issued_before_supply", "An invoice is issued for work already supplied.");
        var invoice = new Invoice(issuer, recipient, InvoiceNumber.For(issuer.InvoicePrefix, issueDate, sequence), issueDate, supplyFrom, supplyTo, list, now);
        invoice.Raise(new InvoiceIssued(issuer.AgentId, recipient.ClientId, invoice.Number, invoice.Total, now));
        return invoice;
    }

    /// <summary>
    /// What the invoice posts:
    /// <code>
    ///   Dr ClientReceivable(agent, client)   total
    ///   Cr AgentRevenue(agent)               subtotal
    ///   Cr ConsumptionTaxPayable(agent)      tax      (only when tax &gt; 0)
    /// </code>
    /// </summary>
    public LedgerTransaction PostingTransaction()
    {
        var agentId = Issuer.AgentId;
        var entries = new List<LedgerEntry>
        {
            LedgerEntry.Debit(LedgerAccount.ClientReceivable(agentId, Recipient.ClientId), Total),
            LedgerEntry.Credit(LedgerAccount.AgentRevenue(agentId), Subtotal),
        };
        if (Tax.IsPositive)
        {
            entries.Add(LedgerEntry.Credit(LedgerAccount.ConsumptionTaxPayable(agentId), Tax));
        }

        return LedgerTransaction.Create(LedgerTransactionKind.Invoice, IdempotencyKey, IssuedAt, $"Invoice {Number} to {Recipient.Name}", entries);
    }

    public InvoiceDocument ToDocument() => InvoiceDocument.Of(this);
}

public sealed record InvoiceIssued(Guid AgentId, Guid ClientId, InvoiceNumber Number, Yen Total, DateTimeOffset OccurredAt) : IDomainEvent;
