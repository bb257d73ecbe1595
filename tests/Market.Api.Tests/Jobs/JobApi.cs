using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Tests.Files;

namespace Market.Api.Tests.Jobs;

/// <summary>What a client system does through HTTP: upload files, post jobs, read them back.</summary>
internal static class JobApi
{
    public static async Task<string> UploadAsync(this HttpClient client, byte[] content, string name)
    {
        var response = await client.PostAsync("/api/v1/files", FileUploadTests.Form(content, name));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public static object Transcription(string fileId, int segmentMinutes = 2, int overlapSeconds = 5, string style = "Verbatim", string? title = null) => new
    {
        type = "Transcription",
        title = title ?? "県議会 地域テレワーク協議会 議事録",
        specMarkdown = "# 素起こし\n話者ごとに改行してください。",
        deadline = DateTimeOffset.UtcNow.AddDays(20),
        confidentiality = "Standard",
        regionPreference = new[] { "高知県" },
        inputFiles = new[] { fileId },
        transcription = new { segmentMinutes, overlapSeconds, style },
    };

    public static object DataEntry(string fileId, string confidentiality = "Standard", int batchSize = 50) => new
    {
        type = "DataEntry",
        title = "健康調査票 入力",
        specMarkdown = "全角・半角は原文どおり。",
        deadline = DateTimeOffset.UtcNow.AddDays(20),
        confidentiality,
        regionPreference = Array.Empty<string>(),
        inputFiles = new[] { fileId },
        dataEntry = new { batchSize },
    };

    public static object WebEdit(string fileId) => new
    {
        type = "WebEdit",
        title = "町のホームページ 更新",
        specMarkdown = "営業時間を更新してください。",
        deadline = DateTimeOffset.UtcNow.AddDays(10),
        confidentiality = "Standard",
        inputFiles = new[] { fileId },
        webEdit = new { contentFormat = "Html" },
    };

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<JsonElement> PostJobAsync(this HttpClient client, object job) =>
        await (await client.PostAsJsonAsync("/api/v1/jobs", job)).JsonAsync();

    public static async Task<List<JsonElement>> UnitsAsync(this HttpClient client, string jobId) =>
        (await (await client.GetAsync($"/api/v1/jobs/{jobId}/units?pageSize=500")).JsonAsync())
            .GetProperty("items").EnumerateArray().ToList();
}
