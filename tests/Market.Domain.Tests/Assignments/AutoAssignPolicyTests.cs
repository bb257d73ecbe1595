using Market.Domain.Assignments;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tests.Support;
using Market.Domain.Units;

namespace Market.Domain.Tests.Assignments;

/// <summary>
/// A hand-built team of six for one web-edit unit. Team earnings ¥60,000 over 120 h/week, so a fair share is
/// ¥500 per weekly hour.
/// <code>
/// worker  score   earned    h/wk  note
/// w1      96.00%  ¥40,000   20    band 19, 400 % of fair share
/// w2      97.00%  ¥10,000   20    band 19, 100 %
/// w3      88.00%  ¥0        40    band 17, 0 %
/// w4      (none)  ¥5,000    10    median of known scores = 96.00% → band 19, 100 %
/// w5      99.00%  ¥3,000    10    does not do web edits
/// w6      90.00%  ¥2,000    20    suspended
/// </code>
/// Expected: w2, w4 (level with w2 on band and share, after it by id), w1 (same band, more of its share),
/// w3 (lower band despite earning nothing); then the refused w5, w6.
/// </summary>
public class AutoAssignPolicyTests
{
    private static readonly Guid W1 = AgentLayer.WorkerUserId(1);
    private static readonly Guid W2 = AgentLayer.WorkerUserId(2);
    private static readonly Guid W3 = AgentLayer.WorkerUserId(3);
    private static readonly Guid W4 = AgentLayer.WorkerUserId(4);
    private static readonly Guid W5 = AgentLayer.WorkerUserId(5);
    private static readonly Guid W6 = AgentLayer.WorkerUserId(6);

    private static readonly Dictionary<Guid, Yen> Earnings = new()
    {
        [W1] = new Yen(40_000),
        [W2] = new Yen(10_000),
        [W4] = new Yen(5_000),
        [W5] = new Yen(3_000),
        [W6] = new Yen(2_000),
    };

    private static readonly Dictionary<Guid, int> Quality = new()
    {
        [W1] = 9_600,
        [W2] = 9_700,
        [W3] = 8_800,
        [W5] = 9_900,
        [W6] = 9_000,
    };

    private static List<AssignmentCandidate> Team()
    {
        var w6 = AgentLayer.Worker(W6, hoursPerWeek: 20);
        w6.Suspend("調査中", AgentLayer.Now);
        return
        [
            AgentLayer.Candidate(AgentLayer.Worker(W1, hoursPerWeek: 20)),
            AgentLayer.Candidate(AgentLayer.Worker(W2, hoursPerWeek: 20)),
            AgentLayer.Candidate(AgentLayer.Worker(W3, hoursPerWeek: 40)),
            AgentLayer.Candidate(AgentLayer.Worker(W4, hoursPerWeek: 10)),
            AgentLayer.Candidate(AgentLayer.Worker(W5, hoursPerWeek: 10, skills: [JobType.Transcription])),
            AgentLayer.Candidate(w6),
        ];
    }

