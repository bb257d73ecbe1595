using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Quality;
using Market.Domain.Units;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Quality;

/// <summary>The client's answer to a delivery: a revision with comments pinned to units sends those units back to the agent.</summary>
public sealed class ClientRevisionTests(ApiFixture fixture) : ApiTest(fixture)
{
    private WorkWorld _world = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory, records: 4, batchSize: 2, workers: 2);
        await QualitySetup.SetSamplingAsync(Factory, _world.Agent.Id, new SamplingPolicy(0, 0, 0, 0));
    }

    /// <summary>Every unit keyed faithfully (accepted at once: nothing is sampled), then delivered.</summary>
    private async Task DeliverAsync()
    {
        var workers = new[] { await _world.WorkerClientAsync(1), await _world.WorkerClientAsync(2) };
        for (var pass = 0; pass < 3; pass++)
        {
            foreach (var worker in workers)
            {
                var claim = await worker.PostAsync("/api/v1/me/units/claim", null);
                if (claim.StatusCode != HttpStatusCode.Created)
                {
                    continue;
                }

                var assignment = await claim.JsonAsync();
                var unitId = assignment.GetProperty("unitId").GetString();
                var content = await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
                var rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray());
                await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit",
                    new { assignmentId = assignment.GetProperty("assignmentId").GetString(), content = JsonSerializer.Serialize(new { rows }) });
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await _world.Coordinator.PostAsync($"/api/v1/jobs/{_world.JobId}/deliver", null)).StatusCode);
    }

    [Fact]
    public async Task Revision_WithACommentPinnedToAUnit_SendsThatUnitBackToThePool_AndBothSidesSeeTheComment()
    {
        await DeliverAsync();
        var pinned = (await _world.UnitsAsync()).First();

        var revised = await (await _world.Client.PostAsJsonAsync($"/api/v1/jobs/{_world.JobId}/revision", new
        {
            reason = "2件目の住所を確認してください",
            units = new[] { new { unitId = pinned.Id.Value, comment = "番地が原票と違います" } },
        })).JsonAsync();
        Assert.Equal("RevisionRequested", revised.GetProperty("status").GetString());

        var units = await _world.UnitsAsync();
        var reopened = units.Single(u => u.Id == pinned.Id);
        Assert.Equal(WorkUnitStatus.Available, reopened.Status);
        Assert.Equal("番地が原票と違います", reopened.LastReason);
        Assert.All(units.Where(u => u.Id != pinned.Id), u => Assert.Equal(WorkUnitStatus.Accepted, u.Status));

        foreach (var reader in new[] { _world.Client, _world.Coordinator })
        {
            var round = Assert.Single((await (await reader.GetAsync($"/api/v1/jobs/{_world.JobId}/revisions")).JsonAsync()).EnumerateArray());
            Assert.Equal(1, round.GetProperty("round").GetInt32());
            var comment = Assert.Single(round.GetProperty("units").EnumerateArray());
            Assert.Equal(pinned.Sequence, comment.GetProperty("sequence").GetInt32());
            Assert.Equal("番地が原票と違います", comment.GetProperty("comment").GetString());
        }

        // Until the pinned unit is accepted again the agent cannot redeliver.
        var redeliver = await _world.Coordinator.PostAsync($"/api/v1/jobs/{_world.JobId}/deliver", null);
        Assert.Equal(HttpStatusCode.Conflict, redeliver.StatusCode);
    }

    [Fact]
    public async Task Revision_OnAJobNotDelivered_Returns409_AndWithAUnitOfAnotherJob_Returns422_AndAfter14Days_Returns409()
    {
        await (await _world.Client.PostAsJsonAsync($"/api/v1/jobs/{_world.JobId}/revision", new { reason = "早く" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "job_not_delivered");

        await DeliverAsync();
        await (await _world.Client.PostAsJsonAsync($"/api/v1/jobs/{_world.JobId}/revision", new
            {
                reason = "確認",
                units = new[] { new { unitId = Guid.NewGuid(), comment = "?" } },
            }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "revision_unit_unknown");
        await (await _world.Client.PostAsJsonAsync($"/api/v1/jobs/{_world.JobId}/revision", new
            {
                reason = "確認",
                units = new[] { new { unitId = (await _world.UnitsAsync())[0].Id.Value, comment = "" } },
            }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.All(await _world.UnitsAsync(), u => Assert.Equal(WorkUnitStatus.Accepted, u.Status)); // nothing half-done

        Factory.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        var client = await Factory.ClientForAsync("client@pref.jp", TestData.Password);
        await (await client.PostAsJsonAsync($"/api/v1/jobs/{_world.JobId}/revision", new { reason = "遅れて失礼" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "job_client_window_closed");
    }

    [Fact]
    public async Task ClientAutoAccept_After14Days_AcceptsTheDelivery_AndNotBefore_AndRunningTwiceChangesNothing()
    {
        await DeliverAsync();

        async Task<int> RunJobAsync()
        {
            using var scope = NewScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new Market.Api.Features.Jobs.Lifecycle.AutoAcceptDeliveredJobs());
        }

        Factory.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await RunJobAsync());
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await RunJobAsync());
        Assert.Equal(0, await RunJobAsync());

        var client = await Factory.ClientForAsync("client@pref.jp", TestData.Password);
        var job = await (await client.GetAsync($"/api/v1/jobs/{_world.JobId}")).JsonAsync();
        Assert.Equal("Accepted", job.GetProperty("status").GetString());
    }
}
