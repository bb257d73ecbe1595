using Market.Web.Tests.Support;

namespace Market.Web.Tests;

/// <summary>
/// The unit board of an agent with more workers than a drop-down per row can hold: the rows share one searchable list
/// (a fixture of its own, so the other board tests keep their two workers).
/// </summary>
public sealed class AgentBoardLargeTeamTests(WebFixture web) : IClassFixture<WebFixture>
{
    private FakeAgentApi Api => web.Api.Agents;

    [Fact]
    public async Task Board_OfAnAgentWithManyWorkers_ListsThemOnceForEveryRow_AndAssignsThePickedWorker()
    {
        var (job, units) = AddJobWithManyWorkers("大人数の事業者の割り当て");
        var picked = Api.Workers.Single(w => w.DisplayName == "在宅 ワーカー 042");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.AgentOwner);

        var page = await session.GetAsync($"/agent/jobs/{job.Id}");

        // One list of the 60 active workers (not the suspended one), and no drop-down of them in any row.
        var options = page.Document.QuerySelectorAll("datalist#board-workers option").ToList();
        Assert.Equal(60, options.Count);
        Assert.Single(page.Document.QuerySelectorAll("datalist"));
        Assert.Empty(page.Document.QuerySelectorAll("table.board select"));
        Assert.Contains(options, o => o.GetAttribute("value")!.StartsWith("在宅 ワーカー 042 #", StringComparison.Ordinal) && o.TextContent.Contains("在宅 ワーカー 042（", StringComparison.Ordinal));
        Assert.DoesNotContain(options, o => o.GetAttribute("value")!.StartsWith("在宅 休止中", StringComparison.Ordinal));
        var field = page.Single($"#unit-{units[1].Id:N} input[name=worker]");
        Assert.Equal("board-workers", field.GetAttribute("list"));
        Assert.Contains("稼働中のワーカー 60 人", page.Single("#board-workers-hint").TextContent);

        var choice = options.Single(o => o.GetAttribute("value")!.StartsWith("在宅 ワーカー 042 #", StringComparison.Ordinal)).GetAttribute("value")!;
        var after = await session.SubmitAsync(page, $"#unit-{units[1].Id:N} form", new Dictionary<string, string> { ["worker"] = choice });

        Assert.Contains("作業単位を割り当てました。", after.Single("main [role=status]").TextContent);
        Assert.Equal(picked.UserId, Api.CallsTo($"/units/{units[1].Id}/assign").Single().Body.GetProperty("workerId").GetGuid());
    }

    [Fact]
    public async Task Board_OfAnAgentWithManyWorkers_WhenTheTypedNameIsNotInTheList_SaysSoOnThatRow_AndAssignsNobody()
    {
        var (job, units) = AddJobWithManyWorkers("一覧にない名前");
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.AgentOwner);
        var page = await session.GetAsync($"/agent/jobs/{job.Id}");

        var after = await session.SubmitAsync(page, $"#unit-{units[1].Id:N} form", new Dictionary<string, string> { ["worker"] = "在宅 だれでもない" });

        Assert.Contains("一覧にあるワーカーを選んでください。", after.Single("#assign-error").TextContent);
        Assert.Contains("board__row--refused", after.Single($"#unit-{units[1].Id:N}").ClassList);
        Assert.Equal("assign-error", after.Single($"#unit-{units[1].Id:N} input[name=worker]").GetAttribute("aria-describedby"));
        Assert.Empty(Api.CallsTo($"/units/{units[1].Id}/assign"));
    }

    private (FakeJob Job, List<FakeBoardUnit> Units) AddJobWithManyWorkers(string title)
    {
        if (Api.Workers.IsEmpty)
        {
            for (var i = 1; i <= 60; i++)
            {
                Api.Workers.Add(new FakeWorker(Guid.NewGuid(), $"在宅 ワーカー {i:000}", ActiveUnits: i % 3));
            }

            Api.Workers.Add(new FakeWorker(Guid.NewGuid(), "在宅 休止中", Status: "Suspended"));
        }

        var job = web.Api.Jobs.Add(new FakeJob
        {
            Owner = FakeUsers.AgentOwner.Email,
            Title = title,
            Type = "Transcription",
            Status = "InProgress",
            ContractedAgentId = FakeAgentApi.TonoHubId,
        });
        var units = new List<FakeBoardUnit>
        {
            new(Guid.NewGuid(), job.Id, 1, "Assigned", "在宅 ワーカー 001", MarketWebFactory.DefaultNow.AddMinutes(40)),
            new(Guid.NewGuid(), job.Id, 2, "Available"),
        };
        foreach (var unit in units)
        {
            Api.Board.Add(unit);
        }

        return (job, units);
    }
}
