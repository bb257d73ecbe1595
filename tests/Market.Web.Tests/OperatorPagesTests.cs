using System.Net;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

/// <summary>The operator's vetting and regional pages against the fake API.</summary>
public sealed class OperatorPagesTests(WebFixture web) : IClassFixture<WebFixture>
{
    private FakeAgentApi Api => web.Api.Agents;

    [Fact]
    public async Task Vetting_WhenThePendingAgentIsApproved_SaysSoAndItLeavesThePendingList()
    {
        var agent = AddAgent("四万十ワークス協同組合", "高知県", "Pending", organisationType: "Cooperative");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Operator);

        var pending = await session.GetAsync("/operator/agents");

        var card = pending.Document.QuerySelectorAll(".vetting-card").Single(c => c.TextContent.Contains(agent.Name, StringComparison.Ordinal));
        Assert.Equal("審査待ち", card.QuerySelector(".state")!.TextContent.Trim());
        Assert.Contains("協同組合", card.TextContent);
        Assert.Contains("高知県 四万十町", card.TextContent);
        Assert.Equal("page", pending.Single(".tabs a[href='/operator/agents?status=Pending']").GetAttribute("aria-current"));
        var button = card.QuerySelector("form button")!;
        Assert.Equal($"{agent.Name}を承認する", button.TextContent.Trim());

        var after = await session.SubmitAsync(pending, $".vetting-card:has(a[href='/operator/agents/{agent.Id}']) form");

        Assert.Contains("エージェントを承認しました。", after.Single("main [role=status]").TextContent);
        Assert.Equal("Approved", agent.VettingStatus);
        Assert.DoesNotContain(agent.Name, after.Single("main").TextContent);
        Assert.Single(Api.CallsTo($"/agents/{agent.Id}/approve"));
    }

    [Fact]
    public async Task AgentDetails_SuspendWithoutAReason_SaysSoBesideTheReasonWithoutCallingTheApi()
    {
        var agent = AddAgent("大月テレワーク協議会", "山梨県", "Approved");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Operator);
        var page = await session.GetAsync($"/operator/agents/{agent.Id}");

        var after = await session.SubmitAsync(page, "form[action*='handler=Suspend']", new Dictionary<string, string> { ["Vetting.Reason"] = "  " });

        Assert.Equal("理由を入力してください。", after.Single("#Vetting_Reason-error").TextContent.Trim());
        Assert.Equal("true", after.Single("#Vetting_Reason").GetAttribute("aria-invalid"));
        Assert.Empty(Api.CallsTo($"/agents/{agent.Id}/suspend"));

        var suspended = await session.SubmitAsync(after, "form[action*='handler=Suspend']", new Dictionary<string, string> { ["Vetting.Reason"] = "個人情報の取扱いに関する指摘" });

        Assert.Contains("エージェントを停止しました。", suspended.Single("main [role=status]").TextContent);
        Assert.Equal("停止中", suspended.Single(".job-head .state").TextContent.Trim());
        Assert.NotNull(suspended.Document.QuerySelector("form[action*='handler=Reinstate']"));
    }

    [Fact]
    public async Task AgentDetails_CapacityTheApiRefuses_ShowsItsJapaneseMessageBesideTheField()
    {
        var agent = AddAgent("甲賀在宅ワークセンター", "滋賀県", "Approved");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Operator);
        var page = await session.GetAsync($"/operator/agents/{agent.Id}");
        Assert.Equal("5", page.Single("#Capacity_MaxConcurrentJobs").GetAttribute("value"));

        var after = await session.SubmitAsync(page, "form[action*='handler=Capacity']", new Dictionary<string, string> { ["Capacity.MaxConcurrentJobs"] = "150" });

        Assert.Equal("同時に受託できる案件数は 1～100 件の範囲で入力してください。", after.Single("#Capacity_MaxConcurrentJobs-error").TextContent.Trim());
        Assert.Equal("150", after.Single("#Capacity_MaxConcurrentJobs").GetAttribute("value"));
        Assert.Equal(5, agent.MaxConcurrentJobs);
    }

    [Fact]
    public async Task AgentDetails_RecordingThePrivacyMark_SendsItAndShowsItRecorded()
    {
        var agent = AddAgent("鹿角データ入力組合", "秋田県", "Approved");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Operator);
        var page = await session.GetAsync($"/operator/agents/{agent.Id}");
        var privacyMark = page.Document.QuerySelectorAll(".certification").Single(c => c.TextContent.Contains("プライバシーマーク", StringComparison.Ordinal));
        Assert.Equal("未記録", privacyMark.QuerySelector(".state")!.TextContent.Trim());

        var after = await session.SubmitAsync(page, ".certification:first-child form");

        var call = Api.CallsTo($"/agents/{agent.Id}/certifications").Single();
        Assert.Equal("PrivacyMark", call.Body.GetProperty("certification").GetString());
        Assert.True(call.Body.GetProperty("granted").GetBoolean());
        Assert.Equal("記録済み", after.Single(".certification:first-child .state").TextContent.Trim());
        Assert.Equal("プライバシーマークの記録を取り消す", after.Single(".certification:first-child button").TextContent.Trim());
    }

    [Fact]
    public async Task Regions_DrawAgentsPerPrefectureAsSvgBarsWhoseLengthFollowsTheCountAndWhoseValuesAreText()
    {
        AddAgent("庄内リモートワーク", "山形県", "Approved");
        AddAgent("最上テレワーク", "山形県", "Pending");
        AddAgent("米沢在宅支援", "山形県", "Approved");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Operator);

        var page = await session.GetAsync("/operator/regions");

        var chart = page.Single("#agents-by-prefecture-title").ParentElement!;
        var svg = chart.QuerySelector("svg")!;
        Assert.Equal("img", svg.GetAttribute("role"));
        var rows = svg.QuerySelectorAll("g.chart__row").Select(g => (
            Label: g.QuerySelector(".chart__label")!.TextContent,
            Width: double.Parse(g.QuerySelector("rect")!.GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture),
            Value: g.QuerySelector(".chart__value")!.TextContent)).ToList();
        var yamagata = rows.Single(r => r.Label == "山形県");
        Assert.Equal("3（承認済み 2）", yamagata.Value);
        Assert.Equal(rows.Max(r => r.Width), yamagata.Width);
        Assert.Equal(rows.OrderByDescending(r => r.Width).Select(r => r.Label), rows.Select(r => r.Label));
        Assert.Contains("山形県 3（承認済み 2）", svg.QuerySelector("desc")!.TextContent);
        Assert.NotNull(page.Document.QuerySelector("#jobs-by-status-title"));
        Assert.NotNull(page.Document.QuerySelector("#impact-title"));
    }

    [Fact]
    public async Task OperatorPages_WhenAnAgentOwnerAsks_AreForbidden()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.AgentOwner);

        var page = await session.GetAsync("/operator/agents");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
    }

    private FakeAgent AddAgent(string name, string prefecture, string status, string organisationType = "Npo")
    {
        var municipality = prefecture == "高知県" ? "四万十町" : "中央";
        var agent = new FakeAgent { Name = name, Prefecture = prefecture, Municipality = municipality, VettingStatus = status, OrganisationType = organisationType };
        Api.Agents[agent.Id] = agent;
        return agent;
    }
}
