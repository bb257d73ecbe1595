using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Seeding;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>Sets up jobs for the demo client straight through the real API, where a test is about what the Web shows rather than how it posts.</summary>
public sealed class DemoClientApi(Uri apiUrl) : IDisposable
{
    public const string Email = "client@demo.furusato.example";

    private readonly HttpClient http = new() { BaseAddress = apiUrl };

    public async Task SignInAsync()
    {
        using var login = await http.PostAsJsonAsync("api/v1/auth/login", new { email = Email, password = DemoAccounts.Password });
        login.EnsureSuccessStatusCode();
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
    }

    public async Task<string> UploadAsync(byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        using var response = await http.PostAsync("api/v1/files", form);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task<Guid> PostDataEntryJobAsync(string title, byte[] csv, DateTimeOffset deadline, string confidentiality = "Standard")
    {
        var fileId = await UploadAsync(csv, "records.csv");
        using var response = await http.PostAsJsonAsync("api/v1/jobs", new
        {
            type = "DataEntry",
            title,
            specMarkdown = "氏名・住所・電話番号を原本どおりに入力してください。",
            deadline,
            confidentiality,
            regionPreference = new[] { "高知県" },
            inputFiles = new[] { fileId },
            dataEntry = new { batchSize = 50 },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task CancelAsync(Guid jobId, string reason)
    {
        using var response = await http.PostAsJsonAsync($"api/v1/jobs/{jobId}/cancel", new { reason });
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => http.Dispose();
}
