using System.Net.Http.Json;
using System.Text;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Api.Tests.Money;
using Market.Domain.Money;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Reports;

/// <summary>
/// "Yen paid to local workers" in the impact reports is what the agents' confirmed transfers sent, in the month of the
/// payment date: nothing while the batch waits for confirmation, and a failed transfer never.
/// </summary>
public sealed class PaidOutImpactTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    [Fact]
    public async Task YenPaidOut_CountsConfirmedTransfers_InThePaymentMonth_LeavingFailedOnesOut()
    {
        Factory.Clock.Set(new DateTimeOffset(2026, 11, 10, 14, 0, 0, Japan));
        var world = await PayoutWorld.CreateAsync(Factory);
        var paid = await world.WorkerAsync("w1@pay.jp");
        var failed = await world.WorkerAsync("w2@pay.jp", accountNumber: "0000456");
        await world.EarnAsync(paid, 3_000, Factory.Clock.GetUtcNow());
        await world.EarnAsync(failed, 2_000, Factory.Clock.GetUtcNow());
        await TestData.UserAsync(Factory, "owner@pay.jp", Roles.AgentOwner, world.Agent.Id);
        await TestData.UserAsync(Factory, "op@platform.jp", Roles.PlatformAdmin, null);

        Factory.Clock.Set(new DateTimeOffset(2026, 12, 1, 0, 30, 0, Japan));
        var owner = await Factory.ClientForAsync("owner@pay.jp", TestData.Password);
        var operatorClient = await Factory.ClientForAsync("op@platform.jp", TestData.Password);
        await PayoutWorld.RunAsync(Factory);
        Guid batchId;
        using (var scope = NewScope())
        {
            var batch = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().PayoutBatches.IgnoreQueryFilters().AsNoTracking()
                .SingleAsync(b => b.AgentId == world.Agent.Id && b.Status == PayoutBatchStatus.FileIssued);
            Assert.Equal(new DateOnly(2026, 12, 25), batch.PaymentDate);
            batchId = batch.Id;
        }

        Assert.Equal(0L, await PaidOutAsync(operatorClient, "2026-12"));

        await (await owner.PostAsJsonAsync($"/api/v1/agents/{world.Agent.Id}/payout-batches/{batchId}/confirm",
            new { failures = new[] { new { workerId = failed, reason = "口座解約済み" } } })).JsonAsync();

        var report = await (await operatorClient.GetAsync("/api/v1/reports/regional-impact?from=2026-11&to=2026-12")).JsonAsync();
        var rows = report.GetProperty("rows").EnumerateArray()
            .Select(r => $"{r.GetProperty("month").GetString()} {r.GetProperty("municipality").GetString()} paid {r.GetProperty("yenPaidOut").GetInt64()}")
            .ToList();
        Assert.Equal(["2026-11 四万十町 paid 0", "2026-12 四万十町 paid 3000"], rows);
        Assert.Equal([0L, 3_000L], report.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("yenPaidOut").GetInt64()));

        var csv = Encoding.UTF8.GetString((await (await operatorClient.GetAsync("/api/v1/reports/regional-impact?from=2026-12&to=2026-12&format=csv")).Content.ReadAsByteArrayAsync())[3..])
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",yen_paid_out", csv[0]);
        Assert.EndsWith(",3000", csv[1]);

        var agent = await (await owner.GetAsync($"/api/v1/agents/{world.Agent.Id}/impact?from=2026-12&to=2026-12")).JsonAsync();
        Assert.Equal(3_000L, Assert.Single(agent.GetProperty("months").EnumerateArray()).GetProperty("yenPaidOut").GetInt64());
    }

    private static async Task<long> PaidOutAsync(HttpClient operatorClient, string month)
    {
        var report = await (await operatorClient.GetAsync($"/api/v1/reports/regional-impact?from={month}&to={month}")).JsonAsync();
        return Assert.Single(report.GetProperty("months").EnumerateArray()).GetProperty("yenPaidOut").GetInt64();
    }
}
