using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Seeding;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Subcontracting;
using Market.Domain.Units;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Market.Api.Tests.Jobs;

/// <summary>
/// A job's progress is read from counters PostgreSQL keeps as units are written (ADR 0045), not counted per request.
/// These hold the counters against a real count of the units after every kind of write; <see cref="ApiTest"/> also
/// checks them after every other test.
/// </summary>
public sealed class JobProgressCountsTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Counters_AfterTheDemoWorldIsBuiltThroughTheHandlers_AgreeWithTheUnitsInEveryStatus_AndTheJobPageShowsThem()
    {
        // The demo story posts jobs (binary COPY of their units), cancels one (withdrawn units), starts work, moves units
        // to a subcontractor, claims, submits, reviews, reworks, adjudicates, delivers and accepts.
        await using var api = new SeedingApiFactory(Factory.ConnectionString);
        await api.Services.GetRequiredService<DemoWorld>().SeedAsync(CancellationToken.None);

        await JobUnitCountsCheck.AssertAgreeAsync(Factory.ConnectionString);
        Dictionary<(Guid Job, WorkUnitStatus Status), int> real;
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            real = (await db.WorkUnits.IgnoreQueryFilters().GroupBy(u => new { u.JobId, u.Status }).Select(g => new { g.Key.JobId, g.Key.Status, Count = g.Count() }).ToListAsync())
                .ToDictionary(r => (r.JobId.Value, r.Status), r => r.Count);
            Assert.Contains(await db.Subcontracts.IgnoreQueryFilters().ToListAsync(), s => s.Status == SubcontractStatus.Accepted);
        }

        // Every status a unit can be in was reached by some path, so every path's delta was counted.
        foreach (var status in new[] { WorkUnitStatus.Available, WorkUnitStatus.Assigned, WorkUnitStatus.Accepted, WorkUnitStatus.Withdrawn })
        {
            Assert.Contains(real.Keys, k => k.Status == status);
        }

        Assert.Contains(real.Keys, k => k.Status is WorkUnitStatus.Submitted or WorkUnitStatus.InReview or WorkUnitStatus.ReworkRequested);

        // What the client sees on each of its jobs is exactly the count of its units.
        using var client = await api.ClientForAsync("client@" + DemoAccounts.Domain, DemoAccounts.Password);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/jobs?pageSize=100");
        var checkedJobs = 0;
        foreach (var item in list.GetProperty("items").EnumerateArray())
        {
            var id = Guid.Parse(item.GetProperty("id").GetString()!);
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
            var byStatus = job.GetProperty("progress").GetProperty("byStatus");
            foreach (var status in Enum.GetValues<WorkUnitStatus>())
            {
                var expected = real.GetValueOrDefault((id, status));
                var shown = byStatus.TryGetProperty(status.ToString(), out var value) ? value.GetInt32() : 0;
                Assert.True(expected == shown, $"job {id} {status}: page shows {shown}, the units are {expected}");
            }

            Assert.Equal(real.Where(r => r.Key.Job == id && r.Key.Status != WorkUnitStatus.Withdrawn).Sum(r => r.Value), job.GetProperty("progress").GetProperty("total").GetInt32());
            checkedJobs++;
        }

        Assert.True(checkedJobs >= 10, $"the demo client sees its jobs ({checkedJobs})");
    }

    [Fact]
    public async Task Counters_UnderConcurrentClaimsOnOneJob_CountEveryClaim_AndTheJobPageReadsThemRightAfter()
    {
        var world = await WorkWorld.CreateAsync(Factory, records: 40, batchSize: 1, workers: 8);
        var workers = new List<HttpClient>();
        for (var i = 1; i <= 8; i++)
        {
            workers.Add(await Factory.ClientForAsync($"w{i}@hub.jp", TestData.Password));
        }

        // Eight workers claim three units each at the same moment: the counters never make one wait for another.
        var claims = await Task.WhenAll(workers.SelectMany(w => Enumerable.Range(0, 3).Select(_ => w)).Select(async w => (await w.PostAsync("/api/v1/me/units/claim", null)).StatusCode));
        var claimed = claims.Count(s => s == System.Net.HttpStatusCode.Created);
        Assert.True(claimed > 0, string.Join(", ", claims));

        var progress = (await world.Client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{world.JobId}")).GetProperty("progress");
        Assert.Equal(claimed, progress.GetProperty("byStatus").GetProperty("Assigned").GetInt32());
        Assert.Equal(80 - claimed, progress.GetProperty("byStatus").GetProperty("Available").GetInt32());
        Assert.Equal(80, progress.GetProperty("total").GetInt32());
        await JobUnitCountsCheck.AssertAgreeAsync(Factory.ConnectionString);
    }

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
