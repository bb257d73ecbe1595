using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Security;

/// <summary>
/// Tenant A with one of everything an id can name (job, unit, file, offer, subcontract, team, worker, review task,
/// assignment), and outsiders in every role of another agent and another client. The security tests call every
/// endpoint with A's ids as the outsiders.
/// </summary>
public sealed class TenantWorld
{
    public const string SecretTitle = "極秘 A社 顧客名簿 SECRET-A";

    /// <summary>Text only tenant A's people may ever see: the job title, a worker's name and email, a record's content.</summary>
    public static readonly string[] Secrets = [SecretTitle, "在宅 w1", "w1@hub.jp", "山田 太郎"];

    private TenantWorld(WorkWorld a) => A = a;

    public WorkWorld A { get; }

    public HttpClient OwnerA { get; private set; } = null!;

    public HttpClient WorkerA1 { get; private set; } = null!;

    public HttpClient WorkerA2 { get; private set; } = null!;

    public Agent AgentB { get; private set; } = null!;

    public Agent AgentC { get; private set; } = null!;

    public string UnitA { get; private set; } = null!;

    public string AssignmentA { get; private set; } = null!;

    public string FileA { get; private set; } = null!;

    public string OfferA { get; private set; } = null!;

    public string SubcontractA { get; private set; } = null!;

    public string TeamA { get; private set; } = null!;

    public string ReviewTaskA { get; private set; } = null!;

    /// <summary>Another agent's owner, coordinator, reviewer and worker, and another client's member, each signed in.</summary>
    public IReadOnlyDictionary<string, HttpClient> Outsiders { get; private set; } = null!;

