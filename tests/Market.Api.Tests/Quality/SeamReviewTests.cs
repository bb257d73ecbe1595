using System.Net;
using System.Net.Http.Json;
using Market.Api.Identity;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;

namespace Market.Api.Tests.Quality;

/// <summary>Seam review before stitching: the agent sees what neighbouring transcription units typed for their shared audio.</summary>
public sealed class SeamReviewTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Seams_ShowTheTextRepeatedInTheOverlap_SideBySide_OnlyToTheLeadAgent()
    {
        var world = await WorkWorld.CreateAsync(Factory, workers: 1, postJob: async client =>
        {
            var fileId = await client.UploadAsync(await File.ReadAllBytesAsync(await Fixtures.SpeechWavAsync()), "council.wav");
            return (await client.PostJobAsync(JobApi.Transcription(fileId, segmentMinutes: 2))).GetProperty("id").GetString()!;
        });
        var units = await world.UnitsAsync();
        Assert.True(units.Count >= 2, "the fixture must split into at least two segments");
        var worker = await world.WorkerClientAsync(1);
        for (var i = 0; i < units.Count; i++)
        {
            var assignment = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
            var unitId = assignment.GetProperty("unitId").GetString();
            var index = units.FindIndex(u => u.Id.Value.ToString() == unitId);
            // Segment n ends with "tail n"; segment n+1 repeats it at its start, as a worker hearing the overlap would.
            var text = (index == 0 ? string.Empty : $"the shared words of seam {index} ") + $"body of segment {index} and the shared words of seam {index + 1}";
            var submitted = await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId = assignment.GetProperty("assignmentId").GetString(), content = text });
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        }

        var seams = (await (await world.Coordinator.GetAsync($"/api/v1/jobs/{world.JobId}/seams")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(units.Count - 1, seams.Count);
        var first = seams[0];
        Assert.Equal(units[0].Sequence, first.GetProperty("earlierSequence").GetInt32());
        Assert.Equal(units[1].Sequence, first.GetProperty("laterSequence").GetInt32());
        Assert.True(first.GetProperty("matched").GetBoolean());
        Assert.EndsWith("the shared words of seam 1", first.GetProperty("earlierTail").GetString(), StringComparison.Ordinal);
        Assert.Equal("the shared words of seam 1", first.GetProperty("laterHead").GetString()!.Trim());
        Assert.True(first.GetProperty("sharedToMs").GetInt64() > first.GetProperty("sharedFromMs").GetInt64());

        var other = await AgentLayerData.AgentAsync(Factory, "別の拠点");
        var stranger = await AgentLayerData.SignedInAsync(Factory, "coord@other.jp", Roles.AgentCoordinator, other.Id);
        await (await stranger.GetAsync($"/api/v1/jobs/{world.JobId}/seams")).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Client.GetAsync($"/api/v1/jobs/{world.JobId}/seams")).StatusCode);
    }
}
