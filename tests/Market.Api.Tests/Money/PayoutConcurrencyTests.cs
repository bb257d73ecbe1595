using Market.Api.Features.Money.Payouts;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Money;

namespace Market.Api.Tests.Money;

/// <summary>
/// Two API nodes run the payout job against one database at the same time, and one of them dies in the middle of a
/// batch, or finds a batch a run before ADR 0050 left built but not posted: still exactly one batch per agent and
/// cut-off, one payout per worker, every payout posted once, and the ledger balanced.
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

        // Node B dies while posting its first batch, before the commit: the agent's batches are built, posted and issued in
        // one transaction (ADR 0050), so nothing of them is left — no batch, no payout in the ledger.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PayoutWorld.RunAsync(nodeB));
        Assert.Empty(await race.BatchesAsync());
        Assert.Empty(await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Payout));

        // Both nodes at once (node B restarted): they pay both agents between them.
        var runs = await Task.WhenAll(PayoutWorld.RunAsync(nodeA), PayoutWorld.RunAsync(nodeB));
        var again = await Task.WhenAll(PayoutWorld.RunAsync(nodeA), PayoutWorld.RunAsync(nodeB));

        Assert.Equal(2 * WorkersPerAgent, runs.Sum(r => r.PayoutsPosted));
        Assert.All(again, r => Assert.Equal(new PayoutRunSummary(0, 0, 0), r));
        await race.AssertEveryWorkerPaidOnceAsync();
    }

    [Fact]
    public async Task ABatchARunBeforeAdr0050LeftBuilt_IsPostedOnce_ByTwoNodesAtOnce()
    {
        var race = await PayoutRace.CreateAsync(
            Factory, WorkersPerAgent, (a, w) => $"v{w}@agent{a}.jp", (a, w) => $"{a}20000{w}", (a, w) => 1_200 + (a * 100) + (w * 53));
        await using var nodeA = new PayoutRace.HookedNode(Factory.ConnectionString, PayoutRunHooks.None);
        await using var nodeB = new PayoutRace.HookedNode(Factory.ConnectionString, PayoutRunHooks.None);
        nodeA.Clock.Set(PayoutRace.AfterNovember);
        nodeB.Clock.Set(PayoutRace.AfterNovember);
        await PayoutWorld.RunAsync(nodeA);

        // What a run before ADR 0050 left when it died between building the first agent's batch (its own commit then) and
        // posting it: the batch Building, its payouts stored, none of them in the ledger, the workers owed again.
        var first = race.Worlds[0].Agent.Id;
        var left = Assert.Single(await race.BatchesAsync(), b => b.AgentId == first && b.PayoutCount > 0);
        await race.ExecuteBypassingTriggersAsync($"""
            DELETE FROM ledger_entries WHERE transaction_id = (SELECT id FROM ledger_transactions WHERE idempotency_key = 'payout:{left.Id}');
            DELETE FROM ledger_transactions WHERE idempotency_key = 'payout:{left.Id}';
            UPDATE payout_batches SET status = {(int)PayoutBatchStatus.Building}, posted_at = NULL, file_issued_at = NULL WHERE id = '{left.Id}';
            """);
        Assert.Equal(WorkersPerAgent, await race.ScalarAsync(
            $"SELECT count(*) FROM ledger_entries e WHERE e.agent_id = '{first}' AND e.account_kind = {(int)LedgerAccountKind.WorkerPayable} AND e.side = {(int)EntrySide.Credit}"));
        Assert.Single(await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Payout)); // the second agent's

        var runs = await Task.WhenAll(PayoutWorld.RunAsync(nodeA), PayoutWorld.RunAsync(nodeB));

        Assert.Equal(WorkersPerAgent, runs.Sum(r => r.PayoutsPosted));
        Assert.Equal(0, runs.Sum(r => r.BatchesBuilt));
        await race.AssertEveryWorkerPaidOnceAsync();
    }
}
