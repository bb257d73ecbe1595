using Market.Api.Features.Money.Payouts;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Money;

namespace Market.Api.Tests.Money;

/// <summary>
/// Two API nodes run the payout job against one database at the same time, and one of them dies in the middle of a
/// batch: still exactly one batch per agent and cut-off, one payout per worker, every payout posted once, and the
/// ledger balanced.
/// </summary>
public sealed class PayoutConcurrencyTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const int WorkersPerAgent = 6;

    [Fact]
    public async Task TwoNodesAtOnce_OneKilledMidBatch_PayEveryWorkerOnce_OneBatchPerCutoff_AndTheLedgerBalances()
    {
        var race = await PayoutRace.CreateAsync(
            Factory, WorkersPerAgent, (a, w) => $"w{w}@agent{a}.jp", (a, w) => $"{a}00000{w}", (a, w) => 1_000 + (a * 100) + (w * 111));

        await using var nodeA = new PayoutRace.HookedNode(Factory.ConnectionString, PayoutRunHooks.None);
        await using var nodeB = new PayoutRace.HookedNode(Factory.ConnectionString, new PayoutRace.KillAfter(3),
            new Dictionary<string, string?> { ["Money:PayoutAgentsAtOnce"] = "1" }); // one agent at a time, so the payout it dies at is always the same one
        nodeA.Clock.Set(PayoutRace.AfterNovember);
        nodeB.Clock.Set(PayoutRace.AfterNovember);

        // Node B dies while posting its first batch, before the commit: the batch is one ledger transaction (ADR 0048), so
        // none of its payouts is in the ledger and the batch is left built but not posted.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PayoutWorld.RunAsync(nodeB));
        var halfDone = Assert.Single(await race.BatchesAsync(), b => b.Status == PayoutBatchStatus.Building);
        Assert.Equal(WorkersPerAgent, halfDone.Payouts.Count);
        Assert.Empty(await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Payout));

        // Both nodes at once (node B restarted): they post the built batch and build the rest between them.
        var runs = await Task.WhenAll(PayoutWorld.RunAsync(nodeA), PayoutWorld.RunAsync(nodeB));
        var again = await Task.WhenAll(PayoutWorld.RunAsync(nodeA), PayoutWorld.RunAsync(nodeB));

        Assert.Equal(2 * WorkersPerAgent, runs.Sum(r => r.PayoutsPosted));
        Assert.All(again, r => Assert.Equal(new PayoutRunSummary(0, 0, 0), r));
        await race.AssertEveryWorkerPaidOnceAsync();
    }
}
