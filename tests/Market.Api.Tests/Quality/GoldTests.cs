using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Quality;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Quality;

/// <summary>
/// Gold (known-answer) records through HTTP: the manager sets the share and adds gold, a worker's batch gets gold rows
/// among the real ones, the submission is scored on them and stored without them, and the agent sees who runs low.
/// </summary>
public sealed class GoldTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly string[] Fields = ["氏名", "住所", "電話番号", "備考"];

    private WorkWorld _world = null!;
    private HttpClient _owner = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory, records: 4, batchSize: 2, workers: 2);
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, _world.Agent.Id, "代表 一郎");
        _owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
    }

    private string Agent => $"/api/v1/agents/{_world.Agent.Id}";

    private async Task ConfigureAsync(int goldShare, int lowWatermark)
    {
        var put = await _owner.PutAsJsonAsync($"{Agent}/quality-settings",
            new { trialShare = 0, bShare = 0, aShare = 0, sShare = 0, goldShare, goldLowWatermark = lowWatermark });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        for (var i = 1; i <= 3; i++)
        {
            var added = await _owner.PostAsJsonAsync($"{Agent}/gold-records", new
            {
                fields = Fields.Select(f => new { fieldName = f, source = $"見本{i}の{f}", answer = $"答{i}{f}" }),
            });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
    }

    [Fact]
    public async Task GoldRows_AreMixedIntoTheBatch_ScoredOnSubmit_StrippedFromTheStoredWork_AndShownInTheScore()
    {
        await ConfigureAsync(goldShare: 5_000, lowWatermark: 3); // 50 % of 2 real records = 1 gold row
        var worker = await _world.WorkerClientAsync(1);
        var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString();
        var assignmentId = claim.GetProperty("assignmentId").GetString();

        var cells = (await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync()).GetProperty("cells").EnumerateArray().ToList();
        var rows = cells.GroupBy(c => c.GetProperty("row").GetInt32()).OrderBy(g => g.Key).ToList();
        Assert.Equal(3, rows.Count);
        var goldRow = Assert.Single(rows, r => r.First().GetProperty("recordIndex").ValueKind == JsonValueKind.Null);
        var shown = goldRow.First().GetProperty("source").GetString()!;
        Assert.Matches("^見本[123]の氏名$", shown);
        var again = (await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync()).GetProperty("cells").EnumerateArray();
        Assert.Equal(cells.Select(c => c.GetRawText()), again.Select(c => c.GetRawText())); // opening twice places nothing new

        var n = shown[2];
        var keyed = rows.Select(r => r.Key == goldRow.Key
                ? Fields.Select(f => f == "備考" ? "まちがい" : $"答{n}{f}").ToList()
                : r.Select(c => c.GetProperty("source").GetString()!).ToList())
            .ToList();
        await (await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = JsonSerializer.Serialize(new { rows = keyed.Where((_, i) => i != goldRow.Key) }) }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "submission_shape_mismatch");
        var submitted = await (await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = JsonSerializer.Serialize(new { rows = keyed }) })).JsonAsync();
        Assert.Equal("Accepted", submitted.GetProperty("unitStatus").GetString());

        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var stored = await db.UnitSubmissions.IgnoreQueryFilters().SingleAsync();
            var storedRows = JsonDocument.Parse(stored.Content).RootElement.GetProperty("rows");
            Assert.Equal(2, storedRows.GetArrayLength());
            Assert.DoesNotContain("答", stored.Content, StringComparison.Ordinal);
            var result = await db.GoldResults.IgnoreQueryFilters().SingleAsync();
            Assert.Equal((4, 3), (result.CellsCompared, result.CellsCorrect));
            Assert.Equal(["備考"], result.WrongFields);
        }

        var quality = await (await worker.GetAsync("/api/v1/me/quality")).JsonAsync();
        Assert.Equal(4, quality.GetProperty("goldCellsCompared").GetInt32());
        Assert.Equal(3, quality.GetProperty("goldCellsCorrect").GetInt32());

        var overview = await (await _world.Coordinator.GetAsync($"{Agent}/gold")).JsonAsync();
        Assert.Equal(3, overview.GetProperty("poolSize").GetInt32());
        var low = Assert.Single(overview.GetProperty("runningLow").EnumerateArray());
        Assert.Equal(_world.WorkerIds[0], low.GetProperty("workerId").GetGuid());
        Assert.Equal(2, low.GetProperty("unseen").GetInt32());
        Assert.Equal(7_500, low.GetProperty("accuracyBasisPoints").GetInt32());
        var other = overview.GetProperty("workers").EnumerateArray().Single(w => w.GetProperty("workerId").GetGuid() == _world.WorkerIds[1]);
        Assert.Equal(3, other.GetProperty("unseen").GetInt32());
    }

    [Fact]
    public async Task Batch_WithoutGoldForItsFields_HasOnlyRealRows()
    {
        await _owner.PutAsJsonAsync($"{Agent}/quality-settings", new { trialShare = 0, bShare = 0, aShare = 0, sShare = 0, goldShare = 5_000, goldLowWatermark = 1 });
        await _owner.PostAsJsonAsync($"{Agent}/gold-records", new { fields = new[] { new { fieldName = "氏名", source = "見本", answer = "答" } } });
        var worker = await _world.WorkerClientAsync(1);
        var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var cells = (await (await worker.GetAsync($"/api/v1/units/{claim.GetProperty("unitId").GetString()}/content")).JsonAsync()).GetProperty("cells").EnumerateArray();
        Assert.All(cells, c => Assert.Equal(JsonValueKind.Number, c.GetProperty("recordIndex").ValueKind));
    }

    [Fact]
    public async Task QualitySettings_OutOfRange_Returns400_ByAWorker_Returns403_AndTheSeedNeverChanges()
    {
        var before = await (await _world.Coordinator.GetAsync($"{Agent}/quality-settings")).JsonAsync();
        Assert.Equal(10_000, before.GetProperty("trialShare").GetInt32()); // the defaults: Trial 100 %
        Assert.Equal(1_000, before.GetProperty("sShare").GetInt32());

        await (await _owner.PutAsJsonAsync($"{Agent}/quality-settings", new { trialShare = 10_001, bShare = 0, aShare = 0, sShare = 0, goldShare = 0, goldLowWatermark = 0 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var worker = await _world.WorkerClientAsync(1);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PutAsJsonAsync($"{Agent}/quality-settings", new { trialShare = 0, bShare = 0, aShare = 0, sShare = 0, goldShare = 0, goldLowWatermark = 0 })).StatusCode);
        await (await _owner.PostAsJsonAsync($"{Agent}/gold-records", new { fields = Array.Empty<object>() }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var changed = await (await _owner.PutAsJsonAsync($"{Agent}/quality-settings", new { trialShare = 8_000, bShare = 4_000, aShare = 1_500, sShare = 500, goldShare = 300, goldLowWatermark = 10 })).JsonAsync();
        Assert.Equal(8_000, changed.GetProperty("trialShare").GetInt32());
        Assert.Equal(300, changed.GetProperty("goldShare").GetInt32());
        Assert.Equal(before.GetProperty("seed").GetString(), changed.GetProperty("seed").GetString());
    }
}
