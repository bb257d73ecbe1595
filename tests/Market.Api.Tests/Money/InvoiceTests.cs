using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Market.Api.Tests.Money;

/// <summary>Qualified invoices: registration number, tax once per rate, gapless numbers, HTML and CSV, who may read them.</summary>
public sealed class InvoiceTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);
    private WorkWorld _world = null!;
    private HttpClient _owner = null!;
    private Guid _clientId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Factory.Clock.Set(new DateTimeOffset(2026, 11, 10, 10, 0, 0, Japan).ToUniversalTime()); // GetUtcNow answers UTC
        _world = await WorkWorld.CreateAsync(Factory, workers: 1);
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, _world.Agent.Id);
        _owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
        using var scope = NewScope();
        _clientId = (await scope.ServiceProvider.GetRequiredService<MarketDbContext>().Jobs.IgnoreQueryFilters().SingleAsync()).ClientId;
    }

    private async Task ConfigureAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await _owner.PutAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/money-settings", new
        {
            registrationNumber = "T7000012050002",
            invoicePrefix = "YMB",
        })).StatusCode);

    /// <summary>A job of the world's client, contracted to the agent at <paramref name="price"/>, delivered and accepted.</summary>
    private async Task<Guid> AcceptedJobAsync(long price, string title = "健康調査票 入力", DateTimeOffset? acceptedAt = null, string? existingJobId = null, Guid? agentId = null)
    {
        var jobId = existingJobId ?? await PostJobAsync(title);
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = acceptedAt ?? Factory.Clock.GetUtcNow();
        var job = await db.Jobs.IgnoreQueryFilters().SingleAsync(j => j.Id == new JobId(Guid.Parse(jobId)));
        if (job.Status == JobStatus.Open)
        {
            job.Contract(agentId ?? _world.Agent.Id, new Yen(price), now);
            job.StartWork(now);
        }

        job.Deliver(job.InputFiles[0], now);
        job.Accept(now);
        await db.SaveChangesAsync();
        return job.Id.Value;
    }

    private async Task<string> PostJobAsync(string title)
    {
        var fileId = await _world.Client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(2)), "survey.csv");
        var job = JsonSerializer.SerializeToNode(JobApi.DataEntry(fileId))!;
        job["title"] = title;
        return (await _world.Client.PostJobAsync(job)).GetProperty("id").GetString()!;
    }

    private Task<HttpResponseMessage> IssueAsync(object body, string? key = null) => PostAsync("invoices", body, key);

    private Task<HttpResponseMessage> PostAsync(string path, object body, string? key = null, HttpClient? owner = null, Guid? agentId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agents/{agentId ?? _world.Agent.Id}/{path}") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return (owner ?? _owner).SendAsync(request);
    }

    private async Task<List<(Guid AgentId, int Sequence, string Number)>> InvoiceNumbersAsync()
    {
        using var scope = NewScope();
        return (await scope.ServiceProvider.GetRequiredService<MarketDbContext>().Invoices.IgnoreQueryFilters()
                .OrderBy(i => i.AgentId).ThenBy(i => i.Sequence).Select(i => new { i.AgentId, i.Sequence, i.Number }).ToListAsync())
            .Select(i => (i.AgentId, i.Sequence, i.Number)).ToList();
    }

    [Fact]
    public async Task Issue_ForAnAcceptedJob_IsAQualifiedInvoice_PostedToTheLedger()
    {
        await ConfigureAsync();
        var jobId = await AcceptedJobAsync(50_000, existingJobId: _world.JobId);

        var response = await IssueAsync(new { jobId });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invoice = await response.JsonAsync();
        Assert.Equal("INV-YMB-2026-000001", invoice.GetProperty("number").GetString());
        Assert.Equal("T7000012050002", invoice.GetProperty("registrationNumber").GetString());
        Assert.Equal("NPO法人 やまびこ", invoice.GetProperty("issuerName").GetString());
        Assert.Equal("県庁", invoice.GetProperty("recipientName").GetString());
        Assert.Equal("2026-11-10", invoice.GetProperty("issueDate").GetString());
        Assert.Equal("2026-11-10", invoice.GetProperty("supplyFrom").GetString());
        Assert.Equal(50_000, invoice.GetProperty("subtotal").GetInt64());
        Assert.Equal(5_000, invoice.GetProperty("tax").GetInt64());
        Assert.Equal(55_000, invoice.GetProperty("total").GetInt64());
        Assert.Equal($"/api/v1/agents/{_world.Agent.Id}/invoices/{invoice.GetProperty("id").GetString()}", response.Headers.Location?.ToString());

        var posting = Assert.Single(await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Invoice));
        Assert.Equal(
            [
                LedgerEntry.Debit(LedgerAccount.ClientReceivable(_world.Agent.Id, _clientId), new Yen(55_000)),
                LedgerEntry.Credit(LedgerAccount.AgentRevenue(_world.Agent.Id), new Yen(50_000)),
                LedgerEntry.Credit(LedgerAccount.ConsumptionTaxPayable(_world.Agent.Id), new Yen(5_000)),
            ],
            posting.Entries);
    }

    [Fact]
    public async Task Monthly_TaxIsRoundedOnceForTheInvoice_NotPerLine()
    {
        await ConfigureAsync();
        var october = new DateTimeOffset(2026, 10, 20, 15, 0, 0, Japan);
        foreach (var title in new[] { "入力 A", "入力 B", "入力 C" })
        {
            await AcceptedJobAsync(335, title, october);
        }

        await AcceptedJobAsync(9_999, "11月の入力", new DateTimeOffset(2026, 11, 1, 0, 0, 0, Japan)); // November: not on October's invoice

        var invoice = await (await IssueAsync(new { clientId = _clientId, month = "2026-10" })).JsonAsync();

        Assert.Equal(3, invoice.GetProperty("lines").GetArrayLength());
        Assert.Equal(1_005, invoice.GetProperty("subtotal").GetInt64());
        Assert.Equal(100, invoice.GetProperty("tax").GetInt64()); // ⌊1,005 × 10 %⌋, not 3 × ⌊33.5⌋ = 99
        Assert.Equal("Monthly", invoice.GetProperty("kind").GetString());
        Assert.Equal("2026-10-01", invoice.GetProperty("supplyFrom").GetString());
        Assert.Equal("2026-10-31", invoice.GetProperty("supplyTo").GetString());
        await (await IssueAsync(new { clientId = _clientId, month = "2026-10" })).AssertProblemAsync(HttpStatusCode.Conflict, "invoice_nothing_to_invoice");
        await (await IssueAsync(new { clientId = _clientId, month = "2026-11" })).AssertProblemAsync(HttpStatusCode.Conflict, "invoice_month_not_over");
    }

    [Fact]
    public async Task Numbers_AreGaplessPerAgent_EvenWhenIssuesAreRefusedOrConcurrent()
    {
        await ConfigureAsync();
        var first = await AcceptedJobAsync(10_000, existingJobId: _world.JobId);
        var open = await PostJobAsync("未完了の仕事");
        var more = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            more.Add(await AcceptedJobAsync(1_000 + i, $"仕事 {i}"));
        }

        Assert.Equal(HttpStatusCode.Created, (await IssueAsync(new { jobId = first })).StatusCode);
        await (await IssueAsync(new { jobId = first })).AssertProblemAsync(HttpStatusCode.Conflict, "invoice_job_already_invoiced");
        await (await IssueAsync(new { jobId = Guid.Parse(open) })).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        var concurrent = await Task.WhenAll(more.Select(jobId => IssueAsync(new { jobId })));

        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        using var scope = NewScope();
        var sequences = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().Invoices.IgnoreQueryFilters()
            .OrderBy(i => i.Sequence).Select(i => i.Sequence).ToListAsync();
        Assert.Equal([1, 2, 3, 4, 5, 6], sequences);
    }

    [Fact]
    public async Task ConcurrentIssuesOfTheSameJobs_OneWinsPerJob_AndTheLosersLeaveNoHoleInTheNumbers()
    {
        await ConfigureAsync();
        var jobs = new List<Guid> { await AcceptedJobAsync(10_000, existingJobId: _world.JobId) };
        for (var i = 0; i < 3; i++)
        {
            jobs.Add(await AcceptedJobAsync(2_000 + i, $"仕事 {i}"));
        }

        // Every job asked for twice at once: both pass the "already invoiced?" check, the second waits on the agent's
        // counter row, takes the next number, then hits invoice_jobs' key and rolls back — number and all.
        var responses = await Task.WhenAll(jobs.Concat(jobs).Select(jobId => IssueAsync(new { jobId })));

        Assert.Equal(jobs.Count, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = JsonDocument.Parse(await loser.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
            Assert.Contains(problem.GetProperty("code").GetString(), new[] { "invoice_job_already_invoiced", "conflict" });
        }

        Assert.Equal(Enumerable.Range(1, jobs.Count), (await InvoiceNumbersAsync()).Select(i => i.Sequence));
        var next = await AcceptedJobAsync(3_000, "後の仕事");
        Assert.Equal("INV-YMB-2026-000005", (await (await IssueAsync(new { jobId = next })).JsonAsync()).GetProperty("number").GetString());
        Assert.Equal(jobs.Count + 1, (await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Invoice)).Count);
        using var scope = NewScope();
        Assert.Equal(jobs.Count + 1, await scope.ServiceProvider.GetRequiredService<MarketDbContext>().InvoiceJobs.IgnoreQueryFilters().CountAsync());
    }

    [Fact]
    public async Task Numbers_ArePerAgent_TwoAgentsWithTheSamePrefixEachStartAtOne()
    {
        await ConfigureAsync();
        var other = await TestData.AgentAsync(Factory, "合同会社 しまんと", "SMT-" + Guid.NewGuid().ToString("N")[..8]);
        await TestData.UserAsync(Factory, "owner@shimanto.jp", Roles.AgentOwner, other.Id);
        var otherOwner = await Factory.ClientForAsync("owner@shimanto.jp", TestData.Password);
        Assert.Equal(HttpStatusCode.OK, (await otherOwner.PutAsJsonAsync($"/api/v1/agents/{other.Id}/money-settings", new
        {
            registrationNumber = "T7000012050002",
            invoicePrefix = "YMB", // the same prefix as the first agent: numbers are each agent's own
        })).StatusCode);
        var ours = await AcceptedJobAsync(10_000, existingJobId: _world.JobId);
        var theirs = await AcceptedJobAsync(20_000, "しまんとの仕事", agentId: other.Id);

        var first = await IssueAsync(new { jobId = ours });
        var second = await PostAsync("invoices", new { jobId = theirs }, owner: otherOwner, agentId: other.Id);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("INV-YMB-2026-000001", (await first.JsonAsync()).GetProperty("number").GetString());
        Assert.Equal("INV-YMB-2026-000001", (await second.JsonAsync()).GetProperty("number").GetString());
        await (await PostAsync("invoices", new { jobId = ours }, owner: otherOwner, agentId: other.Id)).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
    }

    [Fact]
    public async Task Issue_SameIdempotencyKeyWithAnotherBody_Returns422_AndIssuesNothingMore()
    {
        await ConfigureAsync();
        var first = await AcceptedJobAsync(50_000, existingJobId: _world.JobId);
        var second = await AcceptedJobAsync(7_000, "別の仕事");
        Assert.Equal(HttpStatusCode.Created, (await IssueAsync(new { jobId = first }, key: "invoice-7")).StatusCode);

        var reused = await IssueAsync(new { jobId = second }, key: "invoice-7");

        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Single(await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Invoice));
        Assert.Equal([1], (await InvoiceNumbersAsync()).Select(i => i.Sequence));
    }

    [Theory]
    [InlineData("invoices")]
    [InlineData("client-payments")]
    public async Task MoneyPost_WhileTheSameKeyIsStillRunning_Returns409_PostsNothing_AndTheKeyWorksAfterwards(string path)
    {
        await ConfigureAsync();
        var jobId = await AcceptedJobAsync(50_000, existingJobId: _world.JobId);
        object body = path == "invoices" ? new { jobId } : new { clientId = _clientId, amount = 55_000, bankReference = "20261110-0009" };
        const string key = "still-running-1";

        // The first request with this key is "still running": another connection holds the key's lock, exactly as the
        // filter's own transaction holds it while the first request is in its handler.
        await using (var running = new NpgsqlConnection(Factory.ConnectionString))
        {
            await running.OpenAsync();
            await using var transaction = await running.BeginTransactionAsync();
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))", running, transaction))
            {
                command.Parameters.AddWithValue("k", $"{_world.Agent.Id}|{key}");
                await command.ExecuteNonQueryAsync();
            }

            await (await PostAsync(path, body, key)).AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_request_in_progress");
            Assert.Empty(await MoneyTestKit.TransactionsAsync(Factory, path == "invoices" ? LedgerTransactionKind.Invoice : LedgerTransactionKind.ClientPayment));
            await transaction.RollbackAsync();
        }

        var done = await PostAsync(path, body, key);
        var replay = await PostAsync(path, body, key);

        Assert.True(done.IsSuccessStatusCode, done.StatusCode.ToString());
        Assert.Equal(done.StatusCode, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        // The stored response comes back from jsonb (keys reordered, spaces added): the same JSON, not the same text.
        Assert.True(
            System.Text.Json.Nodes.JsonNode.DeepEquals(
                System.Text.Json.Nodes.JsonNode.Parse(await done.Content.ReadAsStringAsync()),
                System.Text.Json.Nodes.JsonNode.Parse(await replay.Content.ReadAsStringAsync())),
            "the replay is the first response");
        Assert.Single(await MoneyTestKit.TransactionsAsync(Factory, path == "invoices" ? LedgerTransactionKind.Invoice : LedgerTransactionKind.ClientPayment));
    }

    [Fact]
    public async Task Issue_WithoutARegistrationNumber_Returns409_AndConsumesNoNumber()
    {
        var jobId = await AcceptedJobAsync(50_000, existingJobId: _world.JobId);

        await (await IssueAsync(new { jobId })).AssertProblemAsync(HttpStatusCode.Conflict, "invoice_issuer_not_configured");
        await ConfigureAsync();
        var invoice = await (await IssueAsync(new { jobId })).JsonAsync();

        Assert.Equal("INV-YMB-2026-000001", invoice.GetProperty("number").GetString());
    }

    [Fact]
    public async Task Issue_WithTheSameIdempotencyKey_IssuesOnce()
    {
        await ConfigureAsync();
        var jobId = await AcceptedJobAsync(50_000, existingJobId: _world.JobId);

        var first = await IssueAsync(new { jobId }, key: "invoice-1");
        var replay = await IssueAsync(new { jobId }, key: "invoice-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await MoneyTestKit.TransactionsAsync(Factory, LedgerTransactionKind.Invoice));
    }

    [Fact]
    public async Task Html_AndCsv_ShowTheQualifiedInvoiceFields_AndTheClientReadsItsOwnInvoiceOnly()
    {
        await ConfigureAsync();
        var jobId = await AcceptedJobAsync(12_345, "=SUM(A1)<script>alert(1)</script>");
        var invoice = await (await IssueAsync(new { jobId })).JsonAsync();
        var id = invoice.GetProperty("id").GetString();

        var html = await (await _owner.GetAsync($"/api/v1/agents/{_world.Agent.Id}/invoices/{id}.html")).Content.ReadAsStringAsync();
        var csvResponse = await _world.Client.GetAsync($"/api/v1/clients/{_clientId}/invoices/{id}.csv");
        var csv = await csvResponse.Content.ReadAsByteArrayAsync();

        Assert.Contains("適格請求書", html, StringComparison.Ordinal);
        Assert.Contains("T7000012050002", html, StringComparison.Ordinal);
        Assert.Contains("県庁 御中", html, StringComparison.Ordinal);
        Assert.Contains("¥1,234", html, StringComparison.Ordinal); // tax at 10 % on ¥12,345
        // Every field a qualified invoice must carry: number, dates of issue and of supply, rate subtotal, rate, tax, total.
        foreach (var field in new[] { "INV-YMB-2026-000001", "発行日</dt><dd>2026年11月10日", "取引年月日</dt><dd>2026年11月10日", "10%対象(税抜)</th><td class=\"n\">¥12,345", "消費税(10%)</th><td class=\"n\">¥1,234", "合計(税込)</th><td class=\"n\" colspan=\"3\">¥13,579" })
        {
            Assert.Contains(field, html, StringComparison.Ordinal);
        }

        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        var text = Encoding.UTF8.GetString(csv[3..]);
        Assert.Contains("INV-YMB-2026-000001", text, StringComparison.Ordinal);
        Assert.Contains(",'=SUM(A1)<script>", text, StringComparison.Ordinal); // a formula to a spreadsheet: kept as text
        Assert.Contains(",税率別合計,,,,12345,10%,1234", text, StringComparison.Ordinal);
        Assert.Contains(",合計,,,,13579,,1234", text, StringComparison.Ordinal);

        var list = await (await _world.Client.GetAsync($"/api/v1/clients/{_clientId}/invoices")).JsonAsync();
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var otherFirm = await TestData.ClientAsync(Factory, "他社");
        await TestData.UserAsync(Factory, "other@firm.jp", Roles.ClientMember, otherFirm.Id);
        var other = await Factory.ClientForAsync("other@firm.jp", TestData.Password);
        await (await other.GetAsync($"/api/v1/clients/{_clientId}/invoices/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.GetAsync($"/api/v1/clients/{otherFirm.Id}/invoices/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "invoice_not_found");
    }

    [Theory]
    [InlineData("1500.5", "amount_not_whole_yen")]
    [InlineData("\"1500\"", "amount_not_whole_yen")]
    [InlineData("-1500", "ledger_amount_not_positive")]
    [InlineData("0", "ledger_amount_not_positive")]
    public async Task ClientPayment_WithAnAmountThatIsNotWholePositiveYen_Returns422_AndPostsNothing(string amount, string code)
    {
        var body = $$"""{"clientId":"{{_clientId}}","amount":{{amount}},"bankReference":"20261110-0001"}""";

        var response = await _owner.PostAsync($"/api/v1/agents/{_world.Agent.Id}/client-payments", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, code);
        Assert.Empty(await MoneyTestKit.TransactionsAsync(Factory));
    }

    [Fact]
    public async Task ClientPayment_SettlesTheReceivable_OnceForABankReference()
    {
        await ConfigureAsync();
        var jobId = await AcceptedJobAsync(50_000, existingJobId: _world.JobId);
        await (await IssueAsync(new { jobId })).JsonAsync();
        var payment = new { clientId = _clientId, amount = 55_000, bankReference = "20261120-0001" };

        await (await _owner.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/client-payments", payment)).JsonAsync();
        var totals = await (await _owner.PostAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/client-payments", payment)).JsonAsync();

        Assert.Equal(0, totals.GetProperty("clientReceivable").GetInt64());
        Assert.Equal(55_000, totals.GetProperty("agentBank").GetInt64());
        Assert.Equal(5_000, totals.GetProperty("consumptionTaxPayable").GetInt64());
        Assert.Equal(50_000, totals.GetProperty("agentRevenue").GetInt64());
    }
}
