using Market.Api.Features.Money.Ledger;
using Market.Api.Features.Money.Payouts;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Common;
using Market.Domain.Money;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Money;

/// <summary>
/// The payout run's one-pass dues (<see cref="PayoutDuesQuery"/>, ADR 0044) against the domain's rule
/// (<see cref="PayoutDues.AtCutoff"/>) over the same stored ledger, at closes before, between and after every
/// transaction: earnings, a reversal after the close of an earning before it, a reversal of an earning after the close,
/// a payout posted late and its failed transfer, and another agent's earnings that must not count.
/// </summary>
public sealed class PayoutDuesQueryTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, Japan).ToUniversalTime();

    [Fact]
    public async Task OnePass_GivesTheDomainsDues_AtEveryClose()
    {
        Factory.Clock.Set(Start);
        var world = await PayoutWorld.CreateAsync(Factory);
        var other = await PayoutWorld.CreateAsync(Factory, "NPO法人 こだま");
        var a = await world.WorkerAsync("a@dues.jp");
        var b = await world.WorkerAsync("b@dues.jp");
        var c = await world.WorkerAsync("c@dues.jp");
        var d = await world.WorkerAsync("d@dues.jp");
        var elsewhere = await other.WorkerAsync("x@dues.jp");
        var agent = world.Agent.Id;
        var account = BankAccount.Create("0009", "005", BankAccountType.Ordinary, "0123457", "ﾔﾏﾀﾞ ﾀﾛｳ", null, null);

        await PostAsync(Earning(agent, a, 1_500, Start.AddDays(1), "a1"));
        var early = Earning(agent, b, 2_000, Start.AddDays(1), "b1");
        await PostAsync(early);
        await PostAsync(Earning(agent, c, 800, Start.AddDays(2), "c1"));
        await PostAsync(Earning(agent, d, 1_200, Start.AddDays(2), "d1"));
        var late = Earning(agent, a, 700, Start.AddDays(5), "a2");
        await PostAsync(late);
        await PostAsync(Earning(other.Agent.Id, elsewhere, 3_000, Start.AddDays(1), "x1"));
        // Reversed after the close of days 1–4: the earning of day 1 no longer counts at any close; nor does day 5's.
        await PostAsync(early.Reverse(Start.AddDays(6), "取消"));
        await PostAsync(late.Reverse(Start.AddDays(6), "取消"));
        // One batch transaction (ADR 0048) paying c and d, dated day 7, counts at every close (payouts always do); c's
        // failed transfer too, and it returns only c's amount.
        var batch = PayoutBatch.Build(agent, new PayoutCutoff(PayoutSchedule.Monthly, new DateOnly(2026, 11, 30)), new DateOnly(2026, 12, 1),
            [new WorkerDue(c, new Yen(800), account), new WorkerDue(d, new Yen(1_200), account)], isMonthEnd: true, Start.AddDays(7));
        await PostAsync(batch.PostingTransaction()!);
        batch.MarkPosted(Start.AddDays(7));
        batch.IssueFile(new ZenginRequester(PayoutWorld.RequesterCode, "ﾔﾏﾋﾞｺ", account), Start.AddDays(7));
        await PostAsync(Earning(agent, c, 300, Start.AddDays(8), "c2"));
        await PostAsync(batch.MarkFailed(c, "口座なし", Start.AddDays(9)));

        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var ledger = (await db.LedgerTransactions.IgnoreQueryFilters().AsNoTracking().Include(t => t.Entries).ToListAsync()).Select(t => t.ToDomain()).ToList();
        var closes = Enumerable.Range(0, 12).Select(d => Start.AddDays(d).AddHours(-1)).Append(Start.AddDays(1)).Append(Start.AddDays(5)).ToList();
        foreach (var earliest in new[] { closes.Min(), Start.AddDays(3) })
        {
            var pass = await PayoutDuesQuery.ReadAsync(db, agent, earliest, CancellationToken.None);
            foreach (var close in closes.Where(x => x >= earliest))
            {
                var expected = PayoutDues.AtCutoff(ledger, agent, close);
                var actual = pass.At(close);
                Assert.True(
                    expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out var v) && v == e.Value),
                    $"close {close:O} (pass from {earliest:O}): domain [{string.Join(", ", expected.Select(e => $"{e.Key}={e.Value.Amount}"))}], query [{string.Join(", ", actual.Select(e => $"{e.Key}={e.Value.Amount}"))}]");
            }
        }

        // The cases are really there: b's reversed earning is owed at no close; c is owed 300 after day 8's earning plus the
        // failed 800; d, paid in the same batch transaction, is owed nothing after it (the failure returned only c's amount).
        Assert.DoesNotContain(b, PayoutDues.AtCutoff(ledger, agent, Start.AddDays(3)).Keys);
        Assert.Equal(new Yen(1_100), PayoutDues.AtCutoff(ledger, agent, Start.AddDays(11))[c]);
        Assert.DoesNotContain(d, PayoutDues.AtCutoff(ledger, agent, Start.AddDays(11)).Keys);
        Assert.Single(ledger, t => t.Kind == LedgerTransactionKind.Payout);
        Assert.Equal(new Yen(1_500), PayoutDues.AtCutoff(ledger, agent, Start.AddDays(5).AddHours(1))[a]);
    }

    private static LedgerTransaction Earning(Guid agent, Guid worker, long yen, DateTimeOffset at, string key) =>
        LedgerTransaction.Create(LedgerTransactionKind.Earning, $"earning:dues-test:{key}", at, "受入報酬",
        [
            LedgerEntry.Debit(LedgerAccount.AgentCost(agent), new Yen(yen)),
            LedgerEntry.Credit(LedgerAccount.WorkerPayable(agent, worker), new Yen(yen)),
        ]);

    private Task PostAsync(LedgerTransaction transaction) => MoneyTestKit.PostAsync(Factory, transaction);
}
