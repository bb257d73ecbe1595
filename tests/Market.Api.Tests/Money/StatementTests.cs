using System.Net;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Money;
using Market.Domain.Tenancy;

namespace Market.Api.Tests.Money;

/// <summary>Workers read their earnings and 支払明細 by month (Japan time); agents read their totals.</summary>
public sealed class StatementTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    [Fact]
    public async Task EarningsAndPayouts_ByMonth_ShowWhatWasEarnedPaidAndStillOwed_MaskedAndOnlyTheCallers()
    {
        Factory.Clock.Set(new DateTimeOffset(2026, 11, 10, 9, 0, 0, Japan).ToUniversalTime());
        var world = await PayoutWorld.CreateAsync(Factory);
        var worker = await world.WorkerAsync("w1@pay.jp", accountNumber: "7654321");
        var other = await world.WorkerAsync("w2@pay.jp");
        await world.EarnAsync(worker, 4_000, new DateTimeOffset(2026, 10, 31, 23, 30, 0, Japan));
        await world.EarnAsync(worker, 2_500, new DateTimeOffset(2026, 11, 1, 0, 30, 0, Japan)); // still 31 October in UTC: November in Japan
        await world.EarnAsync(other, 9_999, new DateTimeOffset(2026, 11, 12, 10, 0, 0, Japan));
        Factory.Clock.Set(new DateTimeOffset(2026, 12, 1, 0, 30, 0, Japan).ToUniversalTime());
        await PayoutWorld.RunAsync(Factory);
        await world.EarnAsync(worker, 700, new DateTimeOffset(2026, 12, 2, 10, 0, 0, Japan));
        var client = await Factory.ClientForAsync("w1@pay.jp", TestData.Password);

        var october = await (await client.GetAsync("/api/v1/me/earnings?month=2026-10")).JsonAsync();
        var november = await (await client.GetAsync("/api/v1/me/earnings?month=2026-11")).JsonAsync();
        var decemberPayouts = await (await client.GetAsync("/api/v1/me/payouts?month=2026-12")).JsonAsync();
        var decemberText = await (await client.GetAsync("/api/v1/me/payouts?month=2026-12")).Content.ReadAsStringAsync();

        Assert.Equal(4_000, october.GetProperty("gross").GetInt64());
        Assert.Equal(4_000, november.GetProperty("openingBalance").GetInt64());
        Assert.Equal(2_500, november.GetProperty("gross").GetInt64());
        Assert.Equal(6_500, november.GetProperty("closingBalance").GetInt64());
        Assert.Equal(6_500, decemberPayouts.GetProperty("openingBalance").GetInt64());
        Assert.Equal(6_500, decemberPayouts.GetProperty("paidOut").GetInt64()); // the transfer was posted on 1 Dec, paid on the 25th
        Assert.Equal(700, decemberPayouts.GetProperty("closingBalance").GetInt64());
        var transferLine = Assert.Single(decemberPayouts.GetProperty("lines").EnumerateArray(), l => l.GetProperty("kind").GetString() == "Payout");
        Assert.Equal("2026-12-25", transferLine.GetProperty("paymentDate").GetString()); // what the line was: that batch's transfer
        Assert.Equal("Monthly", transferLine.GetProperty("schedule").GetString());
        var payout = Assert.Single(decemberPayouts.GetProperty("payouts").EnumerateArray());
        Assert.Equal("2026-12-25", payout.GetProperty("paymentDate").GetString());
        Assert.Equal(6_500, payout.GetProperty("amount").GetInt64());
        Assert.Equal("****321", payout.GetProperty("accountNumber").GetString());
        Assert.DoesNotContain("7654321", decemberText, StringComparison.Ordinal);
        Assert.DoesNotContain("9999", decemberText, StringComparison.Ordinal); // the other worker's money
        await (await client.GetAsync("/api/v1/me/earnings?month=2026-13")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        await TestData.UserAsync(Factory, "coord@pay.jp", Roles.AgentCoordinator, world.Agent.Id);
        var coordinator = await Factory.ClientForAsync("coord@pay.jp", TestData.Password);
        var totals = await (await coordinator.GetAsync($"/api/v1/agents/{world.Agent.Id}/money-totals")).JsonAsync();
        Assert.Equal(4_000 + 2_500 + 9_999 + 700, totals.GetProperty("agentCost").GetInt64());
        Assert.Equal(700, totals.GetProperty("workerPayable").GetInt64()); // both were paid at November's close
        Assert.Equal(-(6_500 + 9_999), totals.GetProperty("agentBank").GetInt64());
        await (await client.GetAsync($"/api/v1/agents/{world.Agent.Id}/money-totals")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        // The agent's totals by month (Japan time): what each account moved in it.
        var octoberTotals = await (await coordinator.GetAsync($"/api/v1/agents/{world.Agent.Id}/money-totals?month=2026-10")).JsonAsync();
        var novemberTotals = await (await coordinator.GetAsync($"/api/v1/agents/{world.Agent.Id}/money-totals?month=2026-11")).JsonAsync();
        var decemberTotals = await (await coordinator.GetAsync($"/api/v1/agents/{world.Agent.Id}/money-totals?month=2026-12")).JsonAsync();
        Assert.Equal("2026-11", novemberTotals.GetProperty("month").GetString());
        Assert.Equal(4_000, octoberTotals.GetProperty("agentCost").GetInt64());
        Assert.Equal(2_500 + 9_999, novemberTotals.GetProperty("agentCost").GetInt64());
        Assert.Equal(2_500 + 9_999, novemberTotals.GetProperty("workerPayable").GetInt64());
        Assert.Equal(0, novemberTotals.GetProperty("agentBank").GetInt64()); // November's close was paid in December
        Assert.Equal(700, decemberTotals.GetProperty("agentCost").GetInt64());
        Assert.Equal(-(6_500 + 9_999), decemberTotals.GetProperty("agentBank").GetInt64());
        Assert.Equal(700 - (6_500 + 9_999), decemberTotals.GetProperty("workerPayable").GetInt64());
        Assert.Equal(
            totals.GetProperty("agentCost").GetInt64(),
            new[] { octoberTotals, novemberTotals, decemberTotals }.Sum(t => t.GetProperty("agentCost").GetInt64()));
        await (await coordinator.GetAsync($"/api/v1/agents/{world.Agent.Id}/money-totals?month=2026-13")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}
