using System.Net;
using System.Net.Http.Json;
using System.Text;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Tenancy;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Money;

/// <summary>The payout job: one batch per agent and cut-off, one payout per worker, the ledger posted, the Zengin file, confirmation.</summary>
public sealed class PayoutTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    /// <summary>00:30 on 1 Dec 2026 in Japan: November's cut-offs have closed.</summary>
    private static readonly DateTimeOffset AfterNovember = new DateTimeOffset(2026, 12, 1, 0, 30, 0, Japan).ToUniversalTime();

    private static readonly DateTimeOffset MidNovember = new DateTimeOffset(2026, 11, 10, 14, 0, 0, Japan).ToUniversalTime();

    private PayoutWorld _world = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Factory.Clock.Set(MidNovember);
        _world = await PayoutWorld.CreateAsync(Factory);
    }

    private async Task<List<PayoutBatchRow>> BatchesAsync()
    {
        using var scope = NewScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().PayoutBatches.IgnoreQueryFilters().AsNoTracking()
            .Include(b => b.Payouts).OrderBy(b => b.CutoffDate).ThenBy(b => b.Schedule).ToListAsync();
    }

    private async Task<HttpClient> OwnerAsync()
    {
        await TestData.UserAsync(Factory, "owner@pay.jp", Roles.AgentOwner, _world.Agent.Id);
        return await Factory.ClientForAsync("owner@pay.jp", TestData.Password);
    }

    [Fact]
    public async Task Run_AfterMonthEnd_PaysEveryMonthlyWorkerOnce_CarriesForwardWhoHasNoAccount_AndARerunChangesNothing()
    {
        var paid = await _world.WorkerAsync("w1@pay.jp");
        var small = await _world.WorkerAsync("w2@pay.jp", accountNumber: "0000456");
        var noAccount = await _world.WorkerAsync("w3@pay.jp", accountNumber: null);
        await _world.EarnAsync(paid, 12_000, MidNovember);
        await _world.EarnAsync(paid, 345, MidNovember.AddDays(5));
        await _world.EarnAsync(small, 800, MidNovember);
        await _world.EarnAsync(noAccount, 5_000, MidNovember);
        await _world.EarnAsync(paid, 999, new DateTimeOffset(2026, 12, 1, 0, 10, 0, Japan)); // after the close: next month's
        Factory.Clock.Set(AfterNovember);

        var first = await PayoutWorld.RunAsync(Factory);
        var second = await PayoutWorld.RunAsync(Factory);

        var batches = await BatchesAsync();
        var monthly = Assert.Single(batches, b => b.Schedule == PayoutSchedule.Monthly);
        Assert.Equal(new DateOnly(2026, 11, 30), monthly.CutoffDate);
        Assert.Equal(new DateOnly(2026, 12, 25), monthly.PaymentDate);
        Assert.Equal(PayoutBatchStatus.FileIssued, monthly.Status);
        Assert.Equal([(paid, 12_345L), (small, 800L)], monthly.Payouts.OrderBy(p => p.Amount == 800).Select(p => (p.WorkerId, p.Amount)));
        Assert.Equal([new CarriedForwardRecord(noAccount, 5_000, CarryForwardReason.NoBankAccount)], monthly.CarriedForward);
        // Every other cut-off since the catch-up window opened was handled, with nothing due on it.
        Assert.All(batches.Where(b => b != monthly), b => Assert.Equal(PayoutBatchStatus.NothingDue, b.Status));
        Assert.Equal(batches.Count, batches.Select(b => (b.Schedule, b.CutoffDate)).Distinct().Count());
        Assert.Equal(2, first.PayoutsPosted);
        Assert.Equal(new(0, 0, 0), second);

        Assert.Equal(new Yen(999), await _world.OwedAsync(paid));
        Assert.Equal(Yen.Zero, await _world.OwedAsync(small));
        Assert.Equal(new Yen(5_000), await _world.OwedAsync(noAccount));
        Assert.Equal(new Yen(-13_145), await _world.BalanceAsync(LedgerAccount.AgentBank(_world.Agent.Id)));
        // The batch is one ledger transaction: a debit of each payee's payable, one credit of the agent's bank (ADR 0048).
        var posting = Assert.Single(await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Payout));
        Assert.Equal(3, posting.Entries.Count);
    }

    [Fact]
    public async Task Run_MidMonth_CarriesForwardDuesUnder1000_ThenPaysThemAtMonthEnd()
    {
        var a = await _world.WorkerAsync("a@pay.jp", WorkerTier.A, schedule: PayoutSchedule.SemiMonthly);
        var b = await _world.WorkerAsync("b@pay.jp", WorkerTier.A, accountNumber: "0000789", schedule: PayoutSchedule.SemiMonthly);
        await _world.EarnAsync(a, 1_500, MidNovember);
        await _world.EarnAsync(b, 900, MidNovember);

        Factory.Clock.Set(new DateTimeOffset(2026, 11, 16, 0, 30, 0, Japan).ToUniversalTime());
        await PayoutWorld.RunAsync(Factory);
        var mid = Assert.Single(await BatchesAsync(), x => x.Schedule == PayoutSchedule.SemiMonthly);
        Assert.Equal(new DateOnly(2026, 11, 30), mid.PaymentDate); // the 15th's close is paid at month end
        Assert.Equal([(a, 1_500L)], mid.Payouts.Select(p => (p.WorkerId, p.Amount)));
        Assert.Equal([new CarriedForwardRecord(b, 900, CarryForwardReason.BelowMinimum)], mid.CarriedForward);

        await _world.EarnAsync(b, 50, new DateTimeOffset(2026, 11, 20, 9, 0, 0, Japan));
        Factory.Clock.Set(AfterNovember);
        await PayoutWorld.RunAsync(Factory);

        var end = Assert.Single(await BatchesAsync(), x => x.Schedule == PayoutSchedule.SemiMonthly && x.CutoffDate.Day == 30);
        Assert.Equal(new DateOnly(2026, 12, 15), end.PaymentDate);
        Assert.Equal([(b, 950L)], end.Payouts.Select(p => (p.WorkerId, p.Amount)));
        Assert.Equal(Yen.Zero, await _world.OwedAsync(a));
        Assert.Equal(Yen.Zero, await _world.OwedAsync(b));
    }

    [Fact]
    public async Task ZenginDownload_IsTheHandComputedFile_ByteForByte()
    {
        var worker = await _world.WorkerAsync("w1@pay.jp", holder: "やまだ たろう");
        await _world.EarnAsync(worker, 12_345, MidNovember);
        Factory.Clock.Set(AfterNovember);
        await PayoutWorld.RunAsync(Factory);
        var batch = Assert.Single(await BatchesAsync(), b => b.Status == PayoutBatchStatus.FileIssued);
        var owner = await OwnerAsync();

        var response = await owner.GetAsync($"/api/v1/agents/{_world.Agent.Id}/payout-batches/{batch.Id}/zengin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("shift_jis", response.Content.Headers.ContentType?.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // Hand-written records: 1 header, 1 data, trailer, end; 120 characters each, then CR LF.
        string[] records =
        [
            //         1 21 0 requester   name (40)                                MMDD bank name (15)       br  branch (15)     t account dummy (17)
            "1" + "21" + "0" + "0000012345" + "ﾔﾏﾋﾞｺ                                   " + "1225" + "0001" + "ﾐｽﾞﾎ           " + "001" + "ﾄｳｷﾖｳ          " + "1" + "7777123" + "                 ",
            //         2 bank name (15)             br  branch (15)       clearing t account holder (30)                        amount     new cust1      cust2      7  id dummy
            "2" + "0009" + "ﾐﾂｲｽﾐﾄﾓ        " + "005" + "ｶｽｶﾍﾞ          " + "    " + "1" + "0123457" + "ﾔﾏﾀﾞ ﾀﾛｳ                      " + "0000012345" + "0" + "          " + "          " + "7" + " " + "       ",
            "8" + "000001" + "000000012345" + new string(' ', 101),
            "9" + new string(' ', 119),
        ];
        Assert.All(records, r => Assert.Equal(120, r.Length));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var expected = Encoding.GetEncoding(932).GetBytes(string.Concat(records.Select(r => r + "\r\n")));
        Assert.Equal(4 * 122, expected.Length); // every character a single byte in Shift_JIS
        Assert.Equal(new byte[] { 0xD4, 0xCF, 0xCB, 0xDE, 0xBA }, expected[14..19]); // ﾔﾏﾋﾞｺ: one JIS X 0201 byte each
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public async Task Confirm_WithAFailedTransfer_ReversesIt_AndTheNextBatchPaysItAgain()
    {
        var ok = await _world.WorkerAsync("w1@pay.jp");
        var closed = await _world.WorkerAsync("w2@pay.jp", accountNumber: "0000456");
        await _world.EarnAsync(ok, 3_000, MidNovember);
        await _world.EarnAsync(closed, 2_000, MidNovember);
        Factory.Clock.Set(AfterNovember);
        await PayoutWorld.RunAsync(Factory);
        var batch = Assert.Single(await BatchesAsync(), b => b.Status == PayoutBatchStatus.FileIssued);
        var owner = await OwnerAsync();
        var url = $"/api/v1/agents/{_world.Agent.Id}/payout-batches/{batch.Id}/confirm";
        var body = new { failures = new[] { new { workerId = closed, reason = "口座解約済み" } } };

        var confirmed = await owner.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", "confirm-1" } } });
        var replay = await owner.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", "confirm-1" } } });
        var reused = await owner.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { failures = Array.Empty<object>() }), Headers = { { "Idempotency-Key", "confirm-1" } } });

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        var detail = await confirmed.JsonAsync();
        Assert.Equal("Confirmed", detail.GetProperty("batch").GetProperty("status").GetString());
        var payouts = detail.GetProperty("payouts").EnumerateArray().ToDictionary(p => p.GetProperty("workerId").GetGuid(), p => p.GetProperty("status").GetString());
        Assert.Equal("Paid", payouts[ok]);
        Assert.Equal("Failed", payouts[closed]);
        // Both were paid by the batch's one transaction; the failure returns only the failed worker's amount.
        Assert.Equal(new Yen(2_000), await _world.OwedAsync(closed));
        Assert.Equal(Yen.Zero, await _world.OwedAsync(ok));
        Assert.Equal(new Yen(-3_000), await _world.BalanceAsync(LedgerAccount.AgentBank(_world.Agent.Id)));
        Assert.Single(await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Payout));
        var failed = Assert.Single(await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.PayoutFailed));
        Assert.Equal([LedgerEntry.Credit(LedgerAccount.WorkerPayable(_world.Agent.Id, closed), new Yen(2_000)), LedgerEntry.Debit(LedgerAccount.AgentBank(_world.Agent.Id), new Yen(2_000))], failed.Entries);

        // The same failure reported again later (another request) posts nothing more.
        var again = await owner.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", "confirm-2" } } });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.PayoutFailed));
        Assert.Equal(new Yen(2_000), await _world.OwedAsync(closed));

        Factory.Clock.Set(new DateTimeOffset(2027, 1, 1, 0, 30, 0, Japan).ToUniversalTime());
        await PayoutWorld.RunAsync(Factory);
        var december = Assert.Single(await BatchesAsync(), b => b.Schedule == PayoutSchedule.Monthly && b.CutoffDate == new DateOnly(2026, 12, 31));
        Assert.Equal([(closed, 2_000L)], december.Payouts.Select(p => (p.WorkerId, p.Amount)));
        Assert.Equal(new DateOnly(2027, 1, 25), december.PaymentDate);
    }

    [Fact]
    public async Task Confirm_NamingAWorkerNotInTheBatch_Returns409_AndNothingIsReversed()
    {
        var ok = await _world.WorkerAsync("w1@pay.jp");
        await _world.EarnAsync(ok, 3_000, MidNovember);
        Factory.Clock.Set(AfterNovember);
        await PayoutWorld.RunAsync(Factory);
        var batch = Assert.Single(await BatchesAsync(), b => b.Status == PayoutBatchStatus.FileIssued);
        var owner = await OwnerAsync();

        var response = await owner.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/payout-batches/{batch.Id}/confirm", new
        {
            failures = new object[] { new { workerId = ok, reason = "名義相違" }, new { workerId = Guid.NewGuid(), reason = "不明" } },
        });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "payout_not_in_batch");
        Assert.Empty(await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.PayoutFailed));
        Assert.Equal(PayoutBatchStatus.FileIssued, (await BatchesAsync()).Single(b => b.Id == batch.Id).Status);
        Assert.Equal(Yen.Zero, await _world.OwedAsync(ok));
    }

    [Fact]
    public async Task Batch_WhenTheAgentHasNoRequesterYet_StaysPosted_AndTheDownloadSaysWhatIsMissing()
    {
        var other = await PayoutWorld.CreateAsync(Factory, "設定前エージェント", requester: false);
        var worker = await other.WorkerAsync("w@other.jp");
        await other.EarnAsync(worker, 4_000, MidNovember);
        Factory.Clock.Set(AfterNovember);
        await PayoutWorld.RunAsync(Factory);
        var batch = Assert.Single(await BatchesAsync(), b => b.AgentId == other.Agent.Id && b.PayoutCount > 0);
        Assert.Equal(PayoutBatchStatus.Posted, batch.Status);
        await TestData.UserAsync(Factory, "owner@other.jp", Roles.AgentOwner, other.Agent.Id);
        var owner = await Factory.ClientForAsync("owner@other.jp", TestData.Password);

        await (await owner.GetAsync($"/api/v1/agents/{other.Agent.Id}/payout-batches/{batch.Id}/zengin"))
            .AssertProblemAsync(HttpStatusCode.Conflict, "zengin_requester_not_configured");
        var list = await (await owner.GetAsync($"/api/v1/agents/{other.Agent.Id}/payout-batches?status=Posted")).JsonAsync();
        Assert.Equal(batch.Id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        await (await owner.GetAsync($"/api/v1/agents/{_world.Agent.Id}/payout-batches/{batch.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        // Days later the batch still waits for the requester details; it does not hold back the agent's later cut-offs.
        Factory.Clock.Set(new DateTimeOffset(2026, 12, 3, 0, 30, 0, Japan).ToUniversalTime());
        await PayoutWorld.RunAsync(Factory).WaitAsync(TimeSpan.FromMinutes(2));
        var after = (await BatchesAsync()).Where(b => b.AgentId == other.Agent.Id).ToList();
        Assert.Equal(PayoutBatchStatus.Posted, Assert.Single(after, b => b.Id == batch.Id).Status);
        Assert.Contains(after, b => b.CutoffDate == new DateOnly(2026, 12, 2) && b.Status == PayoutBatchStatus.NothingDue);
    }

    [Fact]
    public async Task TierDowngrade_PaysTheWorkerOnTheAllowedScheduleFromTheNextCutoff()
    {
        var worker = await _world.WorkerAsync("s@pay.jp", WorkerTier.S, schedule: PayoutSchedule.Daily);
        await _world.EarnAsync(worker, 2_000, new DateTimeOffset(2026, 11, 9, 10, 0, 0, Japan));
        Factory.Clock.Set(new DateTimeOffset(2026, 11, 10, 0, 30, 0, Japan).ToUniversalTime());
        await PayoutWorld.RunAsync(Factory); // Monday 9 November's daily close pays the S worker the next business day
        await _world.EarnAsync(worker, 5_000, new DateTimeOffset(2026, 11, 10, 10, 0, 0, Japan));

        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var profile = await db.WorkerProfiles.IgnoreQueryFilters().SingleAsync(p => p.UserId == worker);
            profile.ChangeTier(WorkerTier.A, Factory.Clock.GetUtcNow()); // A may not be paid daily
            await db.SaveChangesAsync();
        }

        Factory.Clock.Set(new DateTimeOffset(2026, 11, 16, 0, 30, 0, Japan).ToUniversalTime());
        await PayoutWorld.RunAsync(Factory);

        var paid = (await BatchesAsync())
            .SelectMany(b => b.Payouts.Where(p => p.WorkerId == worker).Select(p => (b.Schedule, b.CutoffDate, p.Amount)))
            .ToList();
        // The daily closes of 10–13 November pass the worker by; the 15th's twice-monthly close pays the 5,000.
        Assert.Equal([(PayoutSchedule.Daily, new DateOnly(2026, 11, 9), 2_000L), (PayoutSchedule.SemiMonthly, new DateOnly(2026, 11, 15), 5_000L)], paid);
        Assert.Contains(await BatchesAsync(), b => b.Schedule == PayoutSchedule.Daily && b.CutoffDate == new DateOnly(2026, 11, 13));
        Assert.Equal(Yen.Zero, await _world.OwedAsync(worker));
    }

    /// <summary>
    /// The run reads payees' tiers, schedules and accounts by the paying agent's range (ADR 0050); a worker who has moved to
    /// another agent since is found by id, so what the first agent still owes is paid as the worker chose.
    /// </summary>
    [Fact]
    public async Task AWorkerNowWithAnotherAgent_IsPaidWhatTheFirstOwes_OnTheirScheduleAndAccount()
    {
        var other = await PayoutWorld.CreateAsync(Factory, "NPO法人 ひびき");
        var stayed = await _world.WorkerAsync("stayed@pay.jp", WorkerTier.S, accountNumber: "0000123", schedule: PayoutSchedule.Daily);
        var moved = await _world.WorkerAsync("moved@pay.jp", WorkerTier.S, accountNumber: "0000789", schedule: PayoutSchedule.Daily);
        await _world.EarnAsync(stayed, 1_500, new DateTimeOffset(2026, 11, 9, 10, 0, 0, Japan));
        await _world.EarnAsync(moved, 2_500, new DateTimeOffset(2026, 11, 9, 10, 0, 0, Japan));
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE worker_profiles SET agent_id = {other.Agent.Id} WHERE user_id = {moved}");
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE worker_payout_settings SET agent_id = {other.Agent.Id} WHERE worker_id = {moved}");
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE bank_accounts SET agent_id = {other.Agent.Id} WHERE owner_id = {moved}");
        }

        Factory.Clock.Set(new DateTimeOffset(2026, 11, 10, 0, 30, 0, Japan).ToUniversalTime());
        await PayoutWorld.RunAsync(Factory);

        var daily = Assert.Single(await BatchesAsync(), b => b.AgentId == _world.Agent.Id && b.Schedule == PayoutSchedule.Daily && b.CutoffDate == new DateOnly(2026, 11, 9));
        Assert.Equal([(stayed, 1_500L, "123"), (moved, 2_500L, "789")], daily.Payouts.OrderBy(p => p.Amount).Select(p => (p.WorkerId, p.Amount, p.NumberLast3)));
        Assert.Empty(daily.CarriedForward);
        Assert.Equal(Yen.Zero, await _world.OwedAsync(moved));
    }

    [Fact]
    public async Task BatchDetail_ShowsAccountsMasked()
    {
        var worker = await _world.WorkerAsync("w1@pay.jp", accountNumber: "7654321");
        await _world.EarnAsync(worker, 3_000, MidNovember);
        Factory.Clock.Set(AfterNovember);
        await PayoutWorld.RunAsync(Factory);
        var batch = Assert.Single(await BatchesAsync(), b => b.PayoutCount > 0);
        var owner = await OwnerAsync();

        var body = await (await owner.GetAsync($"/api/v1/agents/{_world.Agent.Id}/payout-batches/{batch.Id}")).Content.ReadAsStringAsync();

        Assert.Contains("****321", body, StringComparison.Ordinal);
        Assert.DoesNotContain("7654321", body, StringComparison.Ordinal);
        using var scope = NewScope();
        var stored = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().Payouts.IgnoreQueryFilters().SingleAsync();
        Assert.DoesNotContain("7654321", stored.NumberCipher, StringComparison.Ordinal);
    }
}