    public static async Task<TenantWorld> CreateAsync(MarketApiFactory factory)
    {
        var a = await WorkWorld.CreateAsync(factory, records: 8, batchSize: 2, workers: 2, postJob: async client =>
        {
            var fileId = await client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(8)), "a.csv");
            var job = JsonSerializer.SerializeToNode(JobApi.DataEntry(fileId, batchSize: 2))!;
            job["title"] = SecretTitle;
            return (await client.PostJobAsync(job)).GetProperty("id").GetString()!;
        });
        var world = new TenantWorld(a);
        await world.FillTenantAAsync(factory);
        await world.AddOutsidersAsync(factory);
        return world;
    }

    /// <summary>Tenant A's id for each route parameter; an unknown parameter gets a random id, which must be 404 anyway.</summary>
    public string FillPath(string openApiPath)
    {
        var url = openApiPath;
        foreach (var (prefix, id) in new[]
                 {
                     ("/api/v1/jobs/{id}", A.JobId), ("/api/v1/files/{id}", FileA), ("/api/v1/offers/{id}", OfferA),
                     ("/api/v1/subcontracts/{id}", SubcontractA),
                 })
        {
            if (url.StartsWith(prefix, StringComparison.Ordinal))
            {
                url = prefix.Replace("{id}", id, StringComparison.Ordinal) + url[prefix.Length..];
            }
        }

        url = url
            .Replace("{unitId}", UnitA, StringComparison.Ordinal)
            .Replace("{agentId}", A.Agent.Id.ToString(), StringComparison.Ordinal)
            .Replace("{userId}", A.WorkerIds[0].ToString(), StringComparison.Ordinal)
            .Replace("{teamId}", TeamA, StringComparison.Ordinal)
            .Replace("{taskId}", ReviewTaskA, StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(url, "\\{[^}]+\\}", _ => Guid.NewGuid().ToString());
    }

    /// <summary>Tenant A's id for a body property that names a resource, by the property's name; null when it names none.</summary>
    public JsonNode? IdFor(string property) => property switch
    {
        "workerId" or "userId" => A.WorkerIds[0].ToString(),
        "unitIds" => new JsonArray(UnitA),
        "unitId" => UnitA,
        "assignmentId" => AssignmentA,
        "inputFiles" => new JsonArray(FileA),
        "jobId" => A.JobId,
        "offerId" => OfferA,
        "teamId" => TeamA,
        "agentId" or "subAgentId" => A.Agent.Id.ToString(),
        _ => null,
    };

    private async Task FillTenantAAsync(MarketApiFactory factory)
    {
        await TestData.UserAsync(factory, "owner@hub.jp", Roles.AgentOwner, A.Agent.Id, "代表 一郎");
        OwnerA = await factory.ClientForAsync("owner@hub.jp", TestData.Password);
        WorkerA1 = await A.WorkerClientAsync(1);
        WorkerA2 = await A.WorkerClientAsync(2);
        FileA = (await (await A.Client.GetAsync($"/api/v1/jobs/{A.JobId}")).JsonAsync()).GetProperty("inputFiles")[0].GetString()!;

        var units = (await A.UnitsAsync()).Select(u => u.Id.Value.ToString()).ToList();
        AgentC = await AgentLayerData.AgentAsync(factory, "Agent C");
        SubcontractA = (await (await OwnerA.PostAsJsonAsync($"/api/v1/jobs/{A.JobId}/subcontracts",
            new { subAgentId = AgentC.Id, unitIds = new[] { units[^1] }, price = 3_000, basis = "PerUnit" })).JsonAsync()).GetProperty("id").GetString()!;

        TeamA = (await (await A.Coordinator.PostAsJsonAsync($"/api/v1/agents/{A.Agent.Id}/teams", new { name = "A班" })).JsonAsync())
            .GetProperty("id").GetString()!;
        (await (await A.Coordinator.PostAsJsonAsync($"/api/v1/agents/{A.Agent.Id}/teams/{TeamA}/members", new { userId = A.WorkerIds[0] })).JsonAsync()).GetRawText();

        // Worker 1 hands in a unit (Trial work is always sampled, so a review task opens); worker 2 holds a lease.
        var submitted = await (await WorkerA1.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var submittedUnit = submitted.GetProperty("unitId").GetString()!;
        var content = await (await WorkerA1.GetAsync($"/api/v1/units/{submittedUnit}/content")).JsonAsync();
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        (await (await WorkerA1.PostAsJsonAsync($"/api/v1/units/{submittedUnit}/submit",
            new { assignmentId = submitted.GetProperty("assignmentId").GetString(), content = rows })).JsonAsync()).GetRawText();
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            ReviewTaskA = db.ReviewTasks.Single(t => t.UnitId == new Market.Domain.Units.WorkUnitId(Guid.Parse(submittedUnit))).Id.ToString();
        }

        var held = await (await WorkerA2.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        UnitA = held.GetProperty("unitId").GetString()!;
        AssignmentA = held.GetProperty("assignmentId").GetString()!;

        // A second job, open for offers, with agent A's live offer on it.
        var openJob = await A.Client.PostJobAsync(title: SecretTitle + " 2", regions: ["高知県"]);
        OfferA = await OwnerA.OfferAsync(openJob);
    }

    private async Task AddOutsidersAsync(MarketApiFactory factory)
    {
        AgentB = await AgentLayerData.AgentAsync(factory, "Agent B");
        var clientB = await TestData.ClientAsync(factory, "Client B");
        var outsiders = new Dictionary<string, HttpClient>();
        foreach (var (who, email, role, tenant) in new[]
                 {
                     ("agent B owner", "owner@b.jp", Roles.AgentOwner, AgentB.Id),
                     ("agent B coordinator", "coord@b.jp", Roles.AgentCoordinator, AgentB.Id),
                     ("agent B reviewer", "reviewer@b.jp", Roles.AgentReviewer, AgentB.Id),
                     ("agent B worker", "worker@b.jp", Roles.Worker, AgentB.Id),
                     ("client B", "client@b.jp", Roles.ClientMember, clientB.Id),
                 })
        {
            outsiders[who] = await AgentLayerData.SignedInAsync(factory, email, role, tenant);
        }

        Outsiders = outsiders;
    }
}
