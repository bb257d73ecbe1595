using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Files;

public sealed class FileUploadTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _clientA = null!;
    private HttpClient _clientB = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var a = await TestData.ClientAsync(Factory, "Client A");
        var b = await TestData.ClientAsync(Factory, "Client B");
        await TestData.UserAsync(Factory, "a@client.jp", Roles.ClientMember, a.Id);
        await TestData.UserAsync(Factory, "b@client.jp", Roles.ClientMember, b.Id);
        _clientA = await Factory.ClientForAsync("a@client.jp", TestData.Password);
        _clientB = await Factory.ClientForAsync("b@client.jp", TestData.Password);
    }

    internal static byte[] TinyWav(int seconds = 1, int sampleRate = 8000)
    {
        var samples = seconds * sampleRate;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + (samples * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(sampleRate);
        writer.Write(sampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        for (var i = 0; i < samples; i++)
        {
            writer.Write((short)(Math.Sin(i * 2 * Math.PI * 440 / sampleRate) * 8000));
        }

        return stream.ToArray();
    }

    internal static MultipartFormDataContent Form(byte[] content, string fileName, string declaredType = "application/octet-stream")
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        return new MultipartFormDataContent { { part, "file", fileName } };
    }

    [Fact]
    public async Task Upload_Wav_IsStoredUnderItsSha256_AndTheOwnerDownloadsTheSameBytes()
    {
        var wav = TinyWav();
        var response = await _clientA.PostAsync("/api/v1/files", Form(wav, "interview.wav"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var file = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = file.GetProperty("id").GetString();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(wav)), id);
        Assert.Equal("audio/wav", file.GetProperty("mediaType").GetString());
        Assert.Equal(wav.Length, file.GetProperty("length").GetInt64());

        var download = await _clientA.GetAsync($"/api/v1/files/{id}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(wav, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Upload_TypeIsDecidedByContent_NotByNameOrDeclaredType()
    {
        var csv = Encoding.UTF8.GetBytes("氏名,住所\n山田,高知県\n");
        var response = await _clientA.PostAsync("/api/v1/files", Form(csv, "looks-like.wav", "audio/wav"));
        var file = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("text/csv", file.GetProperty("mediaType").GetString());
    }

    [Fact]
    public async Task Upload_ZipOrExecutable_IsRefusedWith415()
    {
        var zip = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00 };
        var response = await _clientA.PostAsync("/api/v1/files", Form(zip, "records.csv", "text/csv"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "file_type_not_allowed");
        await AssertNoFileRowsAsync();
    }

    [Fact]
    public async Task Upload_EmptyFile_IsRefusedWith422()
    {
        var response = await _clientA.PostAsync("/api/v1/files", Form([], "empty.wav"));
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "file_empty");
        await AssertNoFileRowsAsync();
    }

    [Fact]
    public async Task Upload_OverTheSizeLimit_IsRefusedWith413_AndNothingIsSaved()
    {
        await using var small = new MarketApiFactory(Factory.ConnectionString, new Dictionary<string, string?> { ["Files:MaxUploadBytes"] = "4096" });
        var client = await small.ClientForAsync("a@client.jp", TestData.Password);
        var response = await client.PostAsync("/api/v1/files", Form(TinyWav(seconds: 2), "long.wav"));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await AssertNoFileRowsAsync();
    }

    [Fact]
    public async Task Upload_WithoutMultipart_Returns415_AndWithoutFilePart_Returns400()
    {
        var raw = await _clientA.PostAsync("/api/v1/files", new ByteArrayContent(TinyWav()));
        await raw.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

        var form = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        var noFile = await _clientA.PostAsync("/api/v1/files", form);
        await noFile.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Upload_FileNameWithPath_KeepsOnlyTheLastSegmentForDisplay()
    {
        var response = await _clientA.PostAsync("/api/v1/files", Form(TinyWav(), "../../etc/passwd.wav"));
        var file = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("passwd.wav", file.GetProperty("fileName").GetString());
    }

    [Fact]
    public async Task Upload_SameBytesTwice_IsOneFile()
    {
        var wav = TinyWav();
        var first = await (await _clientA.PostAsync("/api/v1/files", Form(wav, "a.wav"))).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await _clientA.PostAsync("/api/v1/files", Form(wav, "b.wav"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        using var scope = NewScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<MarketDbContext>().StoredFiles.CountAsync());
    }

    [Fact]
    public async Task Download_ByAnotherTenant_Returns404_EvenWhenTheyKnowTheHash()
    {
        var wav = TinyWav();
        var file = await (await _clientA.PostAsync("/api/v1/files", Form(wav, "secret.wav"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = file.GetProperty("id").GetString();

        await (await _clientB.GetAsync($"/api/v1/files/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "file_not_found");
        await (await _clientB.GetAsync($"/api/v1/files/{id}/content")).AssertProblemAsync(HttpStatusCode.NotFound, "file_not_found");
        await (await _clientA.GetAsync("/api/v1/files/not-a-hash")).AssertProblemAsync(HttpStatusCode.NotFound, "file_not_found");
    }

    private async Task AssertNoFileRowsAsync()
    {
        using var scope = NewScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MarketDbContext>().StoredFiles.IgnoreQueryFilters().CountAsync());
    }
}
