using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Features.Quality;
using Market.Api.Identity;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Certifications;
using Market.Domain.Quality;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Market.Domain.Workers;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Quality;

/// <summary>Review (検品) through HTTP: accept with grades, rework, reject and appeal, auto-accept, and who sees what.</summary>
public sealed class QualityTests(ApiFixture fixture) : ApiTest(fixture)
{
    private WorkWorld _world = null!;
    private HttpClient _worker = null!;
    private HttpClient _reviewer = null!;
    private HttpClient _owner = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory);
        var reviewer = await TestData.UserAsync(Factory, "reviewer@hub.jp", Roles.AgentReviewer, _world.Agent.Id, "検品 花子");
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, _world.Agent.Id, "代表 一郎");
        await CertifyReviewerAsync(reviewer.Id);
        await SetSamplingAsync(new SamplingPolicy(SamplingPolicy.MaxShare, 5_000, 2_000, 0));
        _worker = await _world.WorkerClientAsync(1);
        _reviewer = await Factory.ClientForAsync("reviewer@hub.jp", TestData.Password);
        _owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
    }

    private Task CertifyReviewerAsync(Guid userId) => QualitySetup.CertifyReviewerAsync(Factory, userId);

    /// <summary>Trial work is always sampled (100 %); S-tier work never, so its submissions are accepted at once.</summary>
    private Task SetSamplingAsync(SamplingPolicy policy) => QualitySetup.SetSamplingAsync(Factory, _world.Agent.Id, policy);

    private sealed record Submitted(string UnitId, string AssignmentId, string Status);

    private static async Task<Submitted> ClaimAndSubmitAsync(HttpClient worker)
    {
        var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString()!;
        var assignmentId = claim.GetProperty("assignmentId").GetString()!;
        var status = await SubmitAsync(worker, unitId, assignmentId);
        return new Submitted(unitId, assignmentId, status);
    }

    private static async Task<string> SubmitAsync(HttpClient worker, string unitId, string assignmentId)
    {
        var content = await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        var submitted = await (await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = rows })).JsonAsync();
        return submitted.GetProperty("unitStatus").GetString()!;
    }

    private async Task<List<JsonElement>> QueueAsync(string? query = null) =>
        (await (await _reviewer.GetAsync($"/api/v1/agents/{_world.Agent.Id}/review-queue{query}")).JsonAsync())
        .GetProperty("items").EnumerateArray().ToList();

    private async Task<string> TaskIdOfAsync(string unitId) =>
        (await QueueAsync()).Single(i => i.GetProperty("unitId").GetString() == unitId).GetProperty("taskId").GetString()!;

    private Task<HttpResponseMessage> ReviewAsync(HttpClient reviewer, string taskId, object body) =>
        reviewer.PostAsJsonAsync($"/api/v1/submissions/{taskId}/review", body);

    private async Task<WorkUnit> UnitAsync(string unitId) =>
        (await _world.UnitsAsync()).Single(u => u.Id.Value.ToString() == unitId);

    private async Task<string> RejectAsync(Submitted work)
    {
        var taskId = await TaskIdOfAsync(work.UnitId);
        var rejected = await (await ReviewAsync(_reviewer, taskId, new { decision = "Reject", reasonCode = "wrong_value", comment = "氏名が原票と違います" })).JsonAsync();
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        return taskId;
    }

    [Fact]
    public async Task Review_AcceptWithGrades_AcceptsTheUnit_AndTheWorkersScoreShowsTheGrades()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        Assert.Equal("Submitted", work.Status);

        var item = Assert.Single(await QueueAsync("?jobType=DataEntry"));
        Assert.Equal(work.UnitId, item.GetProperty("unitId").GetString());
        Assert.Equal("在宅 w1", item.GetProperty("workerName").GetString());
        var keyed = JsonDocument.Parse(item.GetProperty("content").GetString()!).RootElement.GetProperty("rows");
        Assert.StartsWith("山田 太郎", keyed[0][0].GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("audioUrl").ValueKind);
        Assert.Empty(await QueueAsync("?jobType=Transcription"));

        var accepted = await (await ReviewAsync(_reviewer, item.GetProperty("taskId").GetString()!, new { decision = "Accept", accuracy = 5, format = 4 })).JsonAsync();
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
        Assert.Equal("Reviewed", accepted.GetProperty("acceptedBy").GetString());
        Assert.Equal(WorkUnitStatus.Accepted, (await UnitAsync(work.UnitId)).Status);
        Assert.Empty(await QueueAsync());

        var quality = await (await _worker.GetAsync("/api/v1/me/quality")).JsonAsync();
        Assert.Equal(1, quality.GetProperty("judged").GetInt32());
        Assert.Equal(1, quality.GetProperty("accepted").GetInt32());
        Assert.Equal(5, quality.GetProperty("accuracyGradeSum").GetInt32());
        Assert.Equal(4, quality.GetProperty("formatGradeSum").GetInt32());
        Assert.True(quality.GetProperty("score").GetInt32() > 9_000);

        using var scope = NewScope();
        var audit = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().AuditLog.IgnoreQueryFilters().Select(a => a.Action).ToListAsync();
        Assert.Contains("review.opened", audit);
        Assert.Contains("review.accepted", audit);
    }

    [Fact]
    public async Task Submit_WhenTheTierIsNotSampled_AcceptsAtOnce_AndNothingWaitsForReview()
    {
        await _world.WorkerAsync("s@hub.jp", WorkerTier.S);
        var veteran = await Factory.ClientForAsync("s@hub.jp", TestData.Password);

        var work = await ClaimAndSubmitAsync(veteran);

        Assert.Equal("Accepted", work.Status);
        Assert.Empty(await QueueAsync());
        var review = Assert.Single((await (await veteran.GetAsync("/api/v1/me/reviews")).JsonAsync()).EnumerateArray());
        Assert.Equal("AutoAccepted", review.GetProperty("status").GetString());
        Assert.Equal("NotSampled", review.GetProperty("acceptedBy").GetString());
    }

    [Fact]
    public async Task Review_Rework_SendsTheUnitBackToTheSameWorker_WhoResubmits_ThenItIsAccepted()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        var taskId = await TaskIdOfAsync(work.UnitId);

        var returned = await (await ReviewAsync(_reviewer, taskId, new
        {
            decision = "Rework",
            reasonCodes = new[] { "typo" },
            comment = "2件目の住所に誤字があります",
            deadline = Factory.Clock.GetUtcNow().AddDays(2),
        })).JsonAsync();
        Assert.Equal("ReturnedForRework", returned.GetProperty("status").GetString());
        Assert.Equal(1, returned.GetProperty("reworkRounds").GetInt32());
        Assert.Empty(await QueueAsync());

        var mine = Assert.Single((await (await _worker.GetAsync("/api/v1/me/units")).JsonAsync()).EnumerateArray());
        Assert.Equal(work.UnitId, mine.GetProperty("unitId").GetString());
        Assert.Equal(work.AssignmentId, mine.GetProperty("assignmentId").GetString());
        Assert.Equal("ReworkRequested", mine.GetProperty("unitStatus").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _worker.PutAsJsonAsync($"/api/v1/units/{work.UnitId}/draft", new { work.AssignmentId, content = "直しています" })).StatusCode);

        Assert.Equal("Submitted", await SubmitAsync(_worker, work.UnitId, work.AssignmentId));
        var again = Assert.Single(await QueueAsync());
        Assert.Equal(taskId, again.GetProperty("taskId").GetString());
        Assert.Equal(1, again.GetProperty("reworkRounds").GetInt32());

        var accepted = await (await ReviewAsync(_reviewer, taskId, new { decision = "Accept", accuracy = 4, format = 4 })).JsonAsync();
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
        Assert.Equal(2, accepted.GetProperty("decisions").GetArrayLength());
        Assert.Equal(WorkUnitStatus.Accepted, (await UnitAsync(work.UnitId)).Status);
        var quality = await (await _worker.GetAsync("/api/v1/me/quality")).JsonAsync();
        Assert.Equal(1, quality.GetProperty("reworked").GetInt32());
    }

    [Fact]
    public async Task Draft_WhenWorkIsReturnedForRework_StartsFromWhatTheWorkerHandedIn()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        Assert.Equal(HttpStatusCode.Forbidden, (await _worker.GetAsync($"/api/v1/units/{work.UnitId}/draft")).StatusCode);
        var taskId = await TaskIdOfAsync(work.UnitId);
        await ReviewAsync(_reviewer, taskId, new { decision = "Rework", reasonCodes = new[] { "typo" }, comment = "誤字があります" });

        var draft = await (await _worker.GetAsync($"/api/v1/units/{work.UnitId}/draft")).JsonAsync();

        var submitted = await SubmissionContentAsync(work.UnitId);
        Assert.Equal(submitted, draft.GetProperty("content").GetString());
        Assert.Equal(work.AssignmentId, draft.GetProperty("assignmentId").GetString());
        await _worker.PutAsJsonAsync($"/api/v1/units/{work.UnitId}/draft", new { work.AssignmentId, content = "直しています" });
        Assert.Equal("直しています", (await (await _worker.GetAsync($"/api/v1/units/{work.UnitId}/draft")).JsonAsync()).GetProperty("content").GetString());
    }

    private async Task<string> SubmissionContentAsync(string unitId)
    {
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return await db.UnitSubmissions.Where(s => s.UnitId == new WorkUnitId(Guid.Parse(unitId))).Select(s => s.Content).SingleAsync();
    }

    [Fact]
    public async Task Rework_ReleasedByTheWorker_EndsTheReviewTaskUnpaid_AndTheUnitGoesBackToThePool()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        var taskId = await TaskIdOfAsync(work.UnitId);
        await (await ReviewAsync(_reviewer, taskId, new
        {
            decision = "Rework", reasonCodes = new[] { "typo" }, comment = "誤字があります", deadline = Factory.Clock.GetUtcNow().AddDays(2),
        })).JsonAsync();

        var released = await _worker.PostAsJsonAsync($"/api/v1/units/{work.UnitId}/release", new { work.AssignmentId, reason = "直す時間がありません" });
        Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);

        Assert.Equal(WorkUnitStatus.Available, (await UnitAsync(work.UnitId)).Status);
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var task = await db.ReviewTasks.IgnoreQueryFilters().SingleAsync(t => t.Id == new ReviewTaskId(Guid.Parse(taskId)));
        Assert.Equal(ReviewStatus.ReworkAbandoned, task.Status);
        Assert.Contains("review.rework_abandoned", await db.AuditLog.IgnoreQueryFilters().Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task Review_Reject_PutsTheUnitBackInThePool_ThenAnOverturnedAppealAcceptsIt()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        var taskId = await RejectAsync(work);
        var unit = await UnitAsync(work.UnitId);
        Assert.Equal(WorkUnitStatus.Available, unit.Status);

        var mine = Assert.Single((await (await _worker.GetAsync("/api/v1/me/reviews")).JsonAsync()).EnumerateArray());
        Assert.Equal("Rejected", mine.GetProperty("status").GetString());
        Assert.Equal("wrong_value", mine.GetProperty("rejectionReasonCode").GetString());

        var appealed = await (await _worker.PostAsJsonAsync($"/api/v1/submissions/{taskId}/appeal", new { statement = "原票の表記どおりに入力しています" })).JsonAsync();
        Assert.Equal("原票の表記どおりに入力しています", appealed.GetProperty("appeal").GetProperty("statement").GetString());
        await (await _reviewer.PostAsJsonAsync($"/api/v1/submissions/{taskId}/appeal/decision", new { outcome = "Overturned", note = "確認しました" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var decided = await (await _owner.PostAsJsonAsync($"/api/v1/submissions/{taskId}/appeal/decision", new { outcome = "Overturned", note = "原票を確認しました" })).JsonAsync();
        Assert.Equal("Accepted", decided.GetProperty("status").GetString());
        Assert.Equal("AppealOverturned", decided.GetProperty("acceptedBy").GetString());
        Assert.Equal("Overturned", decided.GetProperty("appeal").GetProperty("outcome").GetString());
        unit = await UnitAsync(work.UnitId);
        Assert.Equal(WorkUnitStatus.Accepted, unit.Status);
        Assert.Equal(_world.WorkerIds[0], unit.WorkerId);

        using var scope = NewScope();
        var audit = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().AuditLog.IgnoreQueryFilters().Select(a => a.Action).ToListAsync();
        Assert.Contains("review.rejected", audit);
        Assert.Contains("review.appeal.filed", audit);
        Assert.Contains("review.appeal.decided", audit);
    }

    [Fact]
    public async Task Appeal_Twice_Returns409()
    {
        var taskId = await RejectAsync(await ClaimAndSubmitAsync(_worker));
        Assert.Equal(HttpStatusCode.OK, (await _worker.PostAsJsonAsync($"/api/v1/submissions/{taskId}/appeal", new { statement = "誤りはありません" })).StatusCode);

        await (await _worker.PostAsJsonAsync($"/api/v1/submissions/{taskId}/appeal", new { statement = "もう一度" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "appeal_already_made");
    }

    [Fact]
    public async Task Appeal_AfterSevenDays_Returns409()
    {
        var taskId = await RejectAsync(await ClaimAndSubmitAsync(_worker));
        Factory.Clock.Advance(ReviewTask.AppealWindow);
        var worker = await _world.WorkerClientAsync(1); // the old access token has expired

        await (await worker.PostAsJsonAsync($"/api/v1/submissions/{taskId}/appeal", new { statement = "誤りはありません" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "appeal_window_closed");
    }

    [Fact]
    public async Task Review_OfOwnWork_Returns409()
    {
        // Worker 1 is also a certified reviewer of the agent.
        using (var scope = NewScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync("w1@hub.jp"))!;
            Assert.True((await users.AddToRoleAsync(user, Roles.AgentReviewer)).Succeeded);
        }

        await CertifyReviewerAsync(_world.WorkerIds[0]);
        var workerReviewer = await _world.WorkerClientAsync(1);
        var work = await ClaimAndSubmitAsync(workerReviewer);
        var taskId = await TaskIdOfAsync(work.UnitId);

        await (await ReviewAsync(workerReviewer, taskId, new { decision = "Accept", accuracy = 5, format = 5 }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "review_own_work");
        Assert.Single(await QueueAsync());
    }

    [Fact]
    public async Task Review_WithGradeSix_Returns422()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        var taskId = await TaskIdOfAsync(work.UnitId);

        await (await ReviewAsync(_reviewer, taskId, new { decision = "Accept", accuracy = 6, format = 3 }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "review_grade_out_of_range");
        Assert.Equal(WorkUnitStatus.Submitted, (await UnitAsync(work.UnitId)).Status);
    }

    [Fact]
    public async Task Review_RejectWithoutReason_Returns422()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        var taskId = await TaskIdOfAsync(work.UnitId);

        await (await ReviewAsync(_reviewer, taskId, new { decision = "Reject", comment = "だめです" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "review_reason_required");
        await (await ReviewAsync(_reviewer, taskId, new { decision = "Reject", reasonCode = "typo" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "review_comment_required");
        Assert.Single(await QueueAsync());
    }

    [Fact]
    public async Task Review_WhenNotAwaitingReview_Returns409()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        var taskId = await TaskIdOfAsync(work.UnitId);
        Assert.Equal(HttpStatusCode.OK, (await ReviewAsync(_reviewer, taskId, new { decision = "Accept", accuracy = 5, format = 5 })).StatusCode);

        await (await ReviewAsync(_reviewer, taskId, new { decision = "Reject", reasonCode = "typo", comment = "やはり誤字" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "review_not_awaiting");
    }

    [Fact]
    public async Task Review_ByAnUncertifiedReviewer_Returns409()
    {
        await TestData.UserAsync(Factory, "novice@hub.jp", Roles.AgentReviewer, _world.Agent.Id);
        var novice = await Factory.ClientForAsync("novice@hub.jp", TestData.Password);
        var work = await ClaimAndSubmitAsync(_worker);

        await (await ReviewAsync(novice, await TaskIdOfAsync(work.UnitId), new { decision = "Accept", accuracy = 5, format = 5 }))
            .AssertProblemAsync(HttpStatusCode.Conflict, SubmissionReview.ReviewerNotCertified);
    }

    [Fact]
    public async Task AutoAccept_After72Hours_AcceptsTheSubmission_AndNotBefore()
    {
        var work = await ClaimAndSubmitAsync(_worker);

        Factory.Clock.Advance(ReviewTask.AutoAcceptAfter - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await AutoAcceptAsync());
        Assert.Equal(WorkUnitStatus.Submitted, (await UnitAsync(work.UnitId)).Status);

        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await AutoAcceptAsync());
        Assert.Equal(WorkUnitStatus.Accepted, (await UnitAsync(work.UnitId)).Status);
        Assert.Equal(0, await AutoAcceptAsync());

        var worker = await _world.WorkerClientAsync(1);
        var review = Assert.Single((await (await worker.GetAsync("/api/v1/me/reviews")).JsonAsync()).EnumerateArray());
        Assert.Equal("AutoAccepted", review.GetProperty("status").GetString());
        Assert.Equal("ReviewOverdue", review.GetProperty("acceptedBy").GetString());
        var quality = await (await worker.GetAsync("/api/v1/me/quality")).JsonAsync();
        Assert.Equal(1, quality.GetProperty("autoAccepted").GetInt32());
        Assert.Equal(0, quality.GetProperty("judged").GetInt32());
    }

    private async Task<int> AutoAcceptAsync()
    {
        using var scope = NewScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AutoAcceptOverdueReviews());
    }

    [Fact]
    public async Task ReviewQueue_ForAWorker_Returns403_AndWorkersSeeOnlyTheirOwnReviews()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        var taskId = await RejectAsync(work);
        var other = await _world.WorkerClientAsync(2);

        await (await other.GetAsync($"/api/v1/agents/{_world.Agent.Id}/review-queue")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty((await (await other.GetAsync("/api/v1/me/reviews")).JsonAsync()).EnumerateArray());
        var quality = await (await other.GetAsync("/api/v1/me/quality")).JsonAsync();
        Assert.Equal(0, quality.GetProperty("judged").GetInt32());
        Assert.Equal(JsonValueKind.Null, quality.GetProperty("score").ValueKind);
        await (await other.PostAsJsonAsync($"/api/v1/submissions/{taskId}/appeal", new { statement = "代わりに" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "review_task_not_found");

        var mine = await (await _worker.GetAsync("/api/v1/me/quality")).JsonAsync();
        Assert.Equal(1, mine.GetProperty("rejected").GetInt32());
    }
}
