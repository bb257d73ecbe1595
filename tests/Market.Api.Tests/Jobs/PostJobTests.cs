using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Splitting.Audio;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Jobs;

public sealed class PostJobTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var firm = await TestData.ClientAsync(Factory, "くろしお県 産業振興課");
        await TestData.UserAsync(Factory, "client@pref.example.jp", Roles.ClientMember, firm.Id);
        _client = await Factory.ClientForAsync("client@pref.example.jp", TestData.Password);
    }

    [Fact]
    public async Task PostTranscription_WithSpeechWav_CutsAtQuietPoints_WithOverlap_AndReportsProgressAndPrice()
    {
        var wavPath = await Fixtures.SpeechWavAsync();
        var wav = await File.ReadAllBytesAsync(wavPath);
        var fileId = await _client.UploadAsync(wav, "council.wav");

        var job = await _client.PostJobAsync(JobApi.Transcription(fileId, segmentMinutes: 2, overlapSeconds: 5));

        Assert.Equal("Open", job.GetProperty("status").GetString());
        var units = await _client.UnitsAsync(job.GetProperty("id").GetString()!);
        var envelope = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));
        Assert.InRange(units.Count, 2, 3);
        Assert.Equal(0, units[0].GetProperty("startMs").GetInt64());
        Assert.Equal(envelope.DurationMs, units[^1].GetProperty("endMs").GetInt64());

        var speechLevel = envelope.Rms.OrderBy(r => r).ElementAt(envelope.WindowCount * 3 / 4);
        for (var i = 1; i < units.Count; i++)
        {
            var cut = units[i].GetProperty("startMs").GetInt64();
            var previousEnd = units[i - 1].GetProperty("endMs").GetInt64();
            Assert.Equal(cut + 5_000, previousEnd); // neighbours share exactly the 5 s overlap
            Assert.InRange(cut, (i * 120_000) - 20_000, (i * 120_000) + 20_000);
            var window = (int)(cut / envelope.WindowMs);
            Assert.True(envelope.Rms[window] < speechLevel * 0.1, $"cut at {cut} ms is not in a pause (rms {envelope.Rms[window]} vs speech {speechLevel})");
        }

        var progress = job.GetProperty("progress");
        Assert.Equal(units.Count, progress.GetProperty("total").GetInt32());
        Assert.Equal(units.Count, progress.GetProperty("byStatus").GetProperty("Pending").GetInt32());
        Assert.Equal(0, progress.GetProperty("percentAccepted").GetInt32());
        var quote = job.GetProperty("quote");
        Assert.Equal(units.Count, quote.GetProperty("unitCount").GetInt32());
        Assert.True(quote.GetProperty("workerPay").GetInt64() > 0);
        Assert.Equal(
            quote.GetProperty("workerPay").GetInt64() + quote.GetProperty("agentMargin").GetInt64(),
            quote.GetProperty("clientPriceBeforeTax").GetInt64());
    }

    [Fact]
    public async Task PostTranscription_WithMp3_IsDecodedByFfmpeg_AndSplitLikeTheWav()
    {
        var mp3 = await File.ReadAllBytesAsync(await Fixtures.SpeechMp3Async());
        var fileId = await _client.UploadAsync(mp3, "council.mp3");

        var job = await _client.PostJobAsync(JobApi.Transcription(fileId, segmentMinutes: 2));

        var units = await _client.UnitsAsync(job.GetProperty("id").GetString()!);
        Assert.InRange(units.Count, 2, 3);
        Assert.All(units, u => Assert.Equal("Transcription", u.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task PostTranscription_WithM4a_IsSniffedAsAudioAndSplit()
    {
        var m4a = await File.ReadAllBytesAsync(await Fixtures.SpeechM4aAsync());
        var response = await _client.PostAsync("/api/v1/files", Files.FileUploadTests.Form(m4a, "recording.m4a"));
        var file = await response.JsonAsync();
        Assert.Equal("audio/mp4", file.GetProperty("mediaType").GetString());

        var job = await _client.PostJobAsync(JobApi.Transcription(file.GetProperty("id").GetString()!, segmentMinutes: 2));

        Assert.InRange((await _client.UnitsAsync(job.GetProperty("id").GetString()!)).Count, 2, 3);
    }

    [Fact]
    public async Task UnitAudio_IsTheSegmentAlone_AsASmallMp3_EncodedOnceAndCached()
    {
        var wav = await File.ReadAllBytesAsync(await Fixtures.SpeechWavAsync());
        var fileId = await _client.UploadAsync(wav, "council.wav");
        var job = await _client.PostJobAsync(JobApi.Transcription(fileId, segmentMinutes: 2));
        var jobId = job.GetProperty("id").GetString();
        var unit = (await _client.UnitsAsync(jobId!))[0];

        var first = await _client.GetAsync($"/api/v1/jobs/{jobId}/units/{unit.GetProperty("id").GetString()}/audio");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("audio/mpeg", first.Content.Headers.ContentType?.MediaType);
        var audio = await first.Content.ReadAsByteArrayAsync();
        var seconds = (unit.GetProperty("endMs").GetInt64() - unit.GetProperty("startMs").GetInt64()) / 1000.0;
        Assert.InRange(audio.Length, seconds * 3_000, seconds * 5_000); // ≈ 32 kbit/s, far below the 32 kB/s of the WAV

        var second = await (await _client.GetAsync($"/api/v1/jobs/{jobId}/units/{unit.GetProperty("id").GetString()}/audio")).Content.ReadAsByteArrayAsync();
        Assert.Equal(audio, second);
        using var scope = NewScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<MarketDbContext>().UnitMedia.CountAsync());
    }

    [Fact]
    public async Task PostDataEntry_WithShiftJisCsv_SplitsIntoBatches_EachPlannedTwice()
    {
        var fileId = await _client.UploadAsync(Fixtures.ShiftJisCsv(Fixtures.SurveyCsv(120)), "survey.csv");

        var job = await _client.PostJobAsync(JobApi.DataEntry(fileId, batchSize: 50));

        var units = await _client.UnitsAsync(job.GetProperty("id").GetString()!);
        Assert.Equal(6, units.Count); // 50 + 50 + 20 records, each batch keyed in round 1 and round 2
        Assert.Equal([20, 20, 50, 50, 50, 50], units.Select(u => u.GetProperty("recordCount").GetInt32()).Order());
        Assert.Equal(3, units.Count(u => u.GetProperty("keyingRound").GetInt32() == 1));
        Assert.Equal(3, units.Count(u => u.GetProperty("keyingRound").GetInt32() == 2));
        Assert.Equal(120 * 4 * 2, job.GetProperty("quote").GetProperty("keyedFields").GetInt32());
    }

    [Fact]
    public async Task PostDataEntry_PersonalData_SplitsByField_SoNoUnitHoldsTwoFieldsOfARecord()
    {
        var fileId = await _client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(30)), "survey.csv");

        var job = await _client.PostJobAsync(JobApi.DataEntry(fileId, confidentiality: "PersonalData", batchSize: 50));

        var units = await _client.UnitsAsync(job.GetProperty("id").GetString()!);
        Assert.Equal(4 * 2, units.Count); // one unit per field, twice
        Assert.All(units, u => Assert.Single(u.GetProperty("fields").EnumerateArray()));
    }

    [Fact]
    public async Task PostWebEdit_WithJson_MakesOneUnitPerPage()
    {
        var requests = JsonSerializer.Serialize(new[]
        {
            new { url = "https://town.example.jp/info", currentContent = "<p>営業時間 9:00-17:00</p>", requestedChange = "17:00 を 18:00 に" },
            new { url = "https://town.example.jp/access", currentContent = "<p>バス停から徒歩5分</p>", requestedChange = "地図を追加" },
        });
        var fileId = await _client.UploadAsync(Encoding.UTF8.GetBytes(requests), "pages.json");

        var job = await _client.PostJobAsync(JobApi.WebEdit(fileId));

        var units = await _client.UnitsAsync(job.GetProperty("id").GetString()!);
        Assert.Equal(["https://town.example.jp/info", "https://town.example.jp/access"], units.Select(u => u.GetProperty("pageUrl").GetString()));
    }

    [Fact]
    public async Task PostJob_WithADeadlineInJapanTime_IsStoredAsTheSameInstant()
    {
        var fileId = await _client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(3)), "s.csv");
        var node = JsonSerializer.SerializeToNode(JobApi.DataEntry(fileId))!;
        var deadline = new DateTimeOffset(2027, 1, 15, 17, 0, 0, TimeSpan.FromHours(9));
        node["deadline"] = deadline;

        var job = await _client.PostJobAsync(node);

        Assert.Equal(deadline, job.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, job.GetProperty("deadline").GetDateTimeOffset().Offset);
    }

    [Fact]
    public async Task GetJob_ByAnotherClient_Returns404_AndTheirListIsEmpty()
    {
        var fileId = await _client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(5)), "s.csv");
        var job = await _client.PostJobAsync(JobApi.DataEntry(fileId));
        var other = await TestData.ClientAsync(Factory, "Other firm");
        await TestData.UserAsync(Factory, "other@firm.jp", Roles.ClientMember, other.Id);
        var otherClient = await Factory.ClientForAsync("other@firm.jp", TestData.Password);

        await (await otherClient.GetAsync($"/api/v1/jobs/{job.GetProperty("id").GetString()}")).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        await (await otherClient.GetAsync($"/api/v1/jobs/{job.GetProperty("id").GetString()}/units")).AssertProblemAsync(HttpStatusCode.NotFound, "job_not_found");
        var list = await (await otherClient.GetAsync("/api/v1/jobs")).JsonAsync();
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        var own = await (await _client.GetAsync("/api/v1/jobs")).JsonAsync();
        Assert.Equal(1, own.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task PostJob_AsAWorker_Returns403()
    {
        var agent = await TestData.AgentAsync(Factory, "Agent", "W-1");
        await TestData.UserAsync(Factory, "w@agent.jp", Roles.Worker, agent.Id);
        var worker = await Factory.ClientForAsync("w@agent.jp", TestData.Password);
        var response = await worker.PostAsJsonAsync("/api/v1/jobs", JobApi.WebEdit(new string('a', 64)));
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
