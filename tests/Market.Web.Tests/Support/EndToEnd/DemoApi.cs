using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Seeding;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>
/// Any demo account straight through the real API: the other side of a flow a browser test drives (a worker who
/// submits, a client who posts), so the test is about what the Web shows, not how that side was reached.
/// </summary>
public sealed class DemoApi(Uri apiUrl, string email) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = apiUrl };

    public string SignedInAs { get; } = email;

    public static string Email(string account) => $"{account}@{DemoAccounts.Domain}";

    public static async Task<DemoApi> SignInAsync(Uri apiUrl, string account)
    {
        var api = new DemoApi(apiUrl, Email(account));
        using var login = await api.http.PostAsJsonAsync("api/v1/auth/login", new { email = api.SignedInAs, password = DemoAccounts.Password });
        login.EnsureSuccessStatusCode();
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        api.http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return api;
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        return await ReadAsync(response);
    }

    public async Task<JsonElement> PostAsync(string path, object? body)
    {
        using var response = body is null ? await http.PostAsync(path, null) : await http.PostAsJsonAsync(path, body);
        return await ReadAsync(response);
    }

    /// <summary>A transcription job from the demo client, split into segments of <paramref name="segmentMinutes"/>.</summary>
    public async Task<Guid> PostTranscriptionJobAsync(string title, byte[] wav, int segmentMinutes, DateTimeOffset deadline)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(wav), "file", "recording.wav" } };
        using var upload = await http.PostAsync("api/v1/files", form);
        var fileId = (await ReadAsync(upload)).GetProperty("id").GetString();
        var job = await PostAsync("api/v1/jobs", new
        {
            type = "Transcription",
            title,
            specMarkdown = "話者名を【】で示し、聞き取れない箇所は【不明】と書いてください。",
            deadline,
            confidentiality = "Standard",
            regionPreference = new[] { "高知県" },
            inputFiles = new[] { fileId },
            transcription = new { segmentMinutes, style = "CleanVerbatim" },
        });
        return job.GetProperty("id").GetGuid();
    }

    /// <summary>The worker hands in <paramref name="content"/> for the unit they hold (first time or after rework).</summary>
    public async Task SubmitAsync(Guid unitId, string content)
    {
        var held = (await GetAsync("api/v1/me/units")).EnumerateArray().Single(u => u.GetProperty("unitId").GetGuid() == unitId);
        await PostAsync($"api/v1/units/{unitId}/submit", new { assignmentId = held.GetProperty("assignmentId").GetGuid(), content });
    }

    public void Dispose() => http.Dispose();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
