using Market.Api.Persistence;
using Market.Api.Seeding;
using Market.Domain.Certifications;
using Market.Domain.Tenancy;
using Market.Web.Tests.Support;
using Market.Web.Tests.Support.EndToEnd;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Market.Web.Tests.EndToEnd;

/// <summary>
/// The agent console and the operator's pages in Chromium over the real Web, API and PostgreSQL: an agent wins a job,
/// starts it, hands out units, reviews a submission through rework to acceptance, decides an appeal; the operator vets.
/// </summary>
public sealed class AgentConsoleTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private const string Owner = "agent.owner@demo.furusato.example";
    private const string Reviewer = "reviewer@demo.furusato.example";
    private const string Operator = "operator@demo.furusato.example";
    private const string JobTitle = "四万十町議会 12月定例会の文字起こし";
    private const string FirstDraft = "【議長】ただいまから十二月定例会を開会します。";
    private const string Reworked = "【議長】ただいまから令和八年十二月定例会を開会します。本日の議事日程はお手元に配布のとおりです。";

    protected override bool StartsFromEmptyData => true;

    [Fact]
    public async Task Agent_WinsAJob_StartsIt_AssignsUnits_AndReviewsWorkThroughReworkToAcceptanceAndAnAppeal()
    {
        Guid jobId;
        using (var clientApi = await DemoApi.SignInAsync(Fixture.ApiUrl, "client"))
        {
            jobId = await clientApi.PostTranscriptionJobAsync(JobTitle, TestFiles.SpeechLikeWav(TimeSpan.FromMinutes(5)), 2, DateTimeOffset.UtcNow.AddDays(14));
        }

        await DemoCertifications.GrantAsync(Fixture);

        // The agent sees the open job and offers for it.
        var agent = await NewPageAsync();
        await SignInAsync(agent, Owner, "/agent");
        Assert.Equal("NPO法人 やまびこテレワーク", await TextAsync(agent, ".agent-standing h2"));
        Assert.Equal("提案できる案件 1 件", await TextAsync(agent, ".card__count"));
        await ShotAsync(agent, "agent-home");

        await agent.GetByRole(AriaRole.Link, new() { Name = "募集中の案件", Exact = true }).First.ClickAsync();
        await WaitForPageAsync(agent, "**/agent/open-jobs");
        var card = agent.Locator(".open-job", new() { HasText = JobTitle });
        await card.GetByText("この案件に提案する").ClickAsync();
        await card.GetByLabel("提案金額（税抜・円）").FillAsync("0");
        await card.GetByRole(AriaRole.Button, new() { Name = "提案する" }).ClickAsync();
        await WaitForPageAsync(agent, "**/agent/open-jobs*");
        Assert.Equal("提案金額（税抜・円）は 1 円以上の整数で入力してください。", await TextAsync(agent, ".open-job .field__error:not(:empty)"));
        Assert.Equal("true", await agent.Locator(".open-job input[name='Offer.Price']").GetAttributeAsync("aria-invalid"));
        await Chromium.ScreenshotAsync(agent, "agent-open-jobs-error-1280x800");

        await agent.Locator(".open-job input[name='Offer.Price']").FillAsync("38000");
        await agent.Locator(".open-job textarea[name='Offer.Note']").FillAsync("四万十町内の在宅ワーカー 5 名で対応し、全件を検品します。");
        await agent.GetByRole(AriaRole.Button, new() { Name = "提案する" }).ClickAsync();
        await agent.WaitForSelectorAsync("text=提案を送りました。");
        Assert.Equal("提案中", await TextAsync(agent, ".my-offer .state"));
        Assert.Contains("¥38,000", await TextAsync(agent, ".my-offer"));
        await ShotAsync(agent, "agent-open-jobs");

        // The client compares the offer on the job page and accepts it.
        var client = await NewPageAsync();
        await SignInAsync(client, DemoClientApi.Email, "/client");
        await client.GotoAsync($"/client/jobs/{jobId}");
        Assert.Contains("¥38,000", await TextAsync(client, ".offers .offer"));
        await Chromium.ScreenshotAsync(client, "client-job-offers-1280x800");
        await client.GetByRole(AriaRole.Button, new() { Name = "NPO法人 やまびこテレワークの提案を採用する" }).ClickAsync();
        await client.WaitForSelectorAsync("text=提案を採用しました。");
        Assert.Equal("契約済み", await TextAsync(client, ".job-head .status"));

        // The agent starts the work and hands out the units, by hand and by policy.
        await agent.GotoAsync($"/agent/jobs/{jobId}");
        await agent.GetByRole(AriaRole.Button, new() { Name = "作業を開始する" }).ClickAsync();
        await agent.WaitForSelectorAsync("text=作業を開始しました。");
        var units = agent.Locator("table.board tbody tr");
        Assert.Equal(3, await units.CountAsync());
        Assert.All(await agent.Locator("table.board tbody td:nth-of-type(2) .state").AllInnerTextsAsync(), s => Assert.Equal("割り当て待ち", s.Trim()));
        var unitIds = await OwnUnitIdsAsync(jobId);

        await AssignAsync(agent, unitIds[0], "在宅 小松 由美");
        await AssignAsync(agent, unitIds[1], "在宅 岡田 直子");
        await agent.Locator($"#unit-{unitIds[2]:N}").GetByRole(AriaRole.Button, new() { Name = "自動で割り当てる" }).ClickAsync();
        await agent.WaitForSelectorAsync("text=方針に従って自動で割り当てました");
        Assert.Equal(5, await agent.Locator(".ranking__item").CountAsync());
        Assert.Contains("1 位", await TextAsync(agent, ".ranking__item"));
        Assert.Equal("3", await agent.Locator(".board-summary").EvaluateAsync<string>("e => (e.textContent.match(/作業中：(\\d+)/) || [])[1]"));
        await ShotAsync(agent, "agent-job-board");

        // Two workers hand in their segments.
        using (var worker1 = await DemoApi.SignInAsync(Fixture.ApiUrl, "worker1"))
        {
            await worker1.SubmitAsync(unitIds[0], FirstDraft);
        }

        using (var worker2 = await DemoApi.SignInAsync(Fixture.ApiUrl, "worker2"))
        {
            await worker2.SubmitAsync(unitIds[1], "【議長】開会します。");
        }

        // The reviewer hears the segment beside the text and sends it back for rework.
        var reviewer = await NewPageAsync();
        await SignInAsync(reviewer, Reviewer, "/agent");
        await reviewer.GotoAsync("/agent/reviews");
        await reviewer.Locator(".review-queue__item", new() { HasText = "在宅 小松 由美" }).ClickAsync();
        await WaitForPageAsync(reviewer, "**/agent/reviews?task=*");
        Assert.Equal(FirstDraft, await TextAsync(reviewer, ".review .submission"));
        var audioSrc = await reviewer.Locator("audio.review__audio").GetAttributeAsync("src");
        var audio = await reviewer.APIRequest.GetAsync(audioSrc!);
        Assert.Equal(200, audio.Status);
        Assert.Equal("audio/mpeg", audio.Headers["content-type"]);
        Assert.True((await audio.BodyAsync()).Length > 1_000, "The segment is a real MP3 cut by the API.");
        await ShotAsync(reviewer, "agent-review");

        await reviewer.GetByText("差し戻す（同じワーカーが修正）").ClickAsync();
        await reviewer.GetByLabel("抜け・漏れ").CheckAsync();
        await reviewer.GetByLabel("コメント", new() { Exact = true }).First.FillAsync("冒頭の年号と議事日程の説明が抜けています。");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "差し戻す", Exact = true }).ClickAsync();
        await reviewer.WaitForSelectorAsync("text=ワーカーに差し戻しました。");

        using (var worker1 = await DemoApi.SignInAsync(Fixture.ApiUrl, "worker1"))
        {
            await worker1.SubmitAsync(unitIds[0], Reworked);
        }

        await reviewer.GotoAsync("/agent/reviews");
        await reviewer.Locator(".review-queue__item", new() { HasText = "2 回目の提出" }).ClickAsync();
        await WaitForPageAsync(reviewer, "**/agent/reviews?task=*");
        Assert.Equal(Reworked, await TextAsync(reviewer, ".review .submission"));
        await reviewer.Locator("label[for='grade-Accuracy-5']").ClickAsync();
        await reviewer.Locator("label[for='grade-Format-4']").ClickAsync();
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "合格にする" }).ClickAsync();
        await reviewer.WaitForSelectorAsync("text=合格にしました。");

        // The second worker's segment is rejected; the worker appeals and the owner overturns the rejection.
        await reviewer.GetByText("不合格にする（作業単位は他のワーカーへ）").ClickAsync();
        await reviewer.GetByLabel("不合格の理由").SelectOptionAsync("missing_text");
        await reviewer.Locator("#reject-comment").FillAsync("冒頭以外がすべて抜けています。");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "不合格にする", Exact = true }).ClickAsync();
        await reviewer.WaitForSelectorAsync("text=不合格にしました。");
        using (var worker2 = await DemoApi.SignInAsync(Fixture.ApiUrl, "worker2"))
        {
            var review = (await worker2.GetAsync("api/v1/me/reviews")).EnumerateArray().Single(r => r.GetProperty("status").GetString() == "Rejected");
            await worker2.PostAsync($"api/v1/submissions/{review.GetProperty("taskId").GetGuid()}/appeal", new { statement = "音声は開会宣言のみで、その後は無音でした。" });
        }

        await agent.GotoAsync("/agent/appeals");
        Assert.Contains("音声は開会宣言のみで、その後は無音でした。", await TextAsync(agent, ".appeal"));
        Assert.Contains("抜け・漏れ", await TextAsync(agent, ".appeal"));
        await ShotAsync(agent, "agent-appeals");
        await agent.GetByLabel("不合格を取り消して承認する").CheckAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "判断を記録する" }).ClickAsync();
        await agent.WaitForSelectorAsync("text=不合格を取り消し、成果物を承認しました。");

        await agent.GotoAsync($"/agent/jobs/{jobId}");
        Assert.Equal("2 / 3 件 承認済み（66%）", await TextAsync(agent, ".progress__text"));
        Assert.Contains("すべての作業単位が承認されると納品できます。", await TextAsync(agent, ".panel:has(#delivery-title)"));
        await ShotAsync(agent, "agent-job-progress");

        await agent.GotoAsync("/agent/team");
        Assert.Equal(5, await agent.Locator("table.workers tbody tr").CountAsync());
        await ShotAsync(agent, "agent-team");
        await agent.GotoAsync("/agent/jobs");
        await ShotAsync(agent, "agent-jobs");
        await agent.GotoAsync("/agent/reviews");
        await ShotAsync(agent, "agent-reviews-empty");
        await agent.GotoAsync("/agent/payouts");
        Assert.Contains("支払バッチはまだありません", await TextAsync(agent, "main"));
        await ShotAsync(agent, "agent-payouts");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Operator_ApprovesAPendingAgent_AndSeesItOnTheRegionalOverview()
    {
        var pending = await PendingAgentAsync("NPO法人 ゆすはらリモートワーク", "高知県", "梼原町");
        var page = await NewPageAsync();
        await SignInAsync(page, Operator, "/operator");
        Assert.Contains("1 団体", await TextAsync(page, ".tally"));
        await ShotAsync(page, "operator-overview");

        await page.GetByRole(AriaRole.Link, new() { Name = "審査待ちを確認する" }).ClickAsync();
        await WaitForPageAsync(page, "**/operator/agents?status=Pending");
        Assert.Equal("審査待ち", await TextAsync(page, ".vetting-card .state"));
        await ShotAsync(page, "operator-vetting");

        await page.GetByRole(AriaRole.Link, new() { Name = "NPO法人 ゆすはらリモートワーク" }).ClickAsync();
        await WaitForPageAsync(page, $"**/operator/agents/{pending}");
        await page.GetByRole(AriaRole.Button, new() { Name = "プライバシーマークを記録する" }).ClickAsync();
        await page.WaitForSelectorAsync("text=認証を記録しました。");
        await page.GetByLabel("同時に受託できる案件数の上限").FillAsync("120");
        await page.GetByRole(AriaRole.Button, new() { Name = "上限を変更する" }).ClickAsync();
        await page.WaitForSelectorAsync("#Capacity_MaxConcurrentJobs-error:not(:empty)");
        Assert.Equal("同時に受託できる案件数は 1～100 件の範囲で入力してください。", await TextAsync(page, "#Capacity_MaxConcurrentJobs-error"));
        await ShotAsync(page, "operator-agent-details");

        await page.GetByRole(AriaRole.Button, new() { Name = "承認する", Exact = true }).ClickAsync();
        await page.WaitForSelectorAsync("text=エージェントを承認しました。");
        Assert.Equal("承認済み", await TextAsync(page, ".job-head .state"));
        Assert.Equal("記録済み", await TextAsync(page, ".certification .state"));

        using (var client = new DemoClientApi(Fixture.ApiUrl))
        {
            await client.SignInAsync();
            await client.PostDataEntryJobAsync("商店街アンケートの入力", TestFiles.PeopleCsv(60), DateTimeOffset.UtcNow.AddDays(10));
            var cancelled = await client.PostDataEntryJobAsync("重複した名簿の入力", TestFiles.PeopleCsv(60), DateTimeOffset.UtcNow.AddDays(10));
            await client.CancelAsync(cancelled, "重複して登録したため");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "地域の状況" }).First.ClickAsync();
        await WaitForPageAsync(page, "**/operator/regions");
        var kochi = page.Locator("#agents-by-prefecture-title ~ svg g.chart__row", new() { HasText = "高知県" });
        Assert.Equal("2（承認済み 2）", (await kochi.Locator(".chart__value").TextContentAsync())?.Trim());
        var jobs = page.Locator("#jobs-by-status-title ~ svg g.chart__row");
        Assert.Equal("1 件", (await jobs.Filter(new() { HasText = "募集中" }).Locator(".chart__value").TextContentAsync())?.Trim());
        Assert.Equal("1 件", (await jobs.Filter(new() { HasText = "取消済み" }).Locator(".chart__value").TextContentAsync())?.Trim());
        await ShotAsync(page, "operator-regions");
        AssertNoConsoleErrors();
    }

    /// <summary>Screenshots at the desktop and phone widths the product is checked at; neither may scroll sideways.</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, name + "-1280x800");
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Chromium.AssertNoHorizontalScrollAsync(page);
        await Chromium.ScreenshotAsync(page, name + "-390x844");
        await page.SetViewportSizeAsync(1280, 800);
        await page.ReloadAsync();
    }

    private static async Task AssignAsync(IPage page, Guid unitId, string worker)
    {
        var row = page.Locator($"#unit-{unitId:N}");
        await row.Locator("select").SelectOptionAsync(new SelectOptionValue { Label = (await row.Locator("option", new() { HasText = worker }).InnerTextAsync()).Trim() });
        await row.GetByRole(AriaRole.Button, new() { Name = "割り当てる", Exact = true }).ClickAsync();
        await page.WaitForSelectorAsync("text=作業単位を割り当てました。");
        Assert.Contains(worker, await page.Locator($"#unit-{unitId:N}").InnerTextAsync());
    }

    private async Task<List<Guid>> OwnUnitIdsAsync(Guid jobId)
    {
        using var owner = await DemoApi.SignInAsync(Fixture.ApiUrl, "coordinator");
        return (await owner.GetAsync($"api/v1/jobs/{jobId}/units")).GetProperty("items").EnumerateArray()
            .OrderBy(u => u.GetProperty("sequence").GetInt32())
            .Select(u => u.GetProperty("id").GetGuid())
            .ToList();
    }

    /// <summary>An agent that has registered and waits for vetting (agents register outside the product today).</summary>
    private async Task<Guid> PendingAgentAsync(string name, string prefecture, string municipality)
    {
        await using var scope = Fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var agent = new Market.Domain.Tenancy.Agent(Guid.CreateVersion7(), name, AgentOrganisationType.Npo, prefecture, municipality, "YUSU-" + Guid.NewGuid().ToString("N")[..6], DateTimeOffset.UtcNow);
        db.Agents.Add(agent);
        await db.SaveChangesAsync();
        return agent.Id;
    }

    private static async Task<string> TextAsync(IPage page, string selector) =>
        (await page.Locator(selector).First.InnerTextAsync()).Trim();
}
