using System.Text;
using Market.Api.Persistence;
using Market.Api.Tests.Jobs;
using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Infrastructure;

/// <summary>
/// An agent with a coordinator and certified workers, and a client's job contracted to the agent with its units
/// released to the pool: the starting point of every assignment scenario.
/// </summary>
public sealed class WorkWorld
{
    private WorkWorld(MarketApiFactory factory) => Factory = factory;

    public MarketApiFactory Factory { get; }

    public Agent Agent { get; private set; } = null!;

    public HttpClient Coordinator { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string JobId { get; private set; } = null!;

    public List<Guid> WorkerIds { get; } = [];

    /// <summary>The platform's terms: valid 12 months, renewal opens 30 days before the end, 14 days' grace.</summary>
    public static readonly CertificationTerms PlatformTerms = new(12, 30, 14);

    /// <summary>What a certified worker holds: every certification for work (not the QC reviewer's).</summary>
    public static readonly IReadOnlyList<string> WorkCertifications =
        [.. CertificationCodes.Platform.Where(c => c != CertificationCodes.QcReviewer)];

    public static async Task<WorkWorld> CreateAsync(
        MarketApiFactory factory,
        int records = 4,
        int batchSize = 2,
        int workers = 3,
        string confidentiality = "Standard",
        Func<HttpClient, Task<string>>? postJob = null)
    {
        var world = new WorkWorld(factory);
        world.Agent = await TestData.AgentAsync(factory, "NPO法人 やまびこ", "WW-" + Guid.NewGuid().ToString("N")[..8]);
        var firm = await TestData.ClientAsync(factory, "県庁");
        await TestData.UserAsync(factory, "client@pref.jp", Roles.ClientMember, firm.Id);
        await TestData.UserAsync(factory, "coord@hub.jp", Roles.AgentCoordinator, world.Agent.Id);
        for (var i = 1; i <= workers; i++)
        {
            world.WorkerIds.Add(await world.WorkerAsync($"w{i}@hub.jp"));
        }

        world.Client = await factory.ClientForAsync("client@pref.jp", TestData.Password);
        world.Coordinator = await factory.ClientForAsync("coord@hub.jp", TestData.Password);
        world.JobId = postJob is not null ? await postJob(world.Client) : await PostSurveyAsync(world.Client, records, batchSize, confidentiality);
        await world.ContractAndStartAsync(world.JobId);
        return world;
    }

    private static async Task<string> PostSurveyAsync(HttpClient client, int records, int batchSize, string confidentiality)
    {
        var fileId = await client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(records)), "survey.csv");
        var job = await client.PostJobAsync(JobApi.DataEntry(fileId, confidentiality, batchSize));
        return job.GetProperty("id").GetString()!;
    }

    public async Task<Guid> WorkerAsync(string email, WorkerTier tier = WorkerTier.Trial, bool certified = true, int maxUnits = 3)
    {
        var user = await TestData.UserAsync(Factory, email, Roles.Worker, Agent.Id, "在宅 " + email.Split('@')[0]);
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = Factory.Clock.GetUtcNow();
        var profile = WorkerProfile.Register(user.Id, Agent.Id, "高知県", "四万十町", 20, maxUnits, Enum.GetValues<JobType>(), now);
        profile.ChangeTier(tier, now);
        db.WorkerProfiles.Add(profile);
        if (certified)
        {
            foreach (var code in WorkCertifications)
            {
                db.WorkerCertifications.Add(WorkerCertification.Issue(user.Id, Agent.Id, code, PlatformTerms, now));
            }
        }

        await db.SaveChangesAsync();
        return user.Id;
    }

    public Task<HttpClient> WorkerClientAsync(int index) => Factory.ClientForAsync($"w{index}@hub.jp", TestData.Password);

    /// <summary>Another survey job of the same client, contracted to the agent and started like the first.</summary>
    public async Task<string> AddSurveyJobAsync(int records, int batchSize, string confidentiality = "Standard")
    {
        var jobId = await PostSurveyAsync(Client, records, batchSize, confidentiality);
        await ContractAndStartAsync(jobId);
        return jobId;
    }

    /// <summary>The client accepts the agent's offer and the agent releases the units (the offer flow has its own tests).</summary>
    private async Task ContractAndStartAsync(string jobId)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = Factory.Clock.GetUtcNow();
        var job = await db.Jobs.SingleAsync(j => j.Id == new Market.Domain.Jobs.JobId(Guid.Parse(jobId)));
        job.Contract(Agent.Id, new Yen(50_000), now);
        job.StartWork(now);
        foreach (var unit in await db.WorkUnits.Where(u => u.JobId == job.Id).ToListAsync())
        {
            unit.MakeAvailable(now);
        }

        await db.SaveChangesAsync();
    }

    public async Task<List<WorkUnit>> UnitsAsync()
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return await db.WorkUnits.AsNoTracking().Where(u => u.JobId == new Market.Domain.Jobs.JobId(Guid.Parse(JobId))).OrderBy(u => u.Sequence).ToListAsync();
    }
}
