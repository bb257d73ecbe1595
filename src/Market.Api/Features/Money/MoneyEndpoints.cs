using Market.Api.Features.Money.BankAccounts;
using Market.Api.Features.Money.Payouts;
using Market.Api.Features.Money.Settings;
using Market.Api.Identity;
using Market.Api.Infrastructure;
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
    }
}
