using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Market.Api.Persistence;
using Market.Api.Tests.Files;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Security;

/// <summary>
/// Uploads from strangers: compressed archives and compressed request bodies are never inflated, images whose pixels
/// would fill memory are refused, and a file's name never becomes a path (blobs are named by their SHA-256 only).
/// </summary>
public sealed class UploadHardeningTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var firm = await TestData.ClientAsync(Factory, "Client");
        await TestData.UserAsync(Factory, "c@client.jp", Roles.ClientMember, firm.Id);
        _client = await Factory.ClientForAsync("c@client.jp", TestData.Password);
    }

    [Fact]
    public async Task Upload_AGzipOrZipBomb_DeclaredAsCsv_IsRefusedWith415_WithoutInflatingIt()
    {
        var bomb = Gzip(new byte[64 * 1024 * 1024]); // 64 MB of zeros in about 64 KB
        Assert.True(bomb.Length < 256 * 1024);

        var response = await _client.PostAsync("/api/v1/files", FileUploadTests.Form(bomb, "records.csv", "text/csv"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "file_type_not_allowed");
        await AssertNoFilesAsync();
    }

    [Fact]
    public async Task Upload_WithAGzipContentEncoding_IsNotInflated_AndStoresNothing()
    {
        using var content = FileUploadTests.Form(Gzip(Encoding.UTF8.GetBytes("氏名\r\n" + new string('a', 8 * 1024 * 1024))), "a.csv", "text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/files") { Content = new ByteArrayContent(Gzip(await content.ReadAsByteArrayAsync())) };
        request.Content.Headers.ContentType = content.Headers.ContentType;
        request.Content.Headers.ContentEncoding.Add("gzip");

        var response = await _client.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await AssertNoFilesAsync();
    }

    [Theory]
    [InlineData(60_000, 60_000)]
    [InlineData(1, 0)]
    public async Task Upload_APngWhosePixelsWouldFillMemory_IsRefusedWith422(int width, int height)
    {
        var response = await _client.PostAsync("/api/v1/files", FileUploadTests.Form(Png(width, height), "form.png", "image/png"));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "image_too_large");
        await AssertNoFilesAsync();
    }

    [Fact]
    public async Task Upload_AJpegWhoseFrameIsHuge_IsRefused_ButAnOrdinaryScanIsKept()
    {
        var huge = await _client.PostAsync("/api/v1/files", FileUploadTests.Form(Jpeg(65_000, 65_000), "scan.jpg", "image/jpeg"));
        await huge.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "image_too_large");

        var scan = await _client.PostAsync("/api/v1/files", FileUploadTests.Form(Jpeg(4_960, 7_016), "scan.jpg", "image/jpeg"));
        Assert.Equal(HttpStatusCode.Created, scan.StatusCode);
    }

    [Theory]
    [InlineData("..\\..\\..\\evil.csv", "evil.csv")]
    [InlineData("/etc/cron.d/evil.csv", "evil.csv")]
    [InlineData("C:\\Windows\\System32\\evil.csv", "evil.csv")]
    [InlineData("a/../../b/evil.csv", "evil.csv")]
    [InlineData("evil\u0007bell.csv", "evilbell.csv")]
    [InlineData("..", "..")]
    public async Task Upload_AFileNameThatLooksLikeAPath_IsOnlyADisplayName_AndTheBlobIsNamedByItsHash(string name, string shown)
    {
        var bytes = Encoding.UTF8.GetBytes($"氏名\r\n{Guid.NewGuid()}\r\n");
        var file = await (await _client.PostAsync("/api/v1/files", FileUploadTests.Form(bytes, name, "text/csv"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(shown, file.GetProperty("fileName").GetString());
        var blobs = Directory.EnumerateFiles(Factory.BlobRoot, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.NotEmpty(blobs);
        Assert.All(blobs, b => Assert.Matches(new Regex("^[0-9a-f]{64}$"), b!));
        Assert.False(File.Exists(Path.Combine(Factory.BlobRoot, "..", "evil.csv")));
        Assert.False(File.Exists("/etc/cron.d/evil.csv"));

        var download = await _client.GetAsync($"/api/v1/files/{file.GetProperty("id").GetString()}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    private async Task AssertNoFilesAsync()
    {
        using var scope = NewScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MarketDbContext>().StoredFiles.IgnoreQueryFilters().CountAsync());
    }

    private static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(raw);
        }

        return output.ToArray();
    }

    private static byte[] Png(int width, int height)
    {
        var bytes = new byte[64];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 13);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)height);
        bytes[24] = 8;
        bytes[25] = 2;
        return bytes;
    }

    /// <summary>SOI, an APP0 (JFIF) segment, then a baseline start-of-frame with the given size.</summary>
    private static byte[] Jpeg(int width, int height)
    {
        var bytes = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 };
        bytes.AddRange("JFIF\0"u8.ToArray());
        bytes.AddRange(new byte[9]);
        bytes.AddRange(new byte[] { 0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03 });
        bytes.AddRange(new byte[64]);
        return [.. bytes];
    }
}
