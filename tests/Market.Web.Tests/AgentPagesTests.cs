using System.Net;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

/// <summary>The agent console against the fake API: what its forms send, and how refusals show beside the fields they concern.</summary>
public sealed class AgentPagesTests(WebFixture web) : IClassFixture<WebFixture>
{
    private FakeAgentApi Api => web.Api.Agents;

    [Fact]
    public async Task Console_WhenTheOwnerSignsIn_ShowsTheAgentsStandingCapacityAndWhatWaits()
    {
        Api.ReviewQueue.TryAdd(Guid.NewGuid(), Transcript("コンソール表示用の議事録"));
        using var session = web.NewSession();

        var console = await session.SignInAsync(FakeUsers.AgentOwner);

        Assert.Equal("/agent", console.Path);
        Assert.Equal("NPO法人 遠野テレワークセンター", console.Single(".agent-standing h2").TextContent.Trim());
        Assert.Equal("承認済み", console.Single(".agent-standing .state").TextContent.Trim());
        Assert.Contains("受託中 2 / 上限 5 件", console.Single(".agent-standing").TextContent);
        Assert.Equal("2", console.Single(".agent-standing meter").GetAttribute("value"));
        Assert.Contains(FakeAgentApi.TonoHubId.ToString(), console.Single(".agent-standing").TextContent);
        var nav = console.Document.QuerySelectorAll(".console-nav a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["ホーム", "募集中の案件", "受託案件", "検品", "異議申立て", "ワーカーとチーム", "支払", "請求書"], nav);
        Assert.Equal("page", console.Single(".console-nav a[href='/agent']").GetAttribute("aria-current"));
        Assert.Matches(@"検品待ち \d+ 件", console.Text);
    }

    [Fact]
    public async Task Console_WhenAReviewerSignsIn_OffersNoManagersLinksAndOpenJobsAreForbidden()
    {
        using var session = web.NewSession();

        var console = await session.SignInAsync(FakeUsers.Reviewer);
        var openJobs = await session.GetAsync("/agent/open-jobs");

        var nav = console.Document.QuerySelectorAll(".console-nav a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["ホーム", "受託案件", "検品"], nav);
        Assert.Equal(HttpStatusCode.Forbidden, openJobs.Status);
    }

    [Fact]
    public async Task OpenJobs_WithIneligibleShown_ListsTheRulesThatRefuseTheAgentInJapanese()
    {
        var eligible = AddOpenJob("市議会 12月定例会の文字起こし");
        var refused = AddOpenJob("健診票の入力（個人情報）", refusals: [("agent_region_mismatch", "The client asked for agents in 高知県."), ("agent_capacity_full", "Full.")]);
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Coordinator);

        var onlyEligible = await session.GetAsync("/agent/open-jobs");
        var all = await session.GetAsync("/agent/open-jobs?ineligible=true");

        Assert.NotNull(onlyEligible.Document.QuerySelector($"#job-{eligible.Id:N} details.offer-form"));
        Assert.Null(onlyEligible.Document.QuerySelector($"#job-{refused.Id:N}"));
        var card = all.Single($"#job-{refused.Id:N}");
        Assert.Equal("条件を満たしていません", card.QuerySelector(".state")!.TextContent.Trim());
        Assert.Equal(
            ["発注者が希望する地域のエージェントではありません。", "同時に受託できる案件数の上限に達しています。"],
            card.QuerySelectorAll(".refusals li").Select(li => li.TextContent.Trim()));
        Assert.Null(card.QuerySelector("form"));
    }

    [Fact]
    public async Task Offer_WhenSubmitted_SendsWholeYenAndTheJapanDeliveryTimeAsAnInstantWithTheFormsIdempotencyKey()
    {
        var job = AddOpenJob("観光パンフレットの文字起こし");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Coordinator);
        var page = await session.GetAsync("/agent/open-jobs");
        var form = $"#job-{job.Id:N} form";
        var key = page.Single($"{form} input[name='Offer.IdempotencyKey']").GetAttribute("value");
        Assert.Equal("24000", page.Single($"{form} input[name='Offer.Price']").GetAttribute("value"));

        var after = await session.SubmitAsync(page, form, new Dictionary<string, string>
        {
            ["Offer.Price"] = "21500",
            ["Offer.DeliverDate"] = "2026-12-05",
            ["Offer.DeliverTime"] = "17:00",
            ["Offer.Note"] = "  遠野市内の 6 名で対応します。 ",
        });

        Assert.Equal("/agent/open-jobs", after.Path);
        Assert.Contains("提案を送りました", after.Single("main [role=status]").TextContent);
        var call = Api.CallsTo($"/jobs/{job.Id}/offers").Single();
        Assert.Equal(21500, call.Body.GetProperty("price").GetInt64());
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero), call.Body.GetProperty("deliverBy").GetDateTimeOffset());
        Assert.Equal("遠野市内の 6 名で対応します。", call.Body.GetProperty("note").GetString());
        Assert.Equal(key, call.IdempotencyKey);
        var mine = after.Single($"#job-{job.Id:N} .my-offer");
        Assert.Contains("¥21,500", mine.TextContent);
        Assert.Equal("提案中", mine.QuerySelector(".state")!.TextContent.Trim());
        Assert.Null(after.Document.QuerySelector($"#job-{job.Id:N} details.offer-form"));
    }

    [Fact]
    public async Task Offer_WhenTheApiRefusesADeliveryAfterTheDeadline_ShowsTheJapaneseMessageBesideThatJobsDateOnly()
    {
        var job = AddOpenJob("商工会 会報の文字起こし");
        var other = AddOpenJob("町史資料の文字起こし");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Coordinator);
        var page = await session.GetAsync("/agent/open-jobs");

        var after = await session.SubmitAsync(page, $"#job-{job.Id:N} form", new Dictionary<string, string>
        {
            ["Offer.Price"] = "30000",
            ["Offer.DeliverDate"] = "2026-12-11",
            ["Offer.DeliverTime"] = "09:00",
        });

        var prefix = $"#offer-{job.Id:N}";
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal("納品予定は案件の納期より前にしてください。", after.Single($"{prefix}-deliverdate-error").TextContent.Trim());
        Assert.Equal("true", after.Single($"#offer-{job.Id:N}-date").GetAttribute("aria-invalid"));
        Assert.Contains($"offer-{job.Id:N}-deliverdate-error", after.Single($"#offer-{job.Id:N}-date").GetAttribute("aria-describedby"));
        Assert.Equal("30000", after.Single($"#offer-{job.Id:N}-price").GetAttribute("value"));
        Assert.Equal("2026-12-11", after.Single($"#offer-{job.Id:N}-date").GetAttribute("value"));
        Assert.NotNull(after.Single($"#job-{job.Id:N} details.offer-form").GetAttribute("open"));
        Assert.Null(after.Document.QuerySelector($"#offer-{other.Id:N}-deliverdate-error"));
        Assert.Null(after.Single($"#offer-{other.Id:N}-date").GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task Offer_WhenThePriceIsMissing_SaysSoBesideThePriceWithoutCallingTheApi()
    {
        var job = AddOpenJob("防災無線原稿の文字起こし");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Coordinator);
        var page = await session.GetAsync("/agent/open-jobs");

        var after = await session.SubmitAsync(page, $"#job-{job.Id:N} form", new Dictionary<string, string> { ["Offer.Price"] = "" });

        Assert.Equal("提案金額（税抜・円）を入力してください。", after.Single($"#offer-{job.Id:N}-price-error").TextContent.Trim());
        Assert.Empty(Api.CallsTo($"/jobs/{job.Id}/offers"));
    }

    [Fact]
    public async Task Offer_WhenTheAgentIsRefusedByEveryRule_ListsEachRefusalInTheFormsSummary()
    {
        var job = AddOpenJob("要件を満たさない案件", refusals: [("agent_lacks_privacy_mark", "Privacy Mark."), ("agent_not_approved", "Not approved.")]);
        AddOpenJob("提案できる案件（比較用）");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Coordinator);
        var page = await session.GetAsync("/agent/open-jobs?ineligible=true");
        // The page offers no form for an ineligible job; a stale form (the job changed since) still gets every reason.
        var stale = await session.SubmitAsync(page, "form[action*='handler=Offer']", new Dictionary<string, string>
        {
            ["Offer.JobId"] = job.Id.ToString(),
            ["Offer.Price"] = "10000",
            ["Offer.DeliverDate"] = "2026-12-01",
            ["Offer.DeliverTime"] = "10:00",
        });

        var summary = stale.Single($"#job-{job.Id:N} [role=alert]").TextContent;
        Assert.Contains("個人情報を含む案件には、プライバシーマークの認証が必要です。", summary);
        Assert.Contains("運営者の審査で承認されたエージェントだけが行えます。", summary);
    }

    [Fact]
    public async Task Reviews_OfATranscript_ShowTheTextBesideAPlayerWhoseAudioTheWebFetchesWithTheReviewersToken()
    {
        var item = Transcript("町議会 定例会の文字起こし（検品）");
        Api.ReviewQueue[item.TaskId] = item;
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Reviewer);

        var page = await session.GetAsync($"/agent/reviews?task={item.TaskId}");

        Assert.Equal("【議長】ただいまから定例会を開会します。", page.Single(".review .submission").TextContent.Trim());
        Assert.Contains("（4:55–10:05）", page.Single("#audio-title").TextContent);
        var src = page.Single("audio.review__audio").GetAttribute("src")!;
        Assert.StartsWith("/agent/reviews?", src);
        Assert.Contains("handler=Audio", src);
        Assert.Equal("true", page.Single($".review-queue__item[href*='{item.TaskId}']").GetAttribute("aria-current"));
        using var audio = await session.Http.GetAsync(src);
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        Assert.Equal("audio/mpeg", audio.Content.Headers.ContentType!.MediaType);
        Assert.Equal(FakeAgentApi.SegmentAudio, await audio.Content.ReadAsByteArrayAsync());
        using var ranged = new HttpRequestMessage(HttpMethod.Get, src);
        ranged.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(2, 5);
        using var part = await session.Http.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(FakeAgentApi.SegmentAudio[2..6], await part.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Review_ReworkWithoutAReason_SaysSoBesideTheReasonsWithoutCallingTheApiAndKeepsTheReworkFormOpen()
    {
        var item = Transcript("差し戻し理由なし");
        Api.ReviewQueue[item.TaskId] = item;
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Reviewer);
        var page = await session.GetAsync($"/agent/reviews?task={item.TaskId}");

        var after = await session.SubmitAsync(page, "form[action*='handler=Rework']", new Dictionary<string, string> { ["Rework.Comment"] = "聞き取りを確認してください" });

        Assert.Equal("理由を 1 つ以上選んでください。", after.Single("#rework-reasons-error").TextContent.Trim());
        Assert.NotNull(after.Single("details.decision--rework").GetAttribute("open"));
        Assert.Null(after.Single("details.decision--accept").GetAttribute("open"));
        Assert.Equal("聞き取りを確認してください", after.Single("#rework-comment").TextContent);
        Assert.Empty(Api.CallsTo($"/submissions/{item.TaskId}/review"));
    }

    [Fact]
    public async Task Review_ReworkWithReasons_SendsTheCodesCommentAndTheJapanDeadlineAsAnInstant()
    {
        var item = Transcript("差し戻しの送信");
        Api.ReviewQueue[item.TaskId] = item;
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Reviewer);
        var page = await session.GetAsync($"/agent/reviews?task={item.TaskId}");
        Assert.Equal("2026-11-24", page.Single("#rework-date").GetAttribute("value"));

        var after = await session.SubmitMultipartAsync(page, "form[action*='handler=Rework']", new Dictionary<string, string[]>
        {
            ["Rework.ReasonCodes"] = ["missing_text", "wrong_speaker"],
            ["Rework.Comment"] = ["2分15秒付近が抜けています。"],
            ["Rework.DeadlineDate"] = ["2026-11-23"],
            ["Rework.DeadlineTime"] = ["12:00"],
        });

        Assert.Contains("ワーカーに差し戻しました。", after.Single("main [role=status]").TextContent);
        var call = Api.CallsTo($"/submissions/{item.TaskId}/review").Single();
        Assert.Equal("Rework", call.Body.GetProperty("decision").GetString());
        Assert.Equal(["missing_text", "wrong_speaker"], call.Body.GetProperty("reasonCodes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("2分15秒付近が抜けています。", call.Body.GetProperty("comment").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero), call.Body.GetProperty("deadline").GetDateTimeOffset());
    }

    [Fact]
    public async Task Review_AcceptWithGrades_SendsBothGrades_AndWithoutOne_SaysWhichIsMissing()
    {
        var item = Transcript("合格判定");
        Api.ReviewQueue[item.TaskId] = item;
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Reviewer);
        var page = await session.GetAsync($"/agent/reviews?task={item.TaskId}");

        var missing = await session.SubmitAsync(page, "form[action*='handler=Accept']", new Dictionary<string, string> { ["Accept.Accuracy"] = "5" });
        Assert.Equal("書式を選んでください。", missing.Single("#accept-format-error").TextContent.Trim());
        Assert.Equal("5", missing.Single("input[name='Accept.Accuracy'][checked]").GetAttribute("value"));

        var accepted = await session.SubmitAsync(missing, "form[action*='handler=Accept']", new Dictionary<string, string> { ["Accept.Format"] = "4" });

        Assert.Contains("合格にしました。", accepted.Single("main [role=status]").TextContent);
        var call = Api.CallsTo($"/submissions/{item.TaskId}/review").Single();
        Assert.Equal(5, call.Body.GetProperty("accuracy").GetInt32());
        Assert.Equal(4, call.Body.GetProperty("format").GetInt32());
    }

    [Fact]
    public async Task Review_WhenTheReviewerLacksTheCertification_ShowsTheApisRefusalInJapanese()
    {
        var item = Transcript("資格のない検品");
        Api.ReviewQueue[item.TaskId] = item;
        Api.RefuseNextReview(409, "reviewer_not_certified");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Reviewer);
        var page = await session.GetAsync($"/agent/reviews?task={item.TaskId}");

        var after = await session.SubmitAsync(page, "form[action*='handler=Reject']", new Dictionary<string, string>
        {
            ["Reject.ReasonCode"] = "not_as_specified",
            ["Reject.Comment"] = "仕様の話者表記になっていません。",
        });

        Assert.Contains("検品には「検品担当」の有効な資格が必要です。", after.Single(".decisions [role=alert]").TextContent);
        Assert.NotNull(after.Single("details.decision--reject").GetAttribute("open"));
        Assert.Equal("not_as_specified", after.Single("#reject-reason option[selected]").GetAttribute("value"));
    }

    [Fact]
    public async Task Review_OfAWebEdit_ShowsThePageAndEachChangedLineMarkedInText()
    {
        var item = new FakeReviewItem(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "町のホームページ 更新", "WebEdit", 1, "在宅 さくら", "<p>営業時間 9:00-18:00</p>",
            Page: new
            {
                url = "https://town.example.jp/info",
                requestedChange = "17:00 を 18:00 に",
                currentContent = "<p>営業時間 9:00-17:00</p>",
                diff = new[] { new { operation = "Delete", text = "<p>営業時間 9:00-17:00</p>" }, new { operation = "Insert", text = "<p>営業時間 9:00-18:00</p>" } },
            });
        Api.ReviewQueue[item.TaskId] = item;
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Reviewer);

        var page = await session.GetAsync($"/agent/reviews?task={item.TaskId}");

        var rows = page.Document.QuerySelectorAll("table.diff tr").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("−削除：", rows[0].QuerySelector(".diff__mark")!.TextContent.Trim());
        Assert.Equal("<p>営業時間 9:00-17:00</p>", rows[0].QuerySelector("code")!.TextContent);
        Assert.Equal("+追加：", rows[1].QuerySelector(".diff__mark")!.TextContent.Trim());
        Assert.Contains("17:00 を 18:00 に", page.Single(".review").TextContent);
    }

    [Fact]
    public async Task Board_ShowsEachUnitsStateHolderAndLease_AndFlagsLeasesEndingWithinTenMinutes()
    {
        var (job, soon, later) = AddContractedJob("県広報誌の文字起こし");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.AgentOwner);

        var page = await session.GetAsync($"/agent/jobs/{job.Id}");

        Assert.Equal("県広報誌の文字起こし", page.Heading);
        Assert.Contains("元請け", page.Single(".job-head__type").TextContent);
        Assert.Contains("10 分以内に期限切れ：1 件", page.Single(".board-summary").TextContent);
        var soonRow = page.Single($"#unit-{soon.Id:N}");
        Assert.Equal("作業中", soonRow.QuerySelector(".state")!.TextContent.Trim());
        Assert.Contains("在宅 さくら", soonRow.TextContent);
        Assert.Contains("まもなく期限切れ", soonRow.TextContent);
        Assert.Equal("2026年11月21日 19:40", soonRow.QuerySelector("time")!.TextContent.Trim());
        Assert.DoesNotContain("まもなく期限切れ", page.Single($"#unit-{later.Id:N}").TextContent);
        Assert.NotNull(page.Document.QuerySelector($"#unit-{later.Id:N} form[action*='handler=Assign']"));
    }

    [Fact]
    public async Task Assign_Auto_ShowsEveryWorkersRankOrTheReasonTheyWereLeftOut()
    {
        var (job, _, later) = AddContractedJob("自動割り当ての確認");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.AgentOwner);
        var page = await session.GetAsync($"/agent/jobs/{job.Id}");

        var after = await session.SubmitAsync(page, $"#unit-{later.Id:N} form", submitter: ("auto", "true"));

        Assert.Contains("方針に従って自動で割り当てました", after.Single("main [role=status]").TextContent);
        var ranking = after.Document.QuerySelectorAll(".ranking__item").Select(i => i.TextContent).ToList();
        Assert.Contains(ranking, r => r.Contains("1 位") && r.Contains("Rank 1 of 1"));
        Assert.Contains(ranking, r => r.Contains("条件を満たしていません") && r.Contains("このワーカーは同時に持てる作業の上限に達しています。"));
        var call = Api.CallsTo($"/units/{later.Id}/assign").Single();
        Assert.True(call.Body.GetProperty("auto").GetBoolean());
    }

    [Fact]
    public async Task Assign_WhenTheChosenWorkerIsAtCapacity_ShowsTheRefusalOnThatUnitsRow()
    {
        var (job, _, later) = AddContractedJob("手動割り当ての確認");
        var worker = Api.Workers.First();
        Api.RefuseNextAssignment(409, "worker_at_capacity", new { refusals = new[] { new { code = "worker_at_capacity", message = "Full." } } });
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.AgentOwner);
        var page = await session.GetAsync($"/agent/jobs/{job.Id}");

        var after = await session.SubmitAsync(page, $"#unit-{later.Id:N} form", new Dictionary<string, string> { ["workerId"] = worker.UserId.ToString() });

        Assert.Contains("このワーカーは同時に持てる作業の上限に達しています。", after.Single("#assign-error").TextContent);
        Assert.Contains("board__row--refused", after.Single($"#unit-{later.Id:N}").ClassList);
        Assert.Equal("assign-error", after.Single($"#unit-{later.Id:N} select").GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task Appeals_UpheldWithoutANote_AsksForItBesideTheNote_AndOverturnedIsRecorded()
    {
        var appeal = new FakeAppeal(Guid.NewGuid(), "町議会 定例会の文字起こし", "在宅 さくら", "聞き取れない箇所は【不明】と書く仕様どおりです。", "【議長】…【不明】…");
        Api.Appeals[appeal.TaskId] = appeal;
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.AgentOwner);
        var page = await session.GetAsync("/agent/appeals");
        var form = $"#appeal-{appeal.TaskId:N}";

        var refused = await session.SubmitAsync(page, form, new Dictionary<string, string> { ["outcome"] = "Upheld" });
        Assert.Equal("不合格を維持するときは、ワーカーへの説明を書いてください。", refused.Single($"#note-{appeal.TaskId:N}-error").TextContent.Trim());
        Assert.Empty(Api.CallsTo($"/submissions/{appeal.TaskId}/appeal/decision"));

        var decided = await session.SubmitAsync(refused, form, new Dictionary<string, string> { ["outcome"] = "Overturned", ["note"] = "仕様を確認しました。" });

        Assert.Contains("不合格を取り消し、成果物を承認しました。", decided.Single("main [role=status]").TextContent);
        Assert.Equal("Overturned", Api.CallsTo($"/submissions/{appeal.TaskId}/appeal/decision").Single().Body.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task ClientJob_WhileOpen_ListsTheAgentsOffersAndAcceptsOneWithAnIdempotencyKey()
    {
        var job = web.Api.Jobs.Add(new FakeJob { Owner = FakeUsers.Client.Email, Title = "アンケート入力（提案比較）" });
        var offer = new FakeOffer(Guid.NewGuid(), job.Id, FakeAgentApi.TonoHubId, "NPO法人 遠野テレワークセンター", 1_750, new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), "二重入力で納品します。");
        Api.Offers[offer.Id] = offer;
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);
        var page = await session.GetAsync($"/client/jobs/{job.Id}");

        var card = page.Single(".offers .offer");
        Assert.Contains("¥1,750", card.TextContent);
        Assert.Contains("2026年11月27日 17:00", card.TextContent);
        Assert.Contains("二重入力で納品します。", card.TextContent);
        var after = await session.SubmitAsync(page, ".offers form");

        Assert.Contains("提案を採用しました。", after.Single("main [role=status]").TextContent);
        var call = Api.CallsTo($"/offers/{offer.Id}/accept").Single();
        Assert.True(Guid.TryParse(call.IdempotencyKey, out _));
        Assert.Equal("Accepted", offer.Status);
    }

    [Fact]
    public async Task Payouts_OwnerDownloadsTheZenginFileThenConfirms_NamingAFailedTransferWhoseReasonIsRequired()
    {
        var sakura = (Guid.NewGuid(), "在宅 さくら", 12_400L);
        var taro = (Guid.NewGuid(), "在宅 たろう", 3_050L);
        var batch = new FakePayoutBatch { Payouts = [sakura, taro] };
        Api.PayoutBatches[batch.Id] = batch;
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.AgentOwner);

        var list = await session.GetAsync("/agent/payouts");
        var row = list.Document.QuerySelectorAll("table.payout-batches tbody tr").Single(r => r.InnerHtml.Contains(batch.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal("2026年11月15日", row.QuerySelector("th a")!.TextContent.Trim());
        Assert.Equal("計上済み", row.QuerySelector(".state")!.TextContent.Trim());
        Assert.Contains("¥15,450", row.TextContent);

        var page = await session.GetAsync($"/agent/payouts/{batch.Id}");
        Assert.Contains("京都銀行 本店営業部", page.Single("table.payouts").TextContent);
        Assert.Contains("****567", page.Single("table.payouts").TextContent);
        Assert.Contains("1,000 円未満のため繰越", page.Single(".carried").TextContent);
        using (var file = await session.Http.GetAsync(page.Single("a[href*='handler=Zengin']").GetAttribute("href")))
        {
            Assert.Equal("text/plain; charset=shift_jis", file.Content.Headers.ContentType!.ToString());
            Assert.Equal(FakeAgentApi.ZenginFile, await file.Content.ReadAsByteArrayAsync());
        }

        var issued = await session.GetAsync($"/agent/payouts/{batch.Id}");
        var refused = await session.SubmitMultipartAsync(issued, "form[action*='handler=Confirm']", new Dictionary<string, string[]> { ["failed"] = [taro.Item1.ToString()] });
        Assert.Equal("振込が失敗した理由を入力してください。", refused.Single($"#reason-{taro.Item1:N}-error").TextContent.Trim());
        Assert.Empty(Api.CallsTo($"/payout-batches/{batch.Id}/confirm"));

        var confirmed = await session.SubmitMultipartAsync(refused, "form[action*='handler=Confirm']", new Dictionary<string, string[]>
        {
            ["failed"] = [taro.Item1.ToString()],
            [$"reason-{taro.Item1:N}"] = ["口座番号の誤り"],
        });

        Assert.Contains("失敗した振込は次回の支払に含まれます。", confirmed.Single("main [role=status]").TextContent);
        var call = Api.CallsTo($"/payout-batches/{batch.Id}/confirm").Single();
        var failure = Assert.Single(call.Body.GetProperty("failures").EnumerateArray());
        Assert.Equal(taro.Item1, failure.GetProperty("workerId").GetGuid());
        Assert.Equal("口座番号の誤り", failure.GetProperty("reason").GetString());
        Assert.True(Guid.TryParse(call.IdempotencyKey, out _));
    }

    [Fact]
    public async Task Payouts_ForACoordinator_ShowNoDownloadOrConfirmation()
    {
        var batch = new FakePayoutBatch { Status = "FileIssued", Payouts = [(Guid.NewGuid(), "在宅 さくら", 5_000L)] };
        Api.PayoutBatches[batch.Id] = batch;
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Coordinator);

        var page = await session.GetAsync($"/agent/payouts/{batch.Id}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.Document.QuerySelector("a[href*='handler=Zengin']"));
        Assert.Null(page.Document.QuerySelector("form[action*='handler=Confirm'] button"));
    }

    private FakeOpenJob AddOpenJob(string title, IReadOnlyList<(string, string)>? refusals = null)
    {
        var job = new FakeOpenJob { Title = title, Refusals = refusals ?? [] };
        Api.OpenJobs[job.Id] = job;
        return job;
    }

    private static FakeReviewItem Transcript(string title) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), title, "Transcription", 2, "在宅 さくら", "【議長】ただいまから定例会を開会します。");

    private (FakeJob Job, FakeBoardUnit Soon, FakeBoardUnit Later) AddContractedJob(string title)
    {
        if (Api.Workers.IsEmpty)
        {
            Api.Workers.Add(new FakeWorker(Guid.NewGuid(), "在宅 さくら", ActiveUnits: 1));
            Api.Workers.Add(new FakeWorker(Guid.NewGuid(), "在宅 たろう", "B", ActiveUnits: 3));
        }

        var job = web.Api.Jobs.Add(new FakeJob
        {
            Owner = FakeUsers.AgentOwner.Email,
            Title = title,
            Type = "Transcription",
            Status = "InProgress",
            ContractedAgentId = FakeAgentApi.TonoHubId,
        });
        var now = MarketWebFactory.DefaultNow;
        var soon = new FakeBoardUnit(Guid.NewGuid(), job.Id, 1, "Assigned", "在宅 さくら", now.AddMinutes(10));
        var later = new FakeBoardUnit(Guid.NewGuid(), job.Id, 2, "Available");
        Api.Board.Add(soon);
        Api.Board.Add(later);
        return (job, soon, later);
    }
}
