using Market.Api.Features.Money.BankAccounts;
using Market.Api.Features.Money.Invoices;
using Market.Api.Features.Money.Statements;
using Market.Api.Features.Money.Payouts;
using Market.Api.Features.Money.Settings;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Domain.Money;
using MediatR;

namespace Market.Api.Features.Money;

public static class MoneyEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var me = v1.MapGroup("/me").WithTags("Money").RequireAuthorization(Policies.Worker);
        me.MapGet("/bank-account", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyBankAccount(), ct)))
            .WithName("GetMyBankAccount")
            .WithSummary("The account the caller is paid into, number masked to its last three digits.");
        me.MapPut("/bank-account", async (BankAccountBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SetMyBankAccount(body), ct)))
            .WithName("SetMyBankAccount")
            .WithSummary("Give or replace the account the caller is paid into: bank and branch must be in the Zengin code list, the holder's name in kana.");
        me.MapGet("/payout-schedule", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyPayoutSchedule(), ct)))
            .WithName("GetMyPayoutSchedule")
            .WithSummary("How often the caller is paid, and what their tier allows.");
        me.MapPut("/payout-schedule", async (PayoutScheduleBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SetMyPayoutSchedule(body.Schedule), ct)))
            .WithName("SetMyPayoutSchedule")
            .WithSummary("Choose Monthly, SemiMonthly (tier A and up) or Daily (tier S); 409 payout_schedule_not_allowed otherwise.");

        var agent = v1.MapGroup("/agents/{agentId:guid}").WithTags("Money").AddEndpointFilter(new TenantRouteFilter("agentId"));
        agent.MapGet("/money-settings", async (Guid agentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetAgentMoneySettings(agentId), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("GetAgentMoneySettings")
            .WithSummary("Registration number, invoice prefix, withheld job types and the Zengin requester (account masked).");
        agent.MapPut("/money-settings", async (Guid agentId, AgentMoneySettingsBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SetAgentMoneySettings(agentId, body), ct)))
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("SetAgentMoneySettings")
            .WithSummary("The owner sets the qualified-invoice registration number (T + 13 digits), invoice prefix, withheld job types and Zengin requester.");

        agent.MapGet("/payout-batches", async (Guid agentId, PayoutBatchStatus? status, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListPayoutBatches(agentId, status, page ?? 1, pageSize ?? 20), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("ListPayoutBatches")
            .WithSummary("The agent's payout batches, one per schedule and cut-off, newest first.");
        agent.MapGet("/payout-batches/{batchId:guid}", async (Guid agentId, Guid batchId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetPayoutBatch(agentId, batchId), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("GetPayoutBatch")
            .WithSummary("A batch's payouts (accounts masked) and the dues carried forward.");
        agent.MapGet("/payout-batches/{batchId:guid}/zengin", async (Guid agentId, Guid batchId, IMediator mediator, CancellationToken ct) =>
            {
                var file = await mediator.Send(new DownloadZenginFile(agentId, batchId), ct);
                return TypedResults.File(file.Content, "text/plain; charset=shift_jis", file.FileName);
            })
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("DownloadZenginFile")
            .WithSummary("The Zengin (全銀) bulk-transfer file for the agent's bank: Shift_JIS, 120-byte records, CR LF.");
        agent.MapPost("/payout-batches/{batchId:guid}/confirm", async (Guid agentId, Guid batchId, ConfirmBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ConfirmPayoutBatch(agentId, batchId, body.Failures ?? []), ct)))
            .AddEndpointFilter<IdempotencyFilter>()
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("ConfirmPayoutBatch")
            .WithSummary("The bank made the transfers; failed ones are reversed and paid in the next batch. Accepts Idempotency-Key.");

        agent.MapGet("/money-totals", async (Guid agentId, string? month, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetMoneyTotals(agentId, month), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("GetMoneyTotals")
            .WithSummary("The agent's balances per account (receivables, revenue, cost, owed to workers, taxes payable, bank); with month=yyyy-MM, that month's movements.");
        agent.MapPost("/client-payments", async (Guid agentId, ClientPaymentBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RecordClientPayment(agentId, body.ClientId, body.Amount, body.BankReference), ct)))
            .AddEndpointFilter<IdempotencyFilter>()
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("RecordClientPayment")
            .WithSummary("A client's payment reached the agent's bank (whole yen, keyed by the bank reference). Accepts Idempotency-Key.");

        agent.MapPost("/invoices", async (Guid agentId, IssueInvoiceBody body, IMediator mediator, CancellationToken ct) =>
            {
                var invoice = await mediator.Send(new IssueInvoice(agentId, body.JobId, body.ClientId, body.Month), ct);
                return TypedResults.Created($"/api/v1/agents/{agentId}/invoices/{invoice.Id}", invoice);
            })
            .AddEndpointFilter<IdempotencyFilter>()
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("IssueInvoice")
            .WithSummary("Issue a qualified invoice for one accepted job, or for a client's accepted jobs of a month. Accepts Idempotency-Key.");
        MapInvoiceReads(agent, Policies.AgentManager, issuer: true);

        var client = v1.MapGroup("/clients/{clientId:guid}").WithTags("Money").AddEndpointFilter(new TenantRouteFilter("clientId"));
        MapInvoiceReads(client, Policies.ClientMember, issuer: false);

        me.MapGet("/earnings", async (string? month, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyEarnings(month), ct)))
            .WithName("GetMyEarnings")
            .WithSummary("The caller's earnings in a month (Japan time, default this month): pay, withholding, reversals.");
        me.MapGet("/payouts", async (string? month, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyPayouts(month), ct)))
            .WithName("GetMyPayouts")
            .WithSummary("The caller's 支払明細 for a month: opening balance, earnings, withholding, transfers, closing balance.");
    }

    /// <summary>The same invoice reads for the issuing agent and the receiving client, each scoped to its own tenant.</summary>
    private static void MapInvoiceReads(RouteGroupBuilder group, string policy, bool issuer)
    {
        var who = issuer ? "Agent" : "Client";
        (Guid? Agent, Guid? Client) Scope(HttpContext http)
        {
            var tenant = Guid.Parse((string)http.GetRouteValue(issuer ? "agentId" : "clientId")!);
            return issuer ? (tenant, null) : (null, tenant);
        }

        group.MapGet("/invoices", async (HttpContext http, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                var (agent, client) = Scope(http);
                return TypedResults.Ok(await mediator.Send(new ListInvoices(agent, client, page ?? 1, pageSize ?? 20), ct));
            })
            .RequireAuthorization(policy)
            .WithName($"List{who}Invoices")
            .WithSummary("Qualified invoices, newest first.");
        group.MapGet("/invoices/{invoiceId:guid}", async (HttpContext http, Guid invoiceId, IMediator mediator, CancellationToken ct) =>
            {
                var (agent, client) = Scope(http);
                return TypedResults.Ok(await mediator.Send(new GetInvoice(agent, client, invoiceId), ct));
            })
            .RequireAuthorization(policy)
            .WithName($"Get{who}Invoice")
            .WithSummary("A qualified invoice: issuer and registration number, dates, lines, tax per rate, total.");
        foreach (var format in new[] { InvoiceFormat.Html, InvoiceFormat.Csv })
        {
            var extension = format.ToString().ToLowerInvariant();
            group.MapGet($"/invoices/{{invoiceId:guid}}.{extension}", async (HttpContext http, Guid invoiceId, IMediator mediator, CancellationToken ct) =>
                {
                    var (agent, client) = Scope(http);
                    var rendered = await mediator.Send(new RenderInvoice(agent, client, invoiceId, format), ct);
                    return format == InvoiceFormat.Html
                        ? (IResult)TypedResults.Bytes(rendered.Content, rendered.ContentType)
                        : TypedResults.File(rendered.Content, rendered.ContentType, rendered.FileName);
                })
                .RequireAuthorization(policy)
                .WithName($"Get{who}Invoice{format}")
                .WithSummary(format == InvoiceFormat.Html ? "The printable invoice." : "The invoice as CSV (UTF-8 with BOM).");
        }
    }
}
