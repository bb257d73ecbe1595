using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Market.Api.Identity;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Quality;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Quality;

/// <summary>
/// Double keying through HTTP: both keyings accepted → compared after width/whitespace normalisation; agreeing
/// cells go straight to the deliverable, a disagreeing one waits for a reviewer's adjudication, and delivery waits too.
/// </summary>
public sealed class DoubleKeyingTests(ApiFixture fixture) : ApiTest(fixture)
{
    private WorkWorld _world = null!;
    private HttpClient _reviewer = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory, records: 4, batchSize: 2, workers: 2);
        // No sampling: each keying is accepted at once, so the comparison is the only check.
        await QualitySetup.SetSamplingAsync(Factory, _world.Agent.Id, new SamplingPolicy(0, 0, 0, 0));
        var reviewer = await TestData.UserAsync(Factory, "reviewer@hub.jp", Roles.AgentReviewer, _world.Agent.Id, "検品 花子");
        await QualitySetup.CertifyReviewerAsync(Factory, reviewer.Id);
        _reviewer = await Factory.ClientForAsync("reviewer@hub.jp", TestData.Password);
    }

    private static string FullWidth(string text) =>
        new(text.Select(c => c switch
        {
            >= '0' and <= '9' => (char)(c - '0' + '０'),
            '-' => '－',
            ' ' => '\u3000',
            _ => c,
        }).ToArray());

    /// <summary>
    /// Round 1 keys digits, hyphens and spaces full-width (an IME left in full-width mode); round 2 keys them
    /// half-width, and in record 0 mistypes the name (太郎 → 太朗).
    /// </summary>
    private async Task KeyEveryUnitAsync()
    {
        var workers = new[] { await _world.WorkerClientAsync(1), await _world.WorkerClientAsync(2) };
        var keyed = 0;
        for (var pass = 0; pass < 3; pass++)
        {
            foreach (var worker in workers)
            {
                var claim = await worker.PostAsync("/api/v1/me/units/claim", null);
                if (claim.StatusCode != HttpStatusCode.Created)
                {
                    continue;
                }

                var assignment = await claim.JsonAsync();
                var unitId = assignment.GetProperty("unitId").GetString();
                var content = await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
                var cells = content.GetProperty("cells").EnumerateArray().ToList();
                var rows = WorkerFlowTests.RowsFrom(cells);
                var firstRecord = cells.Min(c => c.GetProperty("recordIndex").GetInt32());
                var round = (await _world.UnitsAsync()).Single(u => u.Id.Value.ToString() == unitId).Slice!.KeyingRound;
                if (round == 1)
                {
                    rows = rows.Select(r => r.Select(FullWidth).ToList()).ToList();
                }
                else if (firstRecord == 0)
                {
                    rows[0][0] = rows[0][0].Replace("太郎", "太朗", StringComparison.Ordinal);
                }

                var submitted = await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit",
                    new { assignmentId = assignment.GetProperty("assignmentId").GetString(), content = JsonSerializer.Serialize(new { rows }) });
                Assert.Equal("Accepted", (await submitted.JsonAsync()).GetProperty("unitStatus").GetString());
                keyed++;
            }
        }

        Assert.Equal(4, keyed);
    }

    private async Task<JsonElement> OpenAdjudicationAsync()
    {
        var open = (await (await _reviewer.GetAsync($"/api/v1/agents/{_world.Agent.Id}/adjudications")).JsonAsync()).GetProperty("items");
        return Assert.Single(open.EnumerateArray());
    }

    [Fact]
    public async Task BothKeyingsAccepted_WidthVariantsAgree_OneMistypedCellIsAdjudicated_ThenTheJobDelivers()
    {
        await KeyEveryUnitAsync();

        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var comparisons = await db.KeyingComparisons.IgnoreQueryFilters().OrderBy(c => c.ComparedAt).ToListAsync();
            Assert.Equal(2, comparisons.Count);
            Assert.All(comparisons, c => Assert.Equal(2 * 4, c.CellsCompared)); // 2 records × 4 fields per batch
            Assert.Equal(2 * 4 + 2 * 4 - 1, comparisons.Sum(c => c.CellsAgreed)); // only the mistyped name disagrees
        }

        var summary = await OpenAdjudicationAsync();
        Assert.Equal(1, summary.GetProperty("unresolved").GetInt32());
        var id = summary.GetProperty("id").GetString();

        await (await _world.Coordinator.PostAsync($"/api/v1/jobs/{_world.JobId}/deliver", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, "job_has_open_adjudications");

        var task = await (await _reviewer.GetAsync($"/api/v1/adjudications/{id}")).JsonAsync();
        var cell = Assert.Single(task.GetProperty("cells").EnumerateArray());
        Assert.Equal(0, cell.GetProperty("recordIndex").GetInt32());
        Assert.Equal("氏名", cell.GetProperty("fieldName").GetString());
        Assert.Equal("山田 太郎1", cell.GetProperty("source").GetString());
        Assert.Equal("山田\u3000太郎１", cell.GetProperty("round1").GetString());
        Assert.Equal("山田 太朗1", cell.GetProperty("round2").GetString());

        var decided = await (await _reviewer.PostAsJsonAsync($"/api/v1/adjudications/{id}/decisions", new
        {
            file = cell.GetProperty("file").GetString(),
            recordIndex = 0,
            fieldName = "氏名",
            round = 1,
        })).JsonAsync();
        Assert.Equal("Resolved", decided.GetProperty("status").GetString());
        Assert.Equal("山田 太郎1", decided.GetProperty("cells")[0].GetProperty("resolvedValue").GetString());
        Assert.Empty((await (await _reviewer.GetAsync($"/api/v1/agents/{_world.Agent.Id}/adjudications")).JsonAsync()).GetProperty("items").EnumerateArray());

        var delivered = await _world.Coordinator.PostAsync($"/api/v1/jobs/{_world.JobId}/deliver", null);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        var csv = Encoding.UTF8.GetString(await (await _world.Client.GetAsync($"/api/v1/jobs/{_world.JobId}/deliverable")).Content.ReadAsByteArrayAsync());
        Assert.Contains("山田 太郎1,高知県高岡郡四万十町1番地,0880-22-0001", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("太朗", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("０", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adjudication_ByTheUncertifiedCoordinator_Returns409_AndByAWorker_Returns403()
    {
        await KeyEveryUnitAsync();
        var summary = await OpenAdjudicationAsync();
        var id = summary.GetProperty("id").GetString();
        var file = (await (await _reviewer.GetAsync($"/api/v1/adjudications/{id}")).JsonAsync()).GetProperty("cells")[0].GetProperty("file").GetString();
        var body = new { file, recordIndex = 0, fieldName = "氏名", value = "山田 太郎1" };

        await (await _world.Coordinator.PostAsJsonAsync($"/api/v1/adjudications/{id}/decisions", body))
            .AssertProblemAsync(HttpStatusCode.Conflict, "reviewer_not_certified");
        var worker = await _world.WorkerClientAsync(1);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync($"/api/v1/adjudications/{id}")).StatusCode);

        var typed = await (await _reviewer.PostAsJsonAsync($"/api/v1/adjudications/{id}/decisions", body)).JsonAsync();
        Assert.Equal("Typed", typed.GetProperty("cells")[0].GetProperty("choice").GetString());
        await (await _reviewer.PostAsJsonAsync($"/api/v1/adjudications/{id}/decisions", body))
            .AssertProblemAsync(HttpStatusCode.Conflict, "adjudication_not_open");
    }

    [Fact]
    public async Task Adjudication_WithBothARoundAndAValue_Returns400_AndWithAnUndisputedCell_Returns422()
    {
        await KeyEveryUnitAsync();
        var id = (await OpenAdjudicationAsync()).GetProperty("id").GetString();
        var file = (await (await _reviewer.GetAsync($"/api/v1/adjudications/{id}")).JsonAsync()).GetProperty("cells")[0].GetProperty("file").GetString();

        await (await _reviewer.PostAsJsonAsync($"/api/v1/adjudications/{id}/decisions", new { file, recordIndex = 0, fieldName = "氏名", round = 1, value = "x" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _reviewer.PostAsJsonAsync($"/api/v1/adjudications/{id}/decisions", new { file, recordIndex = 1, fieldName = "氏名", round = 2 }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "adjudication_cell_unknown");
        var unchanged = await (await _reviewer.GetAsync($"/api/v1/adjudications/{id}")).JsonAsync();
        Assert.Equal("Open", unchanged.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Adjudications_OfAnotherAgent_AreNotFound()
    {
        await KeyEveryUnitAsync();
        var id = (await OpenAdjudicationAsync()).GetProperty("id").GetString();
        var other = await AgentLayerData.AgentAsync(Factory, "別の拠点");
        var stranger = await AgentLayerData.SignedInAsync(Factory, "rev@other.jp", Roles.AgentReviewer, other.Id);

        await (await stranger.GetAsync($"/api/v1/adjudications/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "adjudication_not_found");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/agents/{_world.Agent.Id}/adjudications")).StatusCode);
        Assert.Equal(WorkUnitStatus.Accepted, (await _world.UnitsAsync()).Select(u => u.Status).Distinct().Single());
    }
}
