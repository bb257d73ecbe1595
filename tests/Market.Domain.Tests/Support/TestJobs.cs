using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;

namespace Market.Domain.Tests.Support;

internal static class TestJobs
{
    public static readonly DateTimeOffset Now = new(2025, 4, 1, 9, 0, 0, TimeSpan.FromHours(9));
    public static readonly DateTimeOffset Deadline = Now.AddDays(30);
    public static readonly Guid ClientId = Guid.Parse("0b7f9c2e-1111-4a6a-9a55-6f1d2c3b4a01");
    public static readonly Guid AgentId = Guid.Parse("0b7f9c2e-2222-4a6a-9a55-6f1d2c3b4a02");
    public static readonly FileId InputFile = FileId.Of("input"u8);
    public static readonly FileId DeliverableFile = FileId.Of("deliverable"u8);

    public static Job Draft(
        IJobSettings? settings = null,
        ConfidentialityLevel confidentiality = ConfidentialityLevel.Standard,
        IReadOnlyList<FileId>? inputs = null,
        JobId? id = null) =>
        Job.Draft(
            id ?? new JobId(Guid.Parse("0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")),
            ClientId,
            "市議会定例会 会議録テープ起こし",
            "## 仕様\n- 発言者名を付ける\n- 固有名詞は議員名簿に合わせる",
            Deadline,
            confidentiality,
            settings ?? TranscriptionSettings.Default(TranscriptionStyle.CleanVerbatim),
            ["高知県"],
            inputs ?? [InputFile],
            Now);

    /// <summary>A job driven through its real transitions into <paramref name="status"/>.</summary>
    public static Job InState(JobStatus status)
    {
        var job = Draft();
        var at = Now;
        DateTimeOffset Next() => at = at.AddHours(1);
        void Path(params JobStatus[] through)
        {
            foreach (var step in through)
            {
                switch (step)
                {
                    case JobStatus.Open: job.Publish(Next()); break;
                    case JobStatus.Contracted: job.Contract(AgentId, new Yen(120_000), Next()); break;
                    case JobStatus.InProgress: job.StartWork(Next()); break;
                    case JobStatus.Delivered: job.Deliver(DeliverableFile, Next()); break;
                    case JobStatus.RevisionRequested: job.RequestRevision("話者名の表記ゆれを直してください", Next()); break;
                    case JobStatus.Accepted: job.Accept(Next()); break;
                    case JobStatus.Closed: job.Close(Next()); break;
                    case JobStatus.Cancelled: job.Cancel("予算が付かなかった", Next()); break;
                }
            }
        }

        switch (status)
        {
            case JobStatus.Draft: break;
            case JobStatus.Open: Path(JobStatus.Open); break;
            case JobStatus.Contracted: Path(JobStatus.Open, JobStatus.Contracted); break;
            case JobStatus.InProgress: Path(JobStatus.Open, JobStatus.Contracted, JobStatus.InProgress); break;
            case JobStatus.Delivered: Path(JobStatus.Open, JobStatus.Contracted, JobStatus.InProgress, JobStatus.Delivered); break;
            case JobStatus.RevisionRequested: Path(JobStatus.Open, JobStatus.Contracted, JobStatus.InProgress, JobStatus.Delivered, JobStatus.RevisionRequested); break;
            case JobStatus.Accepted: Path(JobStatus.Open, JobStatus.Contracted, JobStatus.InProgress, JobStatus.Delivered, JobStatus.Accepted); break;
            case JobStatus.Closed: Path(JobStatus.Open, JobStatus.Contracted, JobStatus.InProgress, JobStatus.Delivered, JobStatus.Accepted, JobStatus.Closed); break;
            case JobStatus.Cancelled: Path(JobStatus.Cancelled); break;
        }

        Assert.Equal(status, job.Status);
        return job;
    }
}
