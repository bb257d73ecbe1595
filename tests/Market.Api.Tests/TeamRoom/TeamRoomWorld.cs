using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.TeamRoom;

/// <summary>A <see cref="WorkWorld"/> with team 「四万十チーム」: workers 1 and 2 are members, the coordinator leads it, worker 3 is outside.</summary>
public sealed class TeamRoomWorld
{
    private TeamRoomWorld(WorkWorld work) => Work = work;

    public WorkWorld Work { get; }

    public Guid TeamId { get; private set; }

    public HttpClient W1 { get; private set; } = null!;

    public HttpClient W2 { get; private set; } = null!;

    public HttpClient W3 { get; private set; } = null!;

    /// <summary>The team's coordinator (signed in again by <see cref="SignInAgainAsync"/>).</summary>
    public HttpClient Coordinator { get; private set; } = null!;

    public Guid AgentId => Work.Agent.Id;

    public string TeamPath => $"/api/v1/agents/{AgentId}/teams/{TeamId}";

    public static async Task<TeamRoomWorld> CreateAsync(MarketApiFactory factory)
    {
        var world = new TeamRoomWorld(await WorkWorld.CreateAsync(factory, records: 8, batchSize: 2));
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var team = Team.Create(Market.Domain.Workers.TeamId.New(), world.AgentId, "四万十チーム", factory.Clock.GetUtcNow());
            foreach (var workerId in world.Work.WorkerIds.Take(2))
            {
                team.AddMember(await db.WorkerProfiles.SingleAsync(p => p.UserId == workerId));
            }

            var coordinator = await db.Users.SingleAsync(u => u.Email == "coord@hub.jp");
            team.AppointCoordinator(await db.Memberships.SingleAsync(m => m.UserId == coordinator.Id));
            db.Teams.Add(team);
            await db.SaveChangesAsync();
            world.TeamId = team.Id.Value;
        }

        await world.SignInAgainAsync();
        return world;
    }

    /// <summary>Access tokens live 15 minutes on the fake clock too: after moving time, everyone signs in again.</summary>
    public async Task SignInAgainAsync()
    {
        W1 = await Work.WorkerClientAsync(1);
        W2 = await Work.WorkerClientAsync(2);
        W3 = await Work.WorkerClientAsync(3);
        Coordinator = await Work.Factory.ClientForAsync("coord@hub.jp", TestData.Password);
    }

    public Guid WorkerId(int index) => Work.WorkerIds[index - 1];

    public async Task<Dictionary<Guid, JsonElement>> BoardAsync(HttpClient? who = null)
    {
        var board = await (await (who ?? Coordinator).GetAsync(TeamPath + "/presence")).JsonAsync();
        return board.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("userId").GetGuid());
    }

    public async Task<string> StateOfAsync(int worker) => (await BoardAsync())[WorkerId(worker)].GetProperty("state").GetString()!;

    public static async Task BeatAsync(HttpClient worker, bool active) =>
        await (await worker.PostAsJsonAsync("/api/v1/me/presence/heartbeat", new { active })).JsonAsync();
}