    private static (Job Job, WorkUnit Unit) WebEditUnit()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId);
        return (job, AgentLayer.Unit(job));
    }

    private static IReadOnlyList<AutoAssignDecision> RankTeam(IReadOnlyList<AssignmentCandidate>? team = null)
    {
        var (job, unit) = WebEditUnit();
        return AutoAssignPolicy.Rank(team ?? Team(), unit, job, Earnings, Quality);
    }

    [Fact]
    public void Rank_OnTheHandBuiltTeam_OrdersByQualityBandThenFairShareThenWorkerIdAndRefusedLast()
    {
        var ranking = RankTeam();

        Assert.Equal([W2, W4, W1, W3, W5, W6], ranking.Select(d => d.WorkerId));
        Assert.Equal([1, 2, 3, 4, null, null], ranking.Select(d => d.Rank));
        Assert.Equal(
            [RankingFactor.WorkerId, RankingFactor.FairShare, RankingFactor.QualityBand, null, null, null],
            ranking.Select(d => d.AheadOfNextBy));
    }

    [Fact]
    public void Rank_OnTheHandBuiltTeam_ExplainsEachDecisionWithItsFigures()
    {
        var byWorker = RankTeam().ToDictionary(d => d.WorkerId);

        Assert.Equal(
            "Rank 1 of 4: quality 97.00% (band 95.00%–100.00%); earned ¥10,000 of a ¥10,000 fair share (100%) for 20 h/week; level with the next, ahead by worker id.",
            byWorker[W2].Explanation);
        Assert.Equal(
            "Rank 2 of 4: no quality score yet, ranked at the team median 96.00% (band 95.00%–100.00%); earned ¥5,000 of a ¥5,000 fair share (100%) for 10 h/week; ahead of the next on fair share.",
            byWorker[W4].Explanation);
        Assert.Equal(
            "Rank 3 of 4: quality 96.00% (band 95.00%–100.00%); earned ¥40,000 of a ¥10,000 fair share (400%) for 20 h/week; ahead of the next on quality band.",
            byWorker[W1].Explanation);
        Assert.Equal(
            "Rank 4 of 4: quality 88.00% (band 85.00%–90.00%); earned ¥0 of a ¥20,000 fair share (0%) for 40 h/week.",
            byWorker[W3].Explanation);
        Assert.Equal(["worker_lacks_skill"], AgentLayer.Codes(byWorker[W5].Refusals));
        Assert.StartsWith("Not eligible: [worker_lacks_skill]", byWorker[W5].Explanation, StringComparison.Ordinal);
        Assert.Equal(["worker_not_active"], AgentLayer.Codes(byWorker[W6].Refusals));
        Assert.True(byWorker[W4].QualityScoreEstimated);
        Assert.Equal(9_600, byWorker[W4].QualityScore);
        Assert.Equal(new Yen(10_000), byWorker[W2].FairShare);
    }

    [Fact]
    public void Rank_WhateverTheCandidateOrder_GivesTheSameRanking()
    {
        var team = Team();
        var reversed = Enumerable.Reverse(team).ToList();

        Assert.Equal(RankTeam(team).Select(d => d.WorkerId), RankTeam(reversed).Select(d => d.WorkerId));
    }

    [Fact]
    public void Rank_WithEqualEarnings_PrefersTheWorkerWithMoreHoursBecauseTheyHadLessOfTheirShare()
    {
        var (job, unit) = WebEditUnit();
        AssignmentCandidate[] team = [AgentLayer.Candidate(AgentLayer.Worker(W1, hoursPerWeek: 10)), AgentLayer.Candidate(AgentLayer.Worker(W2, hoursPerWeek: 40))];
        var earnings = new Dictionary<Guid, Yen> { [W1] = new Yen(8_000), [W2] = new Yen(8_000) };
        var quality = new Dictionary<Guid, int> { [W1] = 9_000, [W2] = 9_000 };

        var ranking = AutoAssignPolicy.Rank(team, unit, job, earnings, quality);

        Assert.Equal([W2, W1], ranking.Select(d => d.WorkerId));
        Assert.Equal(RankingFactor.FairShare, ranking[0].AheadOfNextBy);
    }

    [Fact]
    public void Rank_ForTheSecondKeyingRound_RefusesTheWorkerWhoKeyedTheFirst()
    {
        var job = AgentLayer.InProgressJob(AgentLayer.LeadAgentId, JobType.DataEntry);
        var (round1, round2) = AgentLayer.Twins(job);
        var keyer = AgentLayer.Worker(W1);
        UnitAssignment.Assign(AssignmentId.New(), job, [], round1, round2, AgentLayer.Candidate(keyer), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId), AssignedBy.AutoAssign, AgentLayer.WorkStarts);
        AssignmentCandidate[] team = [AgentLayer.Candidate(keyer, activeUnits: 1), AgentLayer.Candidate(AgentLayer.Worker(W2))];

        var ranking = AutoAssignPolicy.Rank(team, round2, job, Earnings, Quality, round1);

        Assert.Equal(W2, AutoAssignPolicy.Pick(ranking)?.WorkerId);
        Assert.Equal(["worker_already_keyed_twin"], AgentLayer.Codes(ranking.Single(d => d.WorkerId == W1).Refusals));
    }

    [Fact]
    public void Pick_WhenNobodyIsEligible_ReturnsNull()
    {
        var (job, unit) = WebEditUnit();
        AssignmentCandidate[] team = [AgentLayer.Candidate(AgentLayer.Worker(W1), certifications: AgentLayer.Uncertified)];

        var ranking = AutoAssignPolicy.Rank(team, unit, job, Earnings, Quality);

        Assert.Null(AutoAssignPolicy.Pick(ranking));
        Assert.Equal(["worker_certification_missing"], AgentLayer.Codes(Assert.Single(ranking).Refusals));
    }

    [Fact]
    public void Rank_WithNoEarningsInTheTeam_SaysSoAndFallsBackToWorkerId()
    {
        var (job, unit) = WebEditUnit();
        AssignmentCandidate[] team = [AgentLayer.Candidate(AgentLayer.Worker(W2)), AgentLayer.Candidate(AgentLayer.Worker(W1))];

        var ranking = AutoAssignPolicy.Rank(team, unit, job, new Dictionary<Guid, Yen>(), new Dictionary<Guid, int>());

        Assert.Equal([W1, W2], ranking.Select(d => d.WorkerId));
        Assert.Equal(RankingFactor.WorkerId, ranking[0].AheadOfNextBy);
        Assert.Contains("the team has no recent earnings", ranking[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_WithAWorkerListedTwice_IsAProgrammingError()
    {
        var (job, unit) = WebEditUnit();
        var worker = AgentLayer.Worker(W1);

        Assert.Throws<ArgumentException>(() => AutoAssignPolicy.Rank([AgentLayer.Candidate(worker), AgentLayer.Candidate(worker)], unit, job, Earnings, Quality));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void Rank_WithAScoreOutOfRange_IsAProgrammingError(int score)
    {
        var (job, unit) = WebEditUnit();

        Assert.Throws<ArgumentOutOfRangeException>(
            () => AutoAssignPolicy.Rank([AgentLayer.Candidate(AgentLayer.Worker(W1))], unit, job, Earnings, new Dictionary<Guid, int> { [W1] = score }));
    }
}
