using System.Net;
using System.Net.Http.Json;
using Market.Api.Features.Quality;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;
using Market.Domain.Quality;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Market.Domain.Workers;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Market.Api.Tests.Money.MoneyTestKit;

namespace Market.Api.Tests.Money;

/// <summary>
/// A unit's earning is posted exactly once, in the transaction that accepts it, whichever way it is accepted: by a
/// reviewer, unsampled at submit, by the 72-hour job, or on appeal — and through a subcontract, in the books of both agents.
/// </summary>
public sealed class EarningTests(ApiFixture fixture) : ApiTest(fixture)
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
        await CertifyReviewerAsync(Factory, reviewer.Id);
        await SetSamplingAsync(Factory, _world.Agent.Id);
        _worker = await _world.WorkerClientAsync(1);
        _reviewer = await Factory.ClientForAsync("reviewer@hub.jp", TestData.Password);
        _owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
    }

    private async Task<LedgerTransaction> SingleEarningAsync()
    {
        var earnings = await TransactionsAsync(Factory, LedgerTransactionKind.Earning);
        return Assert.Single(earnings);
    }

    private async Task AssertPaidAsync(LedgerTransaction earning, string unitId, Guid workerId, string key)
    {
        var pay = await PayForAsync(Factory, unitId);
        Assert.Equal(key, earning.IdempotencyKey);
        Assert.Equal(
            [
                LedgerEntry.Debit(LedgerAccount.AgentCost(_world.Agent.Id), pay),
                LedgerEntry.Credit(LedgerAccount.WorkerPayable(_world.Agent.Id, workerId), pay),
            ],
            earning.Entries);
    }

    [Fact]
    public async Task ReviewAccept_PostsExactlyOneEarning_AndASecondDecisionPostsNothing()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        Assert.Empty(await TransactionsAsync(Factory)); // sampled: nothing is owed until it is accepted
        var taskId = await TaskIdOfAsync(_reviewer, _world.Agent.Id, work.UnitId);

        Assert.Equal(HttpStatusCode.OK, (await ReviewAsync(_reviewer, taskId, new { decision = "Accept", accuracy = 5, format = 4 })).StatusCode);
        await (await ReviewAsync(_reviewer, taskId, new { decision = "Accept", accuracy = 5, format = 5 }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "review_not_awaiting");

        await AssertPaidAsync(await SingleEarningAsync(), work.UnitId, _world.WorkerIds[0], $"earning:{work.UnitId}");
    }

    [Fact]
    public async Task Submit_WhenNotSampled_PostsTheEarningWithTheAcceptance()
    {
        var veteranId = await _world.WorkerAsync("s@hub.jp", WorkerTier.S);
        var veteran = await Factory.ClientForAsync("s@hub.jp", TestData.Password);

        var work = await ClaimAndSubmitAsync(veteran);

        Assert.Equal("Accepted", work.Status);
        await AssertPaidAsync(await SingleEarningAsync(), work.UnitId, veteranId, $"earning:{work.UnitId}");
    }

    [Fact]
    public async Task AutoAccept_After72Hours_PostsOneEarning_AndRerunningTheJobPostsNoMore()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        Factory.Clock.Advance(ReviewTask.AutoAcceptAfter);

        Assert.Equal(1, await AutoAcceptAsync());
        Assert.Equal(0, await AutoAcceptAsync());

        var earning = await SingleEarningAsync();
        await AssertPaidAsync(earning, work.UnitId, _world.WorkerIds[0], $"earning:{work.UnitId}");
        Assert.True((Factory.Clock.GetUtcNow() - earning.OccurredAt).Duration() < TimeSpan.FromMilliseconds(1), "the earning is dated when the job accepted the work");
    }

    [Fact]
    public async Task AppealOverturned_WhileTheUnitWaitsInThePool_PostsTheUnitsEarning()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        var taskId = await RejectAsync(work.UnitId);
        Assert.Empty(await TransactionsAsync(Factory));

        await AppealAndOverturnAsync(taskId);

        await AssertPaidAsync(await SingleEarningAsync(), work.UnitId, _world.WorkerIds[0], $"earning:{work.UnitId}");
    }

    [Fact]
    public async Task AppealOverturned_AfterAnotherWorkerFinishedTheUnit_PaysBoth_OnceEach()
    {
        var work = await ClaimAndSubmitAsync(_worker);
        var taskId = await RejectAsync(work.UnitId);
        await AgentLayerData.AssignAsync(Factory, _world.Agent.Id, Guid.Parse(work.UnitId), _world.WorkerIds[1]);
        var second = await _world.WorkerClientAsync(2);
        await SubmitAsync(second, work.UnitId);
        var secondTask = await TaskIdOfAsync(_reviewer, _world.Agent.Id, work.UnitId);
        Assert.Equal(HttpStatusCode.OK, (await ReviewAsync(_reviewer, secondTask, new { decision = "Accept", accuracy = 5, format = 5 })).StatusCode);

        await AppealAndOverturnAsync(taskId);

        var earnings = await TransactionsAsync(Factory, LedgerTransactionKind.Earning);
        Assert.Equal(2, earnings.Count);
        await AssertPaidAsync(earnings.Single(e => e.IdempotencyKey == $"earning:{work.UnitId}"), work.UnitId, _world.WorkerIds[1], $"earning:{work.UnitId}");
        await AssertPaidAsync(earnings.Single(e => e.IdempotencyKey == $"earning:task:{taskId}"), work.UnitId, _world.WorkerIds[0], $"earning:task:{taskId}");

        // Each one's 支払明細 names the job and the unit, keyed by the unit or by the appeal's review task alike.
        using var scope = NewScope();
        var unit = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().WorkUnits.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.Id == new WorkUnitId(Guid.Parse(work.UnitId)))
            .Join(scope.ServiceProvider.GetRequiredService<MarketDbContext>().Jobs.IgnoreQueryFilters(), u => u.JobId, j => j.Id, (u, j) => new { u.Sequence, j.Title })
            .SingleAsync();
        foreach (var statementOf in new[] { _worker, second })
        {
            var line = Assert.Single((await (await statementOf.GetAsync("/api/v1/me/earnings")).JsonAsync()).GetProperty("lines").EnumerateArray());
            Assert.Equal(unit.Title, line.GetProperty("jobTitle").GetString());
            Assert.Equal(unit.Sequence, line.GetProperty("unitSequence").GetInt32());
        }
    }

    [Fact]
    public async Task Reacceptance_AfterAClientRevision_ByAnotherWorker_IsAccepted_AndPaysNothingMore()
    {
        var firstId = await _world.WorkerAsync("s1@hub.jp", WorkerTier.S);
        var work = await ClaimAndSubmitAsync(await Factory.ClientForAsync("s1@hub.jp", TestData.Password));
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var unit = await db.WorkUnits.IgnoreQueryFilters().SingleAsync(u => u.Id == new WorkUnitId(Guid.Parse(work.UnitId)));
            unit.ReopenForRevision("番地が原票と違います", Factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var secondId = await _world.WorkerAsync("s2@hub.jp", WorkerTier.S);
        await AgentLayerData.AssignAsync(Factory, _world.Agent.Id, Guid.Parse(work.UnitId), secondId);
        Assert.Equal("Accepted", await SubmitAsync(await Factory.ClientForAsync("s2@hub.jp", TestData.Password), work.UnitId));

        await AssertPaidAsync(await SingleEarningAsync(), work.UnitId, firstId, $"earning:{work.UnitId}");
    }

    [Fact]
    public async Task Earning_OnAJobTypeTheAgentWithholdsOn_CreditsTheWithheldTax()
    {
        await WithholdAsync(Factory, _world.Agent.Id, JobType.DataEntry);
        var veteranId = await _world.WorkerAsync("s@hub.jp", WorkerTier.S);
        var work = await ClaimAndSubmitAsync(await Factory.ClientForAsync("s@hub.jp", TestData.Password));

        var pay = await PayForAsync(Factory, work.UnitId);
        var withheld = WithholdingTax.On(pay);
        Assert.True(withheld.IsPositive, $"the fixture's unit pay {pay} should be large enough to withhold on");
        Assert.Equal(
            [
                LedgerEntry.Debit(LedgerAccount.AgentCost(_world.Agent.Id), pay),
                LedgerEntry.Credit(LedgerAccount.WorkerPayable(_world.Agent.Id, veteranId), pay - withheld),
                LedgerEntry.Credit(LedgerAccount.WithholdingTaxPayable(_world.Agent.Id), withheld),
            ],
            (await SingleEarningAsync()).Entries);
    }

    [Fact]
    public async Task Earning_OfASubcontractedUnit_MovesMoneyFromTheLeadThroughTheSubAgentToItsWorker_InOneTransaction()
    {
        var subAgent = await AgentLayerData.AgentAsync(Factory, "連携エージェント");
        var subCoordinator = await AgentLayerData.SignedInAsync(Factory, "coord@sub.jp", Roles.AgentCoordinator, subAgent.Id);
        await SetSamplingAsync(Factory, subAgent.Id);
        var unitId = (await _world.UnitsAsync())[^1].Id.Value.ToString();
        var proposed = await (await _world.Coordinator.PostAsJsonAsync(
            $"/api/v1/jobs/{_world.JobId}/subcontracts", new { subAgentId = subAgent.Id, unitIds = new[] { unitId }, price = 40, basis = "PerUnit" })).JsonAsync();
        (await subCoordinator.PostAsync($"/api/v1/subcontracts/{proposed.GetProperty("id").GetString()}/accept", null)).EnsureSuccessStatusCode();
        var subWorker = await TestData.UserAsync(Factory, "s@sub.jp", Roles.Worker, subAgent.Id);
        await RegisterAsync(subWorker.Id, subAgent.Id, WorkerTier.S);
        await AgentLayerData.AssignAsync(Factory, subAgent.Id, Guid.Parse(unitId), subWorker.Id);

        Assert.Equal("Accepted", await SubmitAsync(await Factory.ClientForAsync("s@sub.jp", TestData.Password), unitId));

        var pay = await PayForAsync(Factory, unitId);
        var lead = _world.Agent.Id;
        Assert.Equal(
            [
                LedgerEntry.Debit(LedgerAccount.AgentCost(lead), new Yen(40)),
                LedgerEntry.Credit(LedgerAccount.AgentPayable(lead, subAgent.Id), new Yen(40)),
                LedgerEntry.Debit(LedgerAccount.AgentReceivable(subAgent.Id, lead), new Yen(40)),
                LedgerEntry.Credit(LedgerAccount.AgentRevenue(subAgent.Id), new Yen(40)),
                LedgerEntry.Debit(LedgerAccount.AgentCost(subAgent.Id), pay),
                LedgerEntry.Credit(LedgerAccount.WorkerPayable(subAgent.Id, subWorker.Id), pay),
            ],
            (await SingleEarningAsync()).Entries);
    }

    private async Task RegisterAsync(Guid userId, Guid agentId, WorkerTier tier)
    {
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = Factory.Clock.GetUtcNow();
        var profile = WorkerProfile.Register(userId, agentId, "高知県", "四万十町", 20, 3, Enum.GetValues<JobType>(), now);
        profile.ChangeTier(tier, now);
        db.WorkerProfiles.Add(profile);
        db.WorkerCertifications.Add(Domain.Certifications.WorkerCertification.Issue(userId, agentId, Domain.Certifications.CertificationCodes.Confidentiality, WorkWorld.PlatformTerms, now));
        await db.SaveChangesAsync();
    }

    private async Task<string> RejectAsync(string unitId)
    {
        var taskId = await TaskIdOfAsync(_reviewer, _world.Agent.Id, unitId);
        var rejected = await ReviewAsync(_reviewer, taskId, new { decision = "Reject", reasonCode = "wrong_value", comment = "氏名が原票と違います" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        return taskId;
    }

    private async Task AppealAndOverturnAsync(string taskId)
    {
        Assert.Equal(HttpStatusCode.OK, (await _worker.PostAsJsonAsync($"/api/v1/submissions/{taskId}/appeal", new { statement = "原票どおりです" })).StatusCode);
        var decided = await _owner.PostAsJsonAsync($"/api/v1/submissions/{taskId}/appeal/decision", new { outcome = "Overturned", note = "確認しました" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
    }

    private async Task<int> AutoAcceptAsync()
    {
        using var scope = NewScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AutoAcceptOverdueReviews());
    }
}
