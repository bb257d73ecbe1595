using System.Net;
using System.Net.Http.Json;
using System.Text;
using Market.Api.Persistence;
using Market.Api.Tests.Files;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Jobs;

/// <summary>Every bad input gets a clear error, and no half-split job is ever left behind.</summary>
public sealed class BadJobInputTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var firm = await TestData.ClientAsync(Factory, "Firm");
        await TestData.UserAsync(Factory, "client@firm.jp", Roles.ClientMember, firm.Id);
        _client = await Factory.ClientForAsync("client@firm.jp", TestData.Password);
    }

    private async Task AssertNothingSavedAsync()
    {
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        Assert.Equal(0, await db.Jobs.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.WorkUnits.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.JobQuotes.IgnoreQueryFilters().CountAsync());
    }

    [Fact]
    public async Task TruncatedWav_Returns422_AndSavesNothing()
    {
        var wav = FileUploadTests.TinyWav(seconds: 3);
        var fileId = await _client.UploadAsync(wav[..30], "cut.wav"); // header cut off mid-fmt chunk

        var response = await _client.PostAsJsonAsync("/api/v1/jobs", JobApi.Transcription(fileId));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, ProblemCode(response));
        Assert.StartsWith("audio_", problem.GetProperty("code").GetString());
        await AssertNothingSavedAsync();
    }

    [Fact]
    public async Task WavWhoseHeaderClaimsMoreDataThanTheFileHas_Returns422()
    {
        var wav = FileUploadTests.TinyWav(seconds: 3);
        BitConverter.GetBytes(int.MaxValue).CopyTo(wav, 40); // data chunk size lies
        var fileId = await _client.UploadAsync(wav, "lying.wav");

        var response = await _client.PostAsJsonAsync("/api/v1/jobs", JobApi.Transcription(fileId));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, ProblemCode(response));
        Assert.StartsWith("audio_", problem.GetProperty("code").GetString());
        await AssertNothingSavedAsync();
    }

    [Fact]
    public async Task Mp3ThatIsNotAudio_Returns422AudioDecodeFailed()
    {
        var fake = new byte[4096];
        "ID3"u8.CopyTo(fake);
        new Random(7).NextBytes(fake.AsSpan(10));
        var fileId = await _client.UploadAsync(fake, "fake.mp3");

        var response = await _client.PostAsJsonAsync("/api/v1/jobs", JobApi.Transcription(fileId));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, ProblemCode(response));
        Assert.StartsWith("audio_", problem.GetProperty("code").GetString());
        await AssertNothingSavedAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    public async Task SegmentLengthOutside2To8Minutes_Returns422(int minutes)
    {
        var fileId = await _client.UploadAsync(FileUploadTests.TinyWav(), "a.wav");
        var response = await _client.PostAsJsonAsync("/api/v1/jobs", JobApi.Transcription(fileId, segmentMinutes: minutes));
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "transcription_segment_length_out_of_range");
        await AssertNothingSavedAsync();
    }

    [Fact]
    public async Task RaggedCsv_Returns422WithTheLine_AndSavesNothing()
    {
        var fileId = await _client.UploadAsync(Encoding.UTF8.GetBytes("氏名,住所\n山田,高知\n佐藤\n"), "ragged.csv");
        var response = await _client.PostAsJsonAsync("/api/v1/jobs", JobApi.DataEntry(fileId));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "csv_ragged_row");
        Assert.Contains("3", problem.GetProperty("detail").GetString());
        await AssertNothingSavedAsync();
    }

    [Fact]
    public async Task CsvInNeitherUtf8NorShiftJis_Returns422()
    {
        var bytes = Encoding.UTF8.GetBytes("氏名,住所\n山田,高知\n").Concat(new byte[] { 0x81, 0x20, 0xFF, 0xFE, 0x0A }).ToArray();
        var fileId = await _client.UploadAsync(bytes, "bad.csv");
        var response = await _client.PostAsJsonAsync("/api/v1/jobs", JobApi.DataEntry(fileId));
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "csv_encoding_invalid");
        await AssertNothingSavedAsync();
    }

    [Fact]
    public async Task InputOfAnotherTenantOrUnknown_Returns422InputFileNotFound()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/jobs", JobApi.DataEntry(new string('b', 64)));
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "input_file_not_found");
        await AssertNothingSavedAsync();
    }

    [Fact]
    public async Task InputOfTheWrongKind_Returns422()
    {
        var fileId = await _client.UploadAsync(Encoding.UTF8.GetBytes("a,b\n1,2\n"), "x.csv");
        var response = await _client.PostAsJsonAsync("/api/v1/jobs", JobApi.Transcription(fileId));
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "input_file_wrong_type");
    }

    [Fact]
    public async Task MissingFieldsAndSettingsOfAnotherType_Return400WithFieldErrors()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/jobs", new
        {
            type = "DataEntry",
            title = "",
            specMarkdown = "x",
            deadline = DateTimeOffset.UtcNow.AddDays(3),
            confidentiality = "Standard",
            inputFiles = new[] { "not-a-hash" },
            transcription = new { style = "Verbatim" },
        });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("inputFiles[0]", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("settings", out _), errors.ToString());
    }

    [Fact]
    public async Task UnknownEnumValue_Returns400()
    {
        var fileId = await _client.UploadAsync(FileUploadTests.TinyWav(), "a.wav");
        var response = await _client.PostAsJsonAsync("/api/v1/jobs", new
        {
            type = "Translation",
            title = "t",
            specMarkdown = "s",
            deadline = DateTimeOffset.UtcNow.AddDays(3),
            confidentiality = "Standard",
            inputFiles = new[] { fileId },
        });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task DeadlineInThePast_Returns409_AndSavesNothing()
    {
        var fileId = await _client.UploadAsync(Encoding.UTF8.GetBytes("a,b\n1,2\n"), "x.csv");
        var job = JobApi.DataEntry(fileId);
        var json = System.Text.Json.JsonSerializer.SerializeToNode(job)!;
        json["deadline"] = DateTimeOffset.UtcNow.AddDays(-1);
        var response = await _client.PostAsJsonAsync("/api/v1/jobs", json);
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "job_deadline_not_in_future");
        await AssertNothingSavedAsync();
    }

    private static string ProblemCode(HttpResponseMessage response)
    {
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return System.Text.Json.JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var code) ? code.GetString()! : "(none)";
    }
}
