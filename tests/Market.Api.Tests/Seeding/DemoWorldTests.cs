using System.Diagnostics;
using System.Net.Http.Json;
using Market.Api.Persistence;
using Market.Api.Seeding;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Jobs;
using Market.Domain.Quality;
using Market.Domain.Subcontracting;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Xunit.Abstractions;

namespace Market.Api.Tests.Seeding;

/// <summary>
/// The regional demo (seed-data/) loaded as <c>./market seed</c> loads it: into an empty database it builds the whole
/// world through the application's requests, and a second load changes nothing at all.
/// </summary>
public sealed class DemoWorldTests(ApiFixture fixture, ITestOutputHelper output) : ApiTest(fixture)
{
    /// <summary>The tables whose every row (and row version) must be unchanged by a second load.</summary>
    private static readonly string[] KeyTables =
    [
        "users", "memberships", "agents", "client_firms", "worker_profiles", "worker_certifications", "teams", "jobs", "work_units",
        "offers", "subcontracts", "assignments", "unit_submissions", "review_tasks", "adjudication_tasks", "stored_files",
        "ledger_transactions", "ledger_entries", "payout_batches", "bank_accounts", "agent_money_settings",
        "check_ins", "team_messages", "notifications", "idle_alerts", "invoices",
    ];

    [Fact]
    public async Task Seed_WhenLoadedIntoAnEmptyDatabaseAndThenAgain_BuildsTheRegionalWorldOnceAndTheSecondLoadChangesNothing()
    {
        await using var api = new SeedingApiFactory(Factory.ConnectionString);
        _ = api.Server;

        var stopwatch = Stopwatch.StartNew();
        await SeedAsync(api);
        output.WriteLine($"First load: {stopwatch.ElapsedMilliseconds} ms");
        var afterFirst = await SnapshotAsync();

        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            Assert.Equal(3, await db.ClientFirms.CountAsync());
            var agents = await db.Agents.ToListAsync();
            Assert.Equal(8, agents.Count);
            Assert.Equal(2, agents.Select(a => a.Prefecture).Distinct().Count());
            Assert.Single(agents, a => a.Holds(OrganisationCertification.PrivacyMark));
            Assert.Single(agents, a => a.VettingStatus == AgentVettingStatus.Pending);
            Assert.InRange(await db.WorkerProfiles.CountAsync(), 55, 65);

            // Every state of the job lifecycle is on show, and every job type.
            var jobs = await db.Jobs.ToListAsync();
            Assert.Equal(
                Enum.GetValues<JobStatus>().Order(),
                jobs.Select(j => j.Status).Distinct().Order());
            Assert.Equal(Enum.GetValues<JobType>().Order(), jobs.Select(j => j.Type).Distinct().Order());
            Assert.Contains(jobs, j => j.Confidentiality == ConfidentialityLevel.PersonalData && j.Status == JobStatus.InProgress);

            // Assembly minutes split with an allied agent, review outcomes of every kind, and a keying dispute to settle.
            Assert.Contains(await db.Subcontracts.ToListAsync(), s => s.Status == SubcontractStatus.Accepted);
            var reviews = await db.ReviewTasks.ToListAsync();
            Assert.Contains(reviews, r => r.Status == ReviewStatus.AwaitingReview);
            Assert.Contains(reviews, r => r.ReworkRounds > 0 && r.IsAccepted);
            Assert.Contains(reviews, r => r.Status == ReviewStatus.Rejected && r.Appeal is { IsPending: true });
            Assert.Contains(reviews, r => r.AcceptedBy == AcceptanceKind.AppealOverturned);
            Assert.Contains(await db.AdjudicationTasks.ToListAsync(), a => a.Status == AdjudicationStatus.Open);
            Assert.Contains(await db.WorkUnits.ToListAsync(), u => u.Status == WorkUnitStatus.Assigned);

            // The story happened over the last three months, not at load time.
            Assert.True(jobs.Min(j => j.CreatedAt) < api.Clock.GetUtcNow().AddDays(-80), "the oldest job is about three months old");
        }

        await AssertLedgerAsync(api.Clock.GetUtcNow());
        await AssertTeamRoomAndCertificationsAsync(api.Clock.GetUtcNow());
        await AssertThreeMonthsOfImpactAsync(api);

        await SeedAsync(api);
        var afterSecond = await SnapshotAsync();
        Assert.Equal(afterFirst.Counts, afterSecond.Counts);
        foreach (var (table, checksum) in afterFirst.Checksums)
        {
            Assert.True(checksum == afterSecond.Checksums[table], $"the second load changed rows of {table}");
        }

