using System.Globalization;
using FluentValidation;
using Market.Api.Features.Money.Ledger;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Money.Invoices;

/// <summary>Either <see cref="JobId"/> (one delivered-and-accepted job) or <see cref="ClientId"/> and <see cref="Month"/> (yyyy-MM).</summary>
public sealed record IssueInvoiceBody(Guid? JobId, Guid? ClientId, string? Month);

/// <summary>
/// The agent issues a qualified invoice to a client: for one accepted job, or for all of a client's jobs accepted in a
/// month (Japan time) not invoiced yet. The number is the agent's next, gapless; the invoice posts
/// <c>Dr ClientReceivable / Cr AgentRevenue / Cr ConsumptionTaxPayable</c> in the same transaction.
/// </summary>
public sealed record IssueInvoice(Guid AgentId, Guid? JobId, Guid? ClientId, string? Month) : ICommand<InvoiceView>;

public sealed class IssueInvoiceValidator : AbstractValidator<IssueInvoice>
{
    public IssueInvoiceValidator()
    {
        RuleFor(r => r).Must(r => (r.JobId is not null) != (r.ClientId is not null || r.Month is not null))
            .WithName("jobId").WithMessage("Give a jobId, or a clientId and a month — not both.");
        When(r => r.JobId is null, () =>
        {
            RuleFor(r => r.ClientId).NotEmpty();
            RuleFor(r => r.Month).NotEmpty().Matches("^[0-9]{4}-(0[1-9]|1[0-2])$").WithMessage("A month is written yyyy-MM.");
        });
    }
}

public sealed class IssueInvoiceHandler(MarketDbContext db, LedgerBook ledger, AuditLog audit, TimeProvider clock) : IRequestHandler<IssueInvoice, InvoiceView>
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    public async Task<InvoiceView> Handle(IssueInvoice request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToOffset(Japan).DateTime);
        var issuer = await IssuerAsync(request.AgentId, cancellationToken);

        List<Job> jobs;
        Guid clientId;
        DateOnly supplyFrom, supplyTo;
        string? period = null;
        if (request.JobId is { } jobId)
        {
            var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == new JobId(jobId) && j.ContractedAgentId == request.AgentId, cancellationToken)
                      ?? throw new NotFoundException("job_not_found", "No such job contracted to this agent.");
            InvoiceLine.ForAcceptedJob(job); // refuses a job the client has not accepted
            Guard.Against(
                await db.InvoiceJobs.AnyAsync(i => i.JobId == job.Id, cancellationToken),
                "invoice_job_already_invoiced",
                "This job is already on an invoice.");
            jobs = [job];
            clientId = job.ClientId;
            supplyFrom = supplyTo = DateOnly.FromDateTime(job.AcceptedAt!.Value.ToOffset(Japan).DateTime);
        }
        else
        {
            clientId = request.ClientId!.Value;
            var month = DateOnly.ParseExact(request.Month! + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var from = new DateTimeOffset(month.ToDateTime(TimeOnly.MinValue), Japan);
            var to = from.AddMonths(1);
            Guard.Against(to > now, "invoice_month_not_over", "A month is invoiced once it is over.");
            jobs = await db.Jobs.AsNoTracking()
                .Where(j => j.ContractedAgentId == request.AgentId && j.ClientId == clientId
                            && (j.Status == JobStatus.Accepted || j.Status == JobStatus.Closed)
                            && j.AcceptedAt >= from && j.AcceptedAt < to
                            && !db.InvoiceJobs.Any(i => i.JobId == j.Id))
                .OrderBy(j => j.AcceptedAt)
                .ToListAsync(cancellationToken);
            Guard.Against(jobs.Count == 0, "invoice_nothing_to_invoice", "The client has no accepted job in that month that is not invoiced yet.");
            supplyFrom = month;
            supplyTo = month.AddMonths(1).AddDays(-1);
            period = request.Month;
        }

        var client = await db.ClientFirms.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken)
                     ?? throw new NotFoundException("client_not_found", "No such client.");
        var recipient = new InvoiceRecipient(client.Id, client.Name);
        var lines = jobs.Select(InvoiceLine.ForAcceptedJob).ToList();

        // Last, when nothing else can refuse: the counter row stays locked until commit, and a rollback returns the number.
        var sequence = await NextSequenceAsync(request.AgentId, cancellationToken);
        var invoice = Invoice.Issue(issuer, recipient, sequence, today, supplyFrom, supplyTo, lines, now);
        var posting = invoice.PostingTransaction();
        await ledger.PostAsync(posting, cancellationToken);
        var row = InvoiceRows.From(invoice, period, posting.Id, jobs.Select(j => j.Id));
        db.Invoices.Add(row);
        audit.Record("invoice.issued", "invoice", row.Id.ToString(), new { number = row.Number, total = row.Total, jobs = jobs.Count }, request.AgentId);
        await db.SaveChangesAsync(cancellationToken);
        return InvoiceView.Of(row);
    }

    private async Task<InvoiceIssuer> IssuerAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agentId, cancellationToken);
        var settings = await db.AgentMoneySettings.AsNoTracking().SingleOrDefaultAsync(s => s.AgentId == agentId, cancellationToken);
        Guard.Against(
            settings is not { RegistrationNumber: not null, InvoicePrefix: not null },
            "invoice_issuer_not_configured",
            "Set the agent's registration number and invoice prefix in its money settings first.");
        return new InvoiceIssuer(agentId, agent.Name, InvoiceRows.Registration(settings!.RegistrationNumber!), settings.InvoicePrefix!);
    }

    // An upsert is not composable SQL, so it is read as a list rather than with SingleAsync.
    private async Task<int> NextSequenceAsync(Guid agentId, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<int>(
                $"""
                 INSERT INTO invoice_counters (agent_id, last_sequence) VALUES ({agentId}, 1)
                 ON CONFLICT (agent_id) DO UPDATE SET last_sequence = invoice_counters.last_sequence + 1
                 RETURNING last_sequence AS "Value"
                 """)
            .ToListAsync(cancellationToken)).Single();
}
