using Market.Domain.Assignments;
using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Market.Domain.Workers;

namespace Market.Domain.Tests.Support;

/// <summary>Agents, jobs, units and workers for the agent-layer tests, built through their real transitions.</summary>
internal static class AgentLayer
{
    public static readonly DateTimeOffset Now = TestJobs.Now;
    public static readonly DateTimeOffset WorkStarts = Now.AddHours(2);

    public static readonly Guid LeadAgentId = Guid.Parse("a0000000-0000-4000-8000-000000000001");
    public static readonly Guid AllyAgentId = Guid.Parse("a0000000-0000-4000-8000-000000000002");
    public static readonly Guid ThirdAgentId = Guid.Parse("a0000000-0000-4000-8000-000000000003");

    public static readonly IReadOnlySet<string> Certified = new HashSet<string>(CertificationCodes.Platform);
    public static readonly IReadOnlySet<string> Uncertified = new HashSet<string>();

    public static Agent PendingAgent(Guid id, string prefecture = "高知県") =>
        new(id, $"エージェント {id.ToString()[^2..]}", AgentOrganisationType.Npo, prefecture, "四万十町", $"INVITE-{id}", Now.AddYears(-1));

    public static Agent ApprovedAgent(Guid id, string prefecture = "高知県", params OrganisationCertification[] certifications)
    {
        var agent = PendingAgent(id, prefecture);
        agent.Approve(Now.AddMonths(-11));
        foreach (var certification in certifications)
        {
            agent.GrantCertification(certification, Now.AddMonths(-11));
        }

        agent.ClearDomainEvents();
        return agent;
    }

    public static Job OpenJob(
        JobType type = JobType.WebEdit,
        ConfidentialityLevel confidentiality = ConfidentialityLevel.Standard,
        params string[] regions)
    {
        IJobSettings settings = type switch
        {
            JobType.Transcription => TranscriptionSettings.Default(TranscriptionStyle.Verbatim),
            JobType.DataEntry => DataEntrySettings.Default,
            _ => WebEditSettings.Default,
        };
        var job = Job.Draft(
            new JobId(Guid.Parse($"0196a1b2-c3d4-7e5f-8a9b-{(int)type:x2}{(int)confidentiality:x2}{regions.Length:x2}000000")),
            TestJobs.ClientId,
            "四万十町 観光サイト更新",
            "## 仕様\n- 指定ページの文言を差し替える",
            TestJobs.Deadline,
            confidentiality,
            settings,
            regions,
            [TestJobs.InputFile],
            Now.AddDays(-1));
        job.Publish(Now.AddHours(-12));
        job.ClearDomainEvents();
        return job;
    }

    public static Job InProgressJob(
        Guid leadAgentId,
        JobType type = JobType.WebEdit,
        ConfidentialityLevel confidentiality = ConfidentialityLevel.Standard)
    {
        var job = OpenJob(type, confidentiality);
        job.Contract(leadAgentId, new Yen(300_000), Now);
        job.StartWork(Now.AddHours(1));
        job.ClearDomainEvents();
        return job;
    }

    public static WorkUnit Unit(Job job, int sequence = 1, bool available = true)
    {
        var unit = job.Type switch
        {
            JobType.Transcription => WorkUnit.ForTranscription(job.Id, sequence, new TranscriptionSegment(TestJobs.InputFile, 0, 305_000), TranscriptionStyle.Verbatim),
            JobType.WebEdit => WorkUnit.ForWebEdit(job.Id, sequence, new WebEditPage(TestJobs.InputFile, sequence - 1, $"https://example.jp/page/{sequence}")),
            _ => throw new ArgumentOutOfRangeException(nameof(job), "Use Twins for data entry."),
        };
        if (available)
        {
            unit.MakeAvailable(Now.AddHours(1));
        }

        unit.ClearDomainEvents();
        return unit;
    }

    /// <summary>The two keying rounds of one data-entry batch, each the other's twin, both available.</summary>
    public static (WorkUnit Round1, WorkUnit Round2) Twins(Job job)
    {
        var round1Id = WorkUnitId.For(job.Id, 1);
        var round2Id = WorkUnitId.For(job.Id, 2);
        var round1 = WorkUnit.ForDataEntry(job.Id, 1, new DataEntrySlice(TestJobs.InputFile, 0, 1, [0, 1], ["氏名", "電話番号"]), round2Id);
        var round2 = WorkUnit.ForDataEntry(job.Id, 2, new DataEntrySlice(TestJobs.InputFile, 0, 2, [0, 1], ["氏名", "電話番号"]), round1Id);
        round1.MakeAvailable(Now.AddHours(1));
        round2.MakeAvailable(Now.AddHours(1));
        round1.ClearDomainEvents();
        round2.ClearDomainEvents();
        return (round1, round2);
    }

    public static Guid WorkerUserId(int n) => Guid.Parse($"b0000000-0000-4000-8000-{n:x12}");

    public static WorkerProfile Worker(
        Guid userId,
        Guid? agentId = null,
        WorkerTier tier = WorkerTier.B,
        JobType[]? skills = null,
        int maxConcurrentUnits = 3,
        int hoursPerWeek = 20)
    {
        var profile = WorkerProfile.Register(
            userId,
            agentId ?? LeadAgentId,
            "高知県",
            "四万十町",
            hoursPerWeek,
            maxConcurrentUnits,
            skills ?? [JobType.Transcription, JobType.DataEntry, JobType.WebEdit],
            Now.AddMonths(-6));
        profile.ChangeTier(tier, Now.AddMonths(-1));
        profile.ClearDomainEvents();
        return profile;
    }

    public static AssignmentCandidate Candidate(WorkerProfile profile, int activeUnits = 0, IReadOnlySet<string>? certifications = null) =>
        new(profile, activeUnits, certifications ?? Certified);

    public static IReadOnlyList<string> Codes(IEnumerable<Refusal> refusals) => refusals.Select(r => r.Code).ToList();
}
