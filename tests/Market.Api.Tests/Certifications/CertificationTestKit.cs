using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Certifications;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Certifications;

/// <summary>Taking exams through HTTP the way a worker's browser does, with the answer key read from the database.</summary>
internal static class CertificationTestKit
{
    /// <summary>The bank's correct option for every question of the attempt.</summary>
    public static async Task<Dictionary<Guid, int>> AnswerKeyAsync(MarketApiFactory factory, JsonElement attempt)
    {
        var ids = attempt.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("questionId").GetGuid()).ToList();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return await db.ExamQuestions.IgnoreQueryFilters().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => q.CorrectOption);
    }

    public static async Task<JsonElement> StartAsync(HttpClient client, string code) =>
        await (await client.PostAsync($"/api/v1/exams/{code}/attempts", null)).JsonAsync();

    /// <summary>Answers <paramref name="rightAnswers"/> questions correctly (the rest wrongly) and returns the attempt.</summary>
    public static async Task<JsonElement> AnswerAsync(MarketApiFactory factory, HttpClient client, JsonElement attempt, int rightAnswers)
    {
        var key = await AnswerKeyAsync(factory, attempt);
        var id = attempt.GetProperty("attemptId").GetString();
        var latest = attempt;
        var given = 0;
        foreach (var question in attempt.GetProperty("questions").EnumerateArray())
        {
            var questionId = question.GetProperty("questionId").GetGuid();
            var options = question.GetProperty("options").GetArrayLength();
            var option = given++ < rightAnswers ? key[questionId] : (key[questionId] + 1) % options;
            latest = await (await client.PutAsJsonAsync($"/api/v1/exams/attempts/{id}/answers/{questionId}", new { option })).JsonAsync();
        }

        return latest;
    }

    public static async Task<JsonElement> SubmitAsync(HttpClient client, JsonElement attempt) =>
        await (await client.PostAsync($"/api/v1/exams/attempts/{attempt.GetProperty("attemptId").GetString()}/submit", null)).JsonAsync();

    /// <summary>Start, answer <paramref name="rightAnswers"/> right, submit: the result.</summary>
    public static async Task<JsonElement> TakeAsync(MarketApiFactory factory, HttpClient client, string code, int rightAnswers)
    {
        var attempt = await StartAsync(client, code);
        await AnswerAsync(factory, client, attempt, rightAnswers);
        return await SubmitAsync(client, attempt);
    }

    public static async Task<JsonElement> MineAsync(HttpClient client, string code) =>
        (await (await client.GetAsync("/api/v1/me/certifications")).JsonAsync()).EnumerateArray().Single(c => c.GetProperty("code").GetString() == code);

    public static async Task<T> SendAsync<T>(MarketApiFactory factory, IRequest<T> request)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>Gives a user certifications straight in the table, on terms of <paramref name="months"/> months.</summary>
    public static async Task CertifyAsync(MarketApiFactory factory, Guid userId, Guid agentId, int months, params string[] codes)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        foreach (var code in codes)
        {
            db.WorkerCertifications.Add(WorkerCertification.Issue(userId, agentId, code, new CertificationTerms(months, 30, 14), factory.Clock.GetUtcNow()));
        }

        await db.SaveChangesAsync();
    }

    public static async Task<List<Notification>> NotificationsAsync(MarketApiFactory factory, Guid userId, string? kind = null)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return await db.Notifications.Where(n => n.UserId == userId && (kind == null || n.Kind == kind)).OrderBy(n => n.CreatedAt).ToListAsync();
    }

    public static async Task<int> EmailsAsync(MarketApiFactory factory, Guid userId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().EmailOutbox.CountAsync(e => e.UserId == userId);
    }
}
