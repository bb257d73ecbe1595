using Market.Api.Persistence;
using Market.Api.Seeding;
using Market.Domain.Workers;
using Market.Web.Tests.Support;
using Market.Web.Tests.Support.EndToEnd;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Market.Web.Tests.EndToEnd;

/// <summary>
/// The team room in Chromium over the real Web, API and PostgreSQL: the coordinator's page follows two workers coming,
/// checking in, posting and leaving — pushed live through the Web's relay to the API hub, without reloading.
/// </summary>
public sealed class TeamRoomLiveTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToContainTextOptions LiveContains = new() { Timeout = 30_000 };

    protected override bool StartsFromEmptyData => true;

    private async Task<(Guid TeamId, Guid Worker1, Guid Worker2)> CreateTeamAsync()
    {
        await using var scope = Fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var user = async (string email) => (await db.Users.SingleAsync(u => u.Email == email)).Id;
        var worker1 = await user($"worker1@{DemoAccounts.Domain}");
        var worker2 = await user($"worker2@{DemoAccounts.Domain}");
        var coordinator = await user($"coordinator@{DemoAccounts.Domain}");
        var team = Team.Create(TeamId.New(), DemoAccounts.DemoAgentId, "四万十チーム", DateTimeOffset.UtcNow);
        team.AddMember(await db.WorkerProfiles.SingleAsync(p => p.UserId == worker1));
        team.AddMember(await db.WorkerProfiles.SingleAsync(p => p.UserId == worker2));
        team.AppointCoordinator(await db.Memberships.SingleAsync(m => m.UserId == coordinator));
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        return (team.Id.Value, worker1, worker2);
    }

    private static ILocator StateOf(IPage page, Guid userId) => page.Locator($"[data-member='{userId}'] [data-state-label]");

    [Fact]
    public async Task CoordinatorsPage_ShowsTwoWorkersComingCheckingInPostingAndLeaving_Live()
    {
        var (teamId, worker1, worker2) = await CreateTeamAsync();
        var room = $"/team/room/{teamId}";

        var coordinator = await NewPageAsync();
        await SignInAsync(coordinator, $"coordinator@{DemoAccounts.Domain}", "/agent");
        await coordinator.GotoAsync(room);
        await Expect(coordinator.Locator("[data-live-status]")).ToHaveTextAsync("自動更新中", Live);
        Assert.Equal("四万十チーム", (await coordinator.Locator("h1").TextContentAsync())?.Trim());
        await Expect(StateOf(coordinator, worker1)).ToHaveTextAsync("オフライン");
        await Expect(StateOf(coordinator, worker2)).ToHaveTextAsync("オフライン");
        // Proof that nothing below reloads the coordinator's page: this mark would be gone.
        await coordinator.EvaluateAsync("() => { window.__stillTheSamePage = true; }");

        var first = await NewPageAsync();
        await SignInAsync(first, $"worker1@{DemoAccounts.Domain}", "/worker");
        await first.GotoAsync(room);
        await Expect(first.Locator("[data-live-status]")).ToHaveTextAsync("自動更新中", Live);
        await Expect(StateOf(coordinator, worker1)).ToHaveTextAsync("オンライン", Live);

        var second = await NewPageAsync();
        await SignInAsync(second, $"worker2@{DemoAccounts.Domain}", "/worker");
        await second.GotoAsync(room);
        await Expect(StateOf(coordinator, worker2)).ToHaveTextAsync("オンライン", Live);

        await first.GetByLabel("始業メモ（任意）").FillAsync("午前は入力を2件やります");
        await first.GetByRole(AriaRole.Button, new() { Name = "始業する" }).ClickAsync();
        await Expect(first.Locator("main [role=status]").First).ToContainTextAsync("始業を連絡しました", LiveContains);
        await Expect(coordinator.Locator($"[data-member='{worker1}'] [data-checkin]")).ToContainTextAsync("始業", LiveContains);
        await Expect(coordinator.Locator($"[data-member='{worker1}'] [data-note]")).ToHaveTextAsync("「午前は入力を2件やります」", Live);
        await Expect(StateOf(coordinator, worker1)).ToHaveTextAsync("オンライン", Live);

        await second.GetByLabel("メッセージ", new() { Exact = true }).FillAsync("今日もよろしくお願いします");
        await second.GetByRole(AriaRole.Button, new() { Name = "送信" }).ClickAsync();
        await Expect(coordinator.Locator("[data-messages] .message__body").First).ToHaveTextAsync("今日もよろしくお願いします", Live);
        await Expect(coordinator.Locator("[data-new-messages]")).ToHaveTextAsync("新着 1 件", Live);

        await second.CloseAsync();
        await Expect(StateOf(coordinator, worker2)).ToHaveTextAsync("オフライン", Live);
        await Expect(StateOf(coordinator, worker1)).ToHaveTextAsync("オンライン");

        Assert.True(await coordinator.EvaluateAsync<bool>("() => window.__stillTheSamePage === true"), "the coordinator's page was reloaded");
        await Expect(coordinator.Locator(".presence__today")).ToHaveTextAsync("今日の始業: 1 人 / 2 人");
        await Chromium.AssertNoHorizontalScrollAsync(coordinator);
        await Chromium.ScreenshotAsync(coordinator, "team-room-coordinator-1280x800");
        AssertNoConsoleErrors();
    }
}
