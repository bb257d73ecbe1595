using Market.Api.Features.Money.BankAccounts;
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
    }
}
