using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Features.Money.Ledger;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;
using Market.Domain.Quality;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Money;

/// <summary>Review, sampling and ledger helpers shared by the money tests.</summary>
internal static class MoneyTestKit
{
    public sealed record Submitted(string UnitId, string AssignmentId, string Status);

    public static Task CertifyReviewerAsync(MarketApiFactory factory, Guid userId) => Quality.QualitySetup.CertifyReviewerAsync(factory, userId);

    /// <summary>Trial work always sampled, S-tier work never (accepted at submit).</summary>
    public static async Task SetSamplingAsync(MarketApiFactory factory, Guid agentId, SamplingPolicy? policy = null)
    {
        policy ??= new SamplingPolicy(SamplingPolicy.MaxShare, 5_000, 2_000, 0);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        db.AgentQualitySettings.Add(new AgentQualitySettings
        {
            AgentId = agentId,
            TrialShare = policy.TrialShare,
            BShare = policy.BShare,
            AShare = policy.AShare,
            SShare = policy.SShare,
            Seed = "money-seed",
            CreatedAt = factory.Clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
    }

    public static async Task<Submitted> ClaimAndSubmitAsync(HttpClient worker)
    {
        var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString()!;
        var assignmentId = claim.GetProperty("assignmentId").GetString()!;
        return new Submitted(unitId, assignmentId, await SubmitAsync(worker, unitId, assignmentId));
    }

    public static async Task<string> SubmitAsync(HttpClient worker, string unitId, string? assignmentId = null)
    {
        var content = await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        assignmentId ??= content.GetProperty("assignmentId").GetString()!;
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        var submitted = await (await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = rows })).JsonAsync();
        return submitted.GetProperty("unitStatus").GetString()!;
    }

    public static async Task<string> TaskIdOfAsync(HttpClient reviewer, Guid agentId, string unitId)
    {
        var queue = (await (await reviewer.GetAsync($"/api/v1/agents/{agentId}/review-queue")).JsonAsync()).GetProperty("items").EnumerateArray();
        return queue.Single(i => i.GetProperty("unitId").GetString() == unitId).GetProperty("taskId").GetString()!;
    }

    public static Task<HttpResponseMessage> ReviewAsync(HttpClient reviewer, string taskId, object body) =>
        reviewer.PostAsJsonAsync($"/api/v1/submissions/{taskId}/review", body);

    /// <summary>Posts <paramref name="transaction"/> through the <see cref="LedgerBook"/> as a command does: in a transaction, then saved.</summary>
    /// <param name="lockTimeout">If given, how long the transaction waits for a lock before it fails (SQLSTATE 55P03).</param>
    public static async Task PostAsync(MarketApiFactory factory, LedgerTransaction transaction, TimeSpan? lockTimeout = null)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        await using var unit = await db.Database.BeginTransactionAsync();
        if (lockTimeout is { } timeout)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT set_config('lock_timeout', {$"{(int)timeout.TotalMilliseconds}ms"}, true)");
        }

        await scope.ServiceProvider.GetRequiredService<LedgerBook>().PostAsync(transaction, CancellationToken.None);
        await db.SaveChangesAsync();
        await unit.CommitAsync();
    }

    public static async Task<List<LedgerTransaction>> TransactionsAsync(MarketApiFactory factory, LedgerTransactionKind? kind = null)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var rows = await db.LedgerTransactions.IgnoreQueryFilters().AsNoTracking().Include(t => t.Entries)
            .Where(t => kind == null || t.Kind == kind).OrderBy(t => t.RecordedAt).ThenBy(t => t.IdempotencyKey).ToListAsync();
        return rows.Select(r => r.ToDomain()).ToList();
    }

    /// <summary>What the unit pays under the rate card the API uses.</summary>
    public static async Task<Yen> PayForAsync(MarketApiFactory factory, string unitId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var unit = await db.WorkUnits.IgnoreQueryFilters().AsNoTracking().SingleAsync(u => u.Id == new Domain.Units.WorkUnitId(Guid.Parse(unitId)));
        var job = await db.Jobs.IgnoreQueryFilters().AsNoTracking().SingleAsync(j => j.Id == unit.JobId);
        return Domain.Pricing.RateCard.Default.PayFor(job, unit);
    }

    public static async Task WithholdAsync(MarketApiFactory factory, Guid agentId, params JobType[] types)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        db.AgentMoneySettings.Add(new AgentMoneySettings { AgentId = agentId, WithheldJobTypes = [.. types], UpdatedAt = factory.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    /// <summary>Every transaction balances and every balance is the sum of its entries (what the model expects).</summary>
    public static void AssertBalanced(IEnumerable<LedgerTransaction> transactions)
    {
        foreach (var transaction in transactions)
        {
            Assert.Equal(transaction.TotalDebits, transaction.TotalCredits);
        }
    }
}
