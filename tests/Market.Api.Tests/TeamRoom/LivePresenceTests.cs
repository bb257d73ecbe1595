using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;

namespace Market.Api.Tests.TeamRoom;

/// <summary>
/// Two API instances over one database, as in production: a coordinator's page connected to instance A is pushed the
/// changes made through instance B (PostgreSQL LISTEN/NOTIFY carries them; no instance's memory holds the state).
/// </summary>
public sealed class LivePresenceTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Presence_ChangedThroughAnotherInstance_IsPushedToTheCoordinatorsPage()
    {
        var room = await TeamRoomWorld.CreateAsync(Factory);
        await using var instanceB = new MarketApiFactory(Factory.ConnectionString);
        instanceB.Clock.Set(Factory.Clock.GetUtcNow());
        var w1OnB = await instanceB.ClientForAsync("w1@hub.jp", TestData.Password);
        var coordinatorToken = room.Coordinator.DefaultRequestHeaders.Authorization!.Parameter!;

        await using var page = await HubWire.ConnectAsync(Factory.Server, coordinatorToken);
        var board = await page.InvokeAsync("Join", room.AgentId, room.TeamId);
        Assert.Equal("Offline", StateOf(board, room.WorkerId(1)));

        await TeamRoomWorld.BeatAsync(w1OnB, active: true);
        await page.PushedAsync("presence", b => StateOf(b, room.WorkerId(1)) == "Online");

        // Editor autosaves on B: the assignments trigger announces them.
        var claim = await (await w1OnB.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        await page.PushedAsync("presence", b => StateOf(b, room.WorkerId(1)) == "Working");

        await (await room.W2.PostAsJsonAsync(room.TeamPath + "/messages", new { body = "お疲れさまです" })).JsonAsync();
        var notice = await page.PushedAsync("channel", n => n.GetProperty("teamId").GetGuid() == room.TeamId);
        var news = await page.InvokeAsync("Messages", room.AgentId, room.TeamId, 0L);
        Assert.Equal("お疲れさまです", Assert.Single(news.GetProperty("items").EnumerateArray()).GetProperty("body").GetString());
        Assert.NotEqual(default, notice);
        Assert.NotNull(claim.GetProperty("assignmentId").GetString());
    }

    [Fact]
    public async Task Hub_WhenAWorkerPageConnectsAndCloses_TheTeamSeesThemComeAndGo()
    {
        var room = await TeamRoomWorld.CreateAsync(Factory);
        var coordinatorToken = room.Coordinator.DefaultRequestHeaders.Authorization!.Parameter!;
        await using var coordinator = await HubWire.ConnectAsync(Factory.Server, coordinatorToken);
        await coordinator.InvokeAsync("Join", room.AgentId, room.TeamId);

        var workerPage = await HubWire.ConnectAsync(Factory.Server, room.W2.DefaultRequestHeaders.Authorization!.Parameter!);
        await workerPage.InvokeAsync("Join", room.AgentId, room.TeamId);
        await coordinator.PushedAsync("presence", b => StateOf(b, room.WorkerId(2)) == "Online");

        await workerPage.DisposeAsync();
        await coordinator.PushedAsync("presence", b => StateOf(b, room.WorkerId(2)) == "Offline");
    }

    [Fact]
    public async Task Hub_JoinByAWorkerOutsideTheTeam_IsRefusedWithTheApiCode()
    {
        var room = await TeamRoomWorld.CreateAsync(Factory);
        await using var outsider = await HubWire.ConnectAsync(Factory.Server, room.W3.DefaultRequestHeaders.Authorization!.Parameter!);

        var refused = await Assert.ThrowsAsync<HubWireException>(() => outsider.InvokeAsync("Join", room.AgentId, room.TeamId));

        Assert.Contains("team_not_found", refused.Message, StringComparison.Ordinal);
    }

    private static string StateOf(JsonElement board, Guid userId) =>
        board.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("userId").GetGuid() == userId).GetProperty("state").GetString()!;
}
