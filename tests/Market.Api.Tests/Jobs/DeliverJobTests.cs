using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Jobs;

/// <summary>From split to deliverable through HTTP: workers key every unit, the units are accepted, the agent delivers.</summary>
public sealed class DeliverJobTests(ApiFixture fixture) : ApiTest(fixture)
{
    private WorkWorld _world = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory, records: 4, batchSize: 2, workers: 2);
    }

    /// <summary>Each worker keys what the source shows; <paramref name="typo"/> changes one value in round 2.</summary>
    private async Task KeyEveryUnitAsync(bool typo = false)
    {
        var workers = new[] { await _world.WorkerClientAsync(1), await _world.WorkerClientAsync(2) };
        for (var round = 0; round < 2; round++)
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
                var rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray());
                var keyingRound = (await _world.UnitsAsync()).Single(u => u.Id.Value.ToString() == unitId).Slice!.KeyingRound;
                if (typo && keyingRound == 2)
                {
                    rows[0][0] += "X";
                }

                var submitted = await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit",
                    new { assignmentId = assignment.GetProperty("assignmentId").GetString(), content = JsonSerializer.Serialize(new { rows }) });
                Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
            }
        }
    }

    /// <summary>Review and acceptance are the QC capability's; here every submitted unit is simply accepted.</summary>
    private async Task AcceptAllAsync()
    {
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        foreach (var unit in await db.WorkUnits.IgnoreQueryFilters().Where(u => u.Status == WorkUnitStatus.Submitted).ToListAsync())
        {
            unit.Accept(Factory.Clock.GetUtcNow());
        }

        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Deliver_AfterEveryUnitIsAccepted_RebuildsTheRecordsInOrder_AndTheClientDownloadsThem()
    {
        await KeyEveryUnitAsync();
        Assert.All(await _world.UnitsAsync(), u => Assert.Equal(WorkUnitStatus.Submitted, u.Status));
        await AcceptAllAsync();

        var delivered = await (await _world.Coordinator.PostAsync($"/api/v1/jobs/{_world.JobId}/deliver", null)).JsonAsync();
        Assert.Equal("Delivered", delivered.GetProperty("status").GetString());
        Assert.Equal(100, delivered.GetProperty("progress").GetProperty("percentAccepted").GetInt32());

        var download = await _world.Client.GetAsync($"/api/v1/jobs/{_world.JobId}/deliverable");
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        var csv = Encoding.UTF8.GetString(await download.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var expected = Fixtures.SurveyCsv(4);
        Assert.Equal(Normalise(expected), Normalise(csv));
    }

    [Fact]
    public async Task Deliver_WhenTheTwoKeyingsDisagree_Returns409_AndTheJobStaysInProgress()
    {
        await KeyEveryUnitAsync(typo: true);
        await AcceptAllAsync();

        var response = await _world.Coordinator.PostAsync($"/api/v1/jobs/{_world.JobId}/deliver", null);
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "assembly_keying_mismatch");
        var job = await (await _world.Client.GetAsync($"/api/v1/jobs/{_world.JobId}")).JsonAsync();
        Assert.Equal("InProgress", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Deliver_BeforeEveryUnitIsAccepted_Returns409()
    {
        var response = await _world.Coordinator.PostAsync($"/api/v1/jobs/{_world.JobId}/deliver", null);
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, ProblemCodeOf(response));
        Assert.StartsWith("assembly_", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Deliver_ByTheClient_Returns403()
    {
        var response = await _world.Client.PostAsync($"/api/v1/jobs/{_world.JobId}/deliver", null);
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    private static string ProblemCodeOf(HttpResponseMessage response) =>
        JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.GetProperty("code").GetString()!;

    // The fixture quotes only the remarks column; the deliverable quotes what needs quoting. Compare the cells.
    private static string Normalise(string csv) => csv.Replace("\r\n", "\n").Replace("\"", string.Empty).Trim();
}

public sealed class DeliverTranscriptTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Deliver_Transcription_StitchesTheSegmentsAndDropsTheTextRepeatedInTheOverlap()
    {
        var world = await WorkWorld.CreateAsync(Factory, workers: 1, postJob: async client =>
        {
            var fileId = await client.UploadAsync(await File.ReadAllBytesAsync(await Fixtures.SpeechWavAsync()), "council.wav");
            return (await client.PostJobAsync(JobApi.Transcription(fileId, segmentMinutes: 2))).GetProperty("id").GetString()!;
        });
        var worker = await world.WorkerClientAsync(1);
        var units = await world.UnitsAsync();
        string[] speech =
        [
            "Good morning, everyone, and thank you for joining the regional telework council today.",
            "Our first topic is the transcription work that the prefecture sends to the mountain villages.",
            "Several home workers told us that the audio files were too large for their connections.",
            "So from this spring, every recording will be cut into short pieces before it is sent.",
            "Every record is typed twice, by two different people, and the results are compared.",
            "Workers are paid whether or not the client has paid the agent yet.",
        ];
        var texts = new List<string>();
        for (var i = 0; i < units.Count; i++)
        {
            // The overlap repeats the last words of the previous segment, which the next worker types again.
            var repeated = i == 0 ? string.Empty : string.Join(' ', speech[(2 * i) - 1].Split(' ')[^5..]) + " ";
            texts.Add(repeated + speech[2 * i] + " " + speech[(2 * i) + 1]);
        }

        for (var i = 0; i < units.Count; i++)
        {
            var assignment = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
            var unitId = assignment.GetProperty("unitId").GetString();
            var index = units.FindIndex(u => u.Id.Value.ToString() == unitId);
            var submitted = await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit",
                new { assignmentId = assignment.GetProperty("assignmentId").GetString(), content = texts[index] });
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        }

        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            foreach (var unit in await db.WorkUnits.IgnoreQueryFilters().Where(u => u.Status == WorkUnitStatus.Submitted).ToListAsync())
            {
                unit.Accept(Factory.Clock.GetUtcNow());
            }

            await db.SaveChangesAsync();
        }

        await (await world.Coordinator.PostAsync($"/api/v1/jobs/{world.JobId}/deliver", null)).JsonAsync();
        var transcript = await (await world.Client.GetAsync($"/api/v1/jobs/{world.JobId}/deliverable")).Content.ReadAsStringAsync();

        var expected = string.Join(' ', speech.Take(2 * units.Count));
        Assert.Equal(expected, string.Join(' ', transcript.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
    }
}
