using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;

namespace Market.Api.Tests.TeamRoom;

/// <summary>Presence, check-ins and the channel through HTTP, with the fake clock moving time.</summary>
public sealed class TeamRoomTests(ApiFixture fixture) : ApiTest(fixture)
{
    private TeamRoomWorld _room = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _room = await TeamRoomWorld.CreateAsync(Factory);
    }

    [Fact]
    public async Task Presence_FollowsHeartbeatsInputAndEditorAutosaves_OnlineAwayWorkingOffline()
    {
        Assert.Equal("Offline", await _room.StateOfAsync(1));

        await TeamRoomWorld.BeatAsync(_room.W1, active: true);
        Assert.Equal("Online", await _room.StateOfAsync(1));

        // The page stays open but untouched: beats without input for 15 minutes.
        for (var i = 0; i < 30; i++)
        {
            Factory.Clock.Advance(TimeSpan.FromSeconds(30));
            if (i == 20)
            {
                await _room.SignInAgainAsync();
            }

            await TeamRoomWorld.BeatAsync(_room.W1, active: false);
        }

        Assert.Equal("Away", await _room.StateOfAsync(1));

        var claim = await (await _room.W1.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString();
        var assignmentId = claim.GetProperty("assignmentId").GetString();
        Factory.Clock.Advance(TimeSpan.FromMinutes(14));
        await _room.SignInAgainAsync();
        (await _room.W1.PutAsJsonAsync($"/api/v1/units/{unitId}/draft", new { assignmentId, content = "{}" })).EnsureSuccessStatusCode();
        var board = await _room.BoardAsync();
        Assert.Equal("Working", board[_room.WorkerId(1)].GetProperty("state").GetString());
        Assert.Equal("DataEntry", board[_room.WorkerId(1)].GetProperty("workingOnKind").GetString());
        Assert.Equal("Working", board.Values.First().GetProperty("state").GetString()); // working members are listed first

        // No autosave for 15 minutes and no heartbeat for 90 s: nothing shows them here any more.
        Factory.Clock.Advance(TimeSpan.FromMinutes(15));
        await _room.SignInAgainAsync();
        Assert.Equal("Offline", await _room.StateOfAsync(1));
        Assert.Equal("Offline", await _room.StateOfAsync(2));
    }

    [Fact]
    public async Task PresenceVisibility_WhenHidden_ShowsOnlyHidden_EvenWhileWorking()
    {
        await TeamRoomWorld.BeatAsync(_room.W1, active: true);

        var hidden = await (await _room.W1.PutAsJsonAsync("/api/v1/me/presence-visibility", new { visible = false })).JsonAsync();

        Assert.False(hidden.GetProperty("visible").GetBoolean());
        var me = (await _room.BoardAsync(_room.W2))[_room.WorkerId(1)];
        Assert.Equal("Hidden", me.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("lastSeenAt").ValueKind);
        await (await _room.W1.PutAsJsonAsync("/api/v1/me/presence-visibility", new { visible = true })).JsonAsync();
        Assert.Equal("Online", await _room.StateOfAsync(1));
        Assert.Equal(HttpStatusCode.Forbidden, (await _room.Coordinator.PutAsJsonAsync("/api/v1/me/presence-visibility", new { visible = false })).StatusCode);
    }

    [Fact]
    public async Task CheckIns_StartOnceEndOnce_AndTheCoordinatorSeesWhoStartedToday()
    {
        // 09:00 the next morning in Japan, so the working day does not end during the test.
        var japan = Factory.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9));
        Factory.Clock.Set(new DateTimeOffset(japan.Date.AddDays(1).AddHours(9), TimeSpan.FromHours(9)).ToUniversalTime());
        await _room.SignInAgainAsync();
        var started = await (await _room.W1.PostAsJsonAsync("/api/v1/me/check-ins", new { note = "午前中は2件の予定です" })).JsonAsync();
        await (await _room.W1.PostAsJsonAsync("/api/v1/me/check-ins", new { note = (string?)null }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "check_in_already_open");

        var board = await _room.BoardAsync();
        var w1 = board[_room.WorkerId(1)];
        Assert.True(w1.GetProperty("checkedIn").GetBoolean());
        Assert.Equal(Millis(started.GetProperty("startedAt")), Millis(w1.GetProperty("startedToday")));
        Assert.Equal("午前中は2件の予定です", w1.GetProperty("checkInNote").GetString());
        Assert.Equal(JsonValueKind.Null, board[_room.WorkerId(2)].GetProperty("startedToday").ValueKind);

        Factory.Clock.Advance(TimeSpan.FromHours(3));
        await _room.SignInAgainAsync();
        var ended = await (await _room.W1.PostAsJsonAsync("/api/v1/me/check-ins/end", new { note = "2件提出しました" })).JsonAsync();
        Assert.Equal("2件提出しました", ended.GetProperty("endNote").GetString());
        await (await _room.W1.PostAsJsonAsync("/api/v1/me/check-ins/end", new { note = (string?)null }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "check_in_not_open");
        w1 = (await _room.BoardAsync())[_room.WorkerId(1)];
        Assert.False(w1.GetProperty("checkedIn").GetBoolean());
        Assert.Equal(Millis(started.GetProperty("startedAt")), Millis(w1.GetProperty("startedToday")));
        Assert.Equal("2件提出しました", w1.GetProperty("checkInNote").GetString());
    }

    private static long Millis(JsonElement time) => time.GetDateTimeOffset().ToUnixTimeMilliseconds();

    [Fact]
    public async Task Room_IsClosedToWorkersOutsideTheTeamAndToOtherAgents()
    {
        await (await _room.W3.GetAsync(_room.TeamPath + "/presence")).AssertProblemAsync(HttpStatusCode.NotFound, "team_not_found");
        await (await _room.W3.PostAsJsonAsync(_room.TeamPath + "/messages", new { body = "こんにちは" })).AssertProblemAsync(HttpStatusCode.NotFound, "team_not_found");
        var other = await TestData.AgentAsync(Factory, "別エージェント", "OTHER-TR");
        await TestData.UserAsync(Factory, "owner@other.jp", Market.Domain.Tenancy.Roles.AgentOwner, other.Id);
        var outsider = await Factory.ClientForAsync("owner@other.jp", TestData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(_room.TeamPath + "/messages")).StatusCode);
        Assert.Empty((await (await outsider.GetAsync("/api/v1/me/team-rooms")).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task Channel_MessagesAnnouncementsUnreadCountsAndMentions()
    {
        var hello = await (await _room.W1.PostAsJsonAsync(_room.TeamPath + "/messages", new { body = "今日の分、終わりました", mentionUserIds = new[] { _room.WorkerId(2) } })).JsonAsync();
        var announcement = await (await _room.Coordinator.PostAsJsonAsync(_room.TeamPath + "/messages", new { body = "金曜は研修会です", kind = "Announcement" })).JsonAsync();
        await (await _room.W1.PostAsJsonAsync(_room.TeamPath + "/messages", new { body = "お知らせです", kind = "Announcement" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "team_announcement_staff_only");
        await (await _room.W1.PostAsJsonAsync(_room.TeamPath + "/messages", new { body = "@外の人", mentionUserIds = new[] { _room.WorkerId(3) } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "team_mention_not_in_team");
        await (await _room.W1.PostAsJsonAsync(_room.TeamPath + "/messages", new { body = "  " }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var rooms = await (await _room.W2.GetAsync("/api/v1/me/team-rooms")).JsonAsync();
        var room = Assert.Single(rooms.EnumerateArray());
        Assert.Equal((2, 1), (room.GetProperty("unread").GetInt32(), room.GetProperty("unreadMentions").GetInt32()));
        var mention = Assert.Single((await (await _room.W2.GetAsync("/api/v1/me/mentions?unread=true")).JsonAsync()).EnumerateArray());
        Assert.Equal("今日の分、終わりました", mention.GetProperty("body").GetString());
        Assert.Equal("在宅 w1", mention.GetProperty("authorName").GetString());
        var notified = Assert.Single((await (await _room.W2.GetAsync("/api/v1/me/notifications")).JsonAsync()).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("kind").GetString() == "team.mention");
        Assert.Contains("在宅 w1", notified.GetProperty("title").GetString());
        Assert.Equal("今日の分、終わりました", notified.GetProperty("body").GetString());
        Assert.DoesNotContain((await (await _room.W1.GetAsync("/api/v1/me/notifications")).JsonAsync()).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("kind").GetString() == "team.mention");

        // The author's own message is read; the announcement they did not write is not.
        var page = await (await _room.W1.GetAsync(_room.TeamPath + "/messages")).JsonAsync();
        Assert.Equal(1, page.GetProperty("unread").GetInt32());
        Assert.Equal("金曜は研修会です", Assert.Single(page.GetProperty("announcements").EnumerateArray()).GetProperty("body").GetString());

        var read = await (await _room.W2.PostAsJsonAsync(_room.TeamPath + "/messages/read", new { upTo = announcement.GetProperty("sequence").GetInt64() })).JsonAsync();
        Assert.Equal(0, read.GetProperty("unread").GetInt32());
        Assert.Empty((await (await _room.W2.GetAsync("/api/v1/me/mentions?unread=true")).JsonAsync()).EnumerateArray());
        // A read mark never moves back.
        var back = await (await _room.W2.PostAsJsonAsync(_room.TeamPath + "/messages/read", new { upTo = hello.GetProperty("sequence").GetInt64() })).JsonAsync();
        Assert.Equal(announcement.GetProperty("sequence").GetInt64(), back.GetProperty("lastReadSequence").GetInt64());
    }

    [Fact]
    public async Task Channel_PagesNewestFirst_BackwardsWithBefore_AndCatchesUpWithAfter()
    {
        for (var i = 1; i <= 5; i++)
        {
            await (await _room.W1.PostAsJsonAsync(_room.TeamPath + "/messages", new { body = $"メッセージ{i}" })).JsonAsync();
        }

        static List<string> Bodies(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("body").GetString()!).ToList();
        var first = await (await _room.W2.GetAsync(_room.TeamPath + "/messages?limit=2")).JsonAsync();
        Assert.Equal(["メッセージ5", "メッセージ4"], Bodies(first));
        var second = await (await _room.W2.GetAsync(_room.TeamPath + $"/messages?limit=2&before={first.GetProperty("nextBefore").GetInt64()}")).JsonAsync();
        Assert.Equal(["メッセージ3", "メッセージ2"], Bodies(second));
        var last = await (await _room.W2.GetAsync(_room.TeamPath + $"/messages?limit=2&before={second.GetProperty("nextBefore").GetInt64()}")).JsonAsync();
        Assert.Equal(["メッセージ1"], Bodies(last));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("nextBefore").ValueKind);
        Assert.Equal(5, last.GetProperty("unread").GetInt32());

        var seq3 = second.GetProperty("items")[0].GetProperty("sequence").GetInt64();
        var after = await (await _room.W2.GetAsync(_room.TeamPath + $"/messages?after={seq3}")).JsonAsync();
        Assert.Equal(["メッセージ5", "メッセージ4"], Bodies(after));
        await (await _room.W2.GetAsync(_room.TeamPath + "/messages?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}
