using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Jobs;
using Market.Domain.Assignments;
using Market.Domain.Certifications;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Infrastructure;

/// <summary>Agents, signed-in staff, small data-entry jobs, offers and leases for the agent-layer tests.</summary>
internal static class AgentLayerData
{
    public static async Task<Agent> AgentAsync(
        MarketApiFactory factory, string name, string prefecture = "高知県", bool approved = true, bool privacyMark = false)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = factory.Clock.GetUtcNow();
        var agent = new Agent(Guid.NewGuid(), name, AgentOrganisationType.Npo, prefecture, "どこか町", "INV-" + Guid.NewGuid().ToString("N")[..12], now);
        if (approved)
        {
            agent.Approve(now);
        }

        if (privacyMark)
        {
            agent.GrantCertification(OrganisationCertification.PrivacyMark, now);
        }

        db.Agents.Add(agent);
        await db.SaveChangesAsync();
        return agent;
    }

    /// <summary>A new user in <paramref name="role"/> for <paramref name="tenantId"/>, signed in.</summary>
    public static async Task<HttpClient> SignedInAsync(MarketApiFactory factory, string email, string role, Guid? tenantId, string displayName = "テスト 利用者")
    {
        await TestData.UserAsync(factory, email, role, tenantId, displayName);
        return await factory.ClientForAsync(email, TestData.Password);
    }

    /// <summary>Posts and publishes a small data-entry job: <paramref name="records"/> CSV rows in batches of <paramref name="batchSize"/>, keyed twice.</summary>
    public static async Task<string> PostJobAsync(
        this HttpClient client, string title = "健康調査票 入力", string confidentiality = "Standard", string[]? regions = null, int records = 10, int batchSize = 5)
    {
        var csv = new StringBuilder("氏名,住所,電話番号,備考\r\n");
        for (var i = 1; i <= records; i++)
        {
            csv.Append($"山田 太郎{i},高知県高岡郡四万十町{i}番地,0880-22-{i:0000},{title}\r\n");
        }

        var fileId = await client.UploadAsync(Encoding.UTF8.GetBytes(csv.ToString()), "survey.csv");
        var job = new
        {
            type = "DataEntry",
            title,
            specMarkdown = "全角・半角は原文どおり。",
            deadline = DateTimeOffset.UtcNow.AddDays(20),
            confidentiality,
            regionPreference = regions ?? [],
            inputFiles = new[] { fileId },
            dataEntry = new { batchSize },
        };
        return (await client.PostJobAsync(job)).GetProperty("id").GetString()!;
    }

    public static object Offer(long price = 48_000, int deliverInDays = 10, string? note = null) =>
        new { price, deliverBy = DateTimeOffset.UtcNow.AddDays(deliverInDays), note };

    public static async Task<string> OfferAsync(this HttpClient agent, string jobId, long price = 48_000) =>
        (await (await agent.PostAsJsonAsync($"/api/v1/jobs/{jobId}/offers", Offer(price))).JsonAsync()).GetProperty("id").GetString()!;

    public static async Task<JsonElement> AcceptAsync(this HttpClient client, string offerId) =>
        await (await client.PostAsync($"/api/v1/offers/{offerId}/accept", null)).JsonAsync();

    /// <summary>The agent offers, the client accepts: the job is contracted to the agent.</summary>
    public static async Task ContractAsync(HttpClient client, HttpClient agent, string jobId) =>
        await client.AcceptAsync(await agent.OfferAsync(jobId));

    /// <summary>
    /// Gives <paramref name="unitId"/> to a worker of <paramref name="agentId"/> through the domain's own assignment
    /// rules (registering the worker's profile on first use), as the assignment endpoints will.
    /// </summary>
    public static async Task AssignAsync(MarketApiFactory factory, Guid agentId, Guid unitId, Guid workerId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = factory.Clock.GetUtcNow();
        var unit = await db.WorkUnits.SingleAsync(u => u.Id == new WorkUnitId(unitId));
        var twin = unit.TwinUnitId is { } twinId ? await db.WorkUnits.SingleAsync(u => u.Id == twinId) : null;
        var job = await db.Jobs.SingleAsync(j => j.Id == unit.JobId);
        var subcontracts = await db.Subcontracts.Where(s => s.JobId == job.Id).ToListAsync();
        var agent = await db.Agents.SingleAsync(a => a.Id == agentId);
        var profile = await db.WorkerProfiles.SingleOrDefaultAsync(p => p.UserId == workerId);
        if (profile is null)
        {
            profile = WorkerProfile.Register(workerId, agentId, agent.Prefecture, "どこか町", 20, 5, [JobType.DataEntry], now);
            db.WorkerProfiles.Add(profile);
        }

        var held = await db.Assignments.CountAsync(a => a.WorkerId == workerId && a.Status == AssignmentStatus.Active);
        var candidate = new AssignmentCandidate(profile, held, new HashSet<string>(CertificationCodes.Platform));
        db.Assignments.Add(UnitAssignment.Assign(
            AssignmentId.New(), job, subcontracts, unit, twin, candidate, agent, AssignedBy.Coordinator, now));
        await db.SaveChangesAsync();
    }
}
