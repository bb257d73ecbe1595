using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Seeding;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>
/// A demo user acting straight on the real API, for the steps of a flow whose pages are not under test here (the
/// agent's offer and review, another worker's unit). Every call asserts success and says what the API answered.
/// </summary>
public sealed class ApiActor : IDisposable
{
    public const string ClientEmail = "client@demo.furusato.example";
    public const string OwnerEmail = "agent.owner@demo.furusato.example";
    public const string ReviewerEmail = "reviewer@demo.furusato.example";

    private readonly HttpClient http;

    private ApiActor(Uri apiUrl) => http = new HttpClient { BaseAddress = apiUrl };

    public static string WorkerEmail(int number) => $"worker{number}@demo.furusato.example";

    public static async Task<ApiActor> SignInAsync(Uri apiUrl, string email)
    {
        var actor = new ApiActor(apiUrl);
        string? code = null;
        if (DemoAccounts.TotpKeys.TryGetValue(email, out var key))
        {
            // The demo owner must use 2FA; a code counts once per 30-second step, and tests sign in more often than that.
            await ForgetUsedTotpStepsAsync(email);
            code = Market.Api.Identity.Totp.Code(key, TimeProvider.System.GetUtcNow());
        }

        var tokens = await actor.SendAsync(HttpMethod.Post, "api/v1/auth/login", new { email, password = DemoAccounts.Password, twoFactorCode = code });
        actor.http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return actor;
    }

    public Task<JsonElement> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<JsonElement> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<JsonElement> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, body);

    public async Task<string> UploadAsync(byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        using var response = await http.PostAsync("api/v1/files", form);
        return (await ReadAsync(response, "POST api/v1/files")).GetProperty("id").GetString()!;
    }

    public async Task<byte[]> DownloadAsync(string path)
    {
        using var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    // --- agent ---

    /// <summary>The agent offers, the client accepts, and the agent releases the units to its workers.</summary>
    public static async Task ContractAndStartAsync(Uri apiUrl, Guid jobId)
    {
        using var owner = await SignInAsync(apiUrl, OwnerEmail);
        using var client = await SignInAsync(apiUrl, ClientEmail);
        var offer = await owner.PostAsync($"api/v1/jobs/{jobId}/offers", new { price = 48_000, deliverBy = DateTimeOffset.UtcNow.AddDays(5), note = "四万十町のチームで対応します。" });
        await client.PostAsync($"api/v1/offers/{offer.GetProperty("id").GetString()}/accept");
        await owner.PostAsync($"api/v1/jobs/{jobId}/start-work");
    }

    /// <summary>The review task of <paramref name="unitId"/> waiting in the demo agent's queue.</summary>
    public async Task<string> ReviewTaskOfAsync(Guid unitId)
    {
        var queue = await GetAsync($"api/v1/agents/{DemoAccounts.DemoAgentId}/review-queue?pageSize=100");
        var items = queue.GetProperty("items").EnumerateArray().ToList();
        var task = items.SingleOrDefault(i => i.GetProperty("unitId").GetGuid() == unitId);
        Assert.True(task.ValueKind == JsonValueKind.Object, $"Unit {unitId} is not waiting for review; the queue holds {items.Count} items.");
        return task.GetProperty("taskId").GetString()!;
    }

    public async Task<JsonElement> ReviewAsync(Guid unitId, object decision) =>
        await PostAsync($"api/v1/submissions/{await ReviewTaskOfAsync(unitId)}/review", decision);

    // --- worker ---

    /// <summary>Claims the next unit and hands in <paramref name="content"/> (or, for data entry, the source values).</summary>
    public async Task<Guid> ClaimAndSubmitAsync(Func<JsonElement, string>? contentFor = null)
    {
        var claim = await PostAsync("api/v1/me/units/claim");
        var unitId = claim.GetProperty("unitId").GetGuid();
        var work = await GetAsync($"api/v1/units/{unitId}/content");
        var content = contentFor?.Invoke(work) ?? "Thank you. Let us take questions from the hubs.";
        await PostAsync($"api/v1/units/{unitId}/submit", new { assignmentId = claim.GetProperty("assignmentId").GetGuid(), content });
        return unitId;
    }

    public void Dispose() => http.Dispose();

    private static async Task ForgetUsedTotpStepsAsync(string email)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Market.Api.Tests.Infrastructure.TestDatabase.ConnectionString(EndToEndDatabase.Name));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "DELETE FROM totp_used_steps WHERE user_id IN (SELECT id FROM users WHERE normalized_email = upper(@email))", connection);
        command.Parameters.AddWithValue("email", email);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        return await ReadAsync(response, $"{method} {path}");
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{what} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