        // The demo logins land in the populated world.
        using var client = await api.ClientForAsync("client@demo.furusato.example", DemoAccounts.Password);
        var list = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/jobs");
        output.WriteLine(list.ToString()[..Math.Min(400, list.ToString().Length)]);
        Assert.True(list.GetProperty("total").GetInt32() >= 10, "the demo client sees its jobs");
    }

    /// <summary>The regional impact report over the demo's months: work done and pay earned in three of them, money transferred.</summary>
    private static async Task AssertThreeMonthsOfImpactAsync(SeedingApiFactory api)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var japanNow = api.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9));
        var report = await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(
            new Market.Api.Features.Reports.GetRegionalImpact($"{japanNow.AddMonths(-3):yyyy-MM}", $"{japanNow:yyyy-MM}", null));
        var busy = report.Months.Where(m => m.UnitsDone > 0 && m.YenToLocalWorkers > 0 && m.ActiveWorkers > 0).ToList();
        Assert.True(busy.Count >= 3, $"three months of impact (found {string.Join(", ", report.Months.Select(m => $"{m.Month}: {m.UnitsDone} units"))})");
        Assert.True(report.Months.Sum(m => m.YenPaidOut) > 0, "confirmed payouts show as yen transferred to local workers");
        Assert.True(report.Rows.Select(r => r.Prefecture).Distinct().Count() >= 2, "more than one prefecture on the map");
    }

    /// <summary>Three months of earnings and payouts, every transaction balanced and so the whole ledger; paid and waiting batches.</summary>
    private async Task AssertLedgerAsync(DateTimeOffset now)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(0L, await ScalarAsync(connection, """
            SELECT count(*) FROM (
                SELECT transaction_id FROM ledger_entries GROUP BY transaction_id
                HAVING sum(CASE WHEN side = 0 THEN amount ELSE 0 END) <> sum(CASE WHEN side = 1 THEN amount ELSE 0 END)) unbalanced
            """));
        Assert.Equal(
            await ScalarAsync(connection, "SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE side = 0"),
            await ScalarAsync(connection, "SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE side = 1"));
        Assert.True(await ScalarAsync(connection, "SELECT count(*) FROM ledger_transactions") > 60, "accepted work posted its earnings and payouts");
        var months = await ScalarAsync(connection, $"""
            SELECT count(DISTINCT date_trunc('month', t.recorded_at AT TIME ZONE 'Asia/Tokyo')) FROM ledger_transactions t
            WHERE t.recorded_at > '{now.AddDays(-100):O}'
            """);
        Assert.True(months >= 3, $"earnings spread over three months (found {months})");
        Assert.True(await ScalarAsync(connection, "SELECT count(*) FROM invoices") >= 7, "accepted jobs were invoiced to their clients");
        Assert.True(await ScalarAsync(connection, "SELECT count(*) FROM ledger_transactions WHERE idempotency_key LIKE 'client-payment%'") >= 1, "clients paid some invoices");
        Assert.True(await ScalarAsync(connection, "SELECT count(*) FROM payout_batches WHERE status = 3") > 0, "some payout batches are paid (confirmed)");
        Assert.True(await ScalarAsync(connection, "SELECT count(*) FROM payout_batches WHERE status IN (1, 2)") > 0, "some payout batches wait for the transfer");
    }

    /// <summary>Teams that talk and check in, and certifications some of which are about to lapse (and were reminded) or have.</summary>
    private async Task AssertTeamRoomAndCertificationsAsync(DateTimeOffset now)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        Assert.True(await ScalarAsync(connection, "SELECT count(*) FROM team_messages") >= 20, "the teams talk");
        Assert.True(await ScalarAsync(connection, "SELECT count(*) FROM check_ins WHERE ended_at IS NOT NULL") >= 20, "workers check in and out around their work");
        Assert.True(await ScalarAsync(connection, $"SELECT count(*) FROM worker_certifications WHERE valid_until BETWEEN '{now:O}' AND '{now.AddDays(30):O}'") >= 3,
            "some certifications are about to lapse");
        Assert.True(await ScalarAsync(connection, $"SELECT count(*) FROM worker_certifications WHERE grace_ends_at < '{now:O}'") >= 1, "one has lapsed");
        Assert.True(await ScalarAsync(connection, "SELECT count(*) FROM notifications") > 0, "the scheduled jobs sent reminders");
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task SeedAsync(MarketApiFactory api) =>
        await api.Services.GetRequiredService<DemoWorld>().SeedAsync(CancellationToken.None);

    private async Task<(Dictionary<string, long> Counts, Dictionary<string, string> Checksums)> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        var checksums = new Dictionary<string, string>();
        foreach (var table in KeyTables)
        {
            // Row text and row version: an UPDATE that writes the same values still changes xmin.
            await using var sum = new NpgsqlCommand(
                $"SELECT coalesce(md5(string_agg(t::text || '@' || t.xmin::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t", connection);
            checksums[table] = (string)(await sum.ExecuteScalarAsync())!;
        }

        return (counts, checksums);
    }

    /// <summary>The API as the seed command runs it: on a clock the demo world can pin (here the test's fake clock).</summary>
    private sealed class SeedingApiFactory(string connectionString) : MarketApiFactory(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(new PinnableClock(Clock));
            });
        }
    }
}
