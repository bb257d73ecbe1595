using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Market.Api.Persistence;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Splitting;
using Market.Domain.Splitting.Audio;
using Market.Domain.Splitting.Csv;
using Market.Domain.Splitting.WebEdit;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Jobs;

/// <summary>
/// Posting a job writes its units with one COPY (<see cref="BulkInsert"/>) instead of SaveChanges. These tests pin that
/// the rows are exactly the ones EF would have written, and that the rest of the system reads and works them.
/// </summary>
public sealed class BulkUnitWriteTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly FileId Csv = new(new string('a', 64));
    private static readonly FileId Audio = new(new string('b', 64));
    private static readonly FileId Pages = new(new string('c', 64));

    public static TheoryData<string> Kinds => ["DataEntry", "PersonalData", "Transcription", "WebEdit"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task CopyAsync_WritesEveryColumnAsSaveChangesWould(string kind)
    {
        var firm = await TestData.ClientAsync(Factory, "くろしお県");
        var jobId = JobId.New();

        var written = await RowsWrittenAsync(firm.Id, jobId, kind, bulk: false);
        var copied = await RowsWrittenAsync(firm.Id, jobId, kind, bulk: true);

        Assert.True(written.Count >= 2, "the fixture plans several units");
        Assert.Equal(written, copied);
    }

    [Fact]
    public async Task CopyAsync_OutsideATransaction_IsRefused()
    {
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var job = Draft(Guid.NewGuid(), JobId.New(), "DataEntry", Factory.Clock.GetUtcNow());

        await Assert.ThrowsAsync<InvalidOperationException>(() => BulkInsert.CopyAsync(db, Split(job, "DataEntry", Factory.Clock.GetUtcNow()), CancellationToken.None));
    }

    [Fact]
    public async Task PostDataEntry_UnitsFromTheCopy_AreReadClaimedAndSubmittedThroughTheApi()
    {
        var world = await WorkWorld.CreateAsync(Factory, records: 5, batchSize: 2);

        var units = await world.UnitsAsync();
        var jobId = new JobId(Guid.Parse(world.JobId));
        Assert.Equal([1, 2, 3, 4, 5, 6], units.Select(u => u.Sequence));
        Assert.All(units, u =>
        {
            Assert.Equal(WorkUnitId.For(jobId, u.Sequence), u.Id);
            Assert.Equal(jobId, u.JobId);
            Assert.Equal(JobType.DataEntry, u.Kind);
            Assert.Equal(WorkUnitStatus.Available, u.Status); // made available by the agent through EF: xmin works on copied rows
            Assert.Equal(WorkUnitId.For(jobId, u.Sequence % 2 == 1 ? u.Sequence + 1 : u.Sequence - 1), u.TwinUnitId);
            Assert.Equal(u.Sequence % 2 == 1 ? 1 : 2, u.Slice!.KeyingRound);
            Assert.Equal(["氏名", "住所", "電話番号", "備考"], u.Slice.FieldNames);
            Assert.Null(u.Segment);
            Assert.Null(u.Page);
            Assert.Null(u.WorkerId);
            Assert.Equal(0, u.ReworkRounds);
        });
        Assert.Equal([[0, 1], [0, 1], [2, 3], [2, 3], [4], [4]], units.Select(u => u.Slice!.RecordIndexes.ToArray()));

        var worker = await world.WorkerClientAsync(1);
        var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString()!;
        var assignmentId = claim.GetProperty("assignmentId").GetString();
        var content = await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        var cells = content.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(2 * 4, cells.Count);
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(cells) });
        var submitted = await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = rows });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal("Submitted", (await submitted.JsonAsync()).GetProperty("unitStatus").GetString());
    }

    /// <summary>Writes the job and its planned units (one of them part-way through its life) and returns the rows as PostgreSQL holds them; then rolls back.</summary>
    private async Task<List<string>> RowsWrittenAsync(Guid clientId, JobId jobId, string kind, bool bulk)
    {
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = new DateTimeOffset(2026, 11, 24, 9, 30, 15, TimeSpan.FromHours(9)).AddTicks(1234560); // JST, sub-millisecond
        var job = Draft(clientId, jobId, kind, now);
        var units = Split(job, kind, now);
        var (accepted, released) = (units[1], units[0]);
        accepted.MakeAvailable(now);
        accepted.Assign(Guid.Parse("7d0f5f7e-52c1-4f7e-9a63-0a1d4f7b8c21"), Guid.Parse("0b4c2f4e-3d2a-4f61-8f0e-5c9e4a3b2d10"), now.AddMinutes(1), TwinOf(accepted, units));
        accepted.Submit(accepted.AssignmentId!.Value, now.AddMinutes(20));
        accepted.StartReview(Guid.Parse("5e8a9c1b-2f3d-4e5a-8b6c-7d8e9f0a1b2c"), now.AddMinutes(30));
        accepted.Accept(now.AddMinutes(31));
        released.MakeAvailable(now);
        released.Assign(Guid.Parse("3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"), Guid.NewGuid(), now.AddMinutes(3), TwinOf(released, units));
        released.Release(released.AssignmentId!.Value, "電話の対応で中断します", now.AddMinutes(4));
        foreach (var unit in units)
        {
            unit.ClearDomainEvents();
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Jobs.Add(job);
        if (!bulk)
        {
            db.WorkUnits.AddRange(units);
        }

        await db.SaveChangesAsync();
        if (bulk)
        {
            await BulkInsert.CopyAsync(db, units, CancellationToken.None);
        }

        var rows = await db.Database
            .SqlQuery<string>($"SELECT to_jsonb(u)::text AS \"Value\" FROM work_units u WHERE u.job_id = {jobId.Value} ORDER BY u.sequence")
            .ToListAsync();
        await transaction.RollbackAsync();
        return rows;
    }

    private static WorkUnit? TwinOf(WorkUnit unit, IReadOnlyList<WorkUnit> units) => units.FirstOrDefault(u => u.Id == unit.TwinUnitId);

    private static Job Draft(Guid clientId, JobId jobId, string kind, DateTimeOffset now)
    {
        (IJobSettings Settings, FileId File, ConfidentialityLevel Level) shape = kind switch
        {
            "DataEntry" => (new DataEntrySettings(2), Csv, ConfidentialityLevel.Standard),
            "PersonalData" => (new DataEntrySettings(2, ["氏名", "電話番号"]), Csv, ConfidentialityLevel.PersonalData),
            "Transcription" => (new TranscriptionSettings(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(5), TranscriptionStyle.CleanVerbatim), Audio, ConfidentialityLevel.Standard),
            _ => (WebEditSettings.Default, Pages, ConfidentialityLevel.Standard),
        };
        return Job.Draft(jobId, clientId, "一括書き込み " + kind, "仕様", now.AddDays(30), shape.Level, shape.Settings, ["高知県"], [shape.File], now);
    }

    private static IReadOnlyList<WorkUnit> Split(Job job, string kind, DateTimeOffset now) => kind switch
    {
        "DataEntry" or "PersonalData" => DataEntrySplitter.Split(job, [new DataEntryInput(Csv, CsvReader.Read(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(5))))]),
        "Transcription" => TranscriptionSplitter.Split(job, [new AudioInput(Audio, Speech(minutes: 7))]),
        _ => WebEditSplitter.Split(job, [new WebEditInput(Pages,
        [
            new WebEditRequest("https://town.example.jp/info", "<p>営業時間 9:00-17:00</p>", "17:00 を 18:00 に"),
            new WebEditRequest("https://town.example.jp/access?lang=ja&q=\"駅\"", "<p>徒歩5分</p>", "地図を追加"),
        ])]),
    };

    /// <summary>Loud speech with a quiet pause every 7 seconds.</summary>
    private static EnergyEnvelope Speech(int minutes)
    {
        var windows = minutes * 60 * 1000 / EnergyEnvelope.DefaultWindowMs;
        var rms = Enumerable.Range(0, windows).Select(i => i % 140 < 10 ? 0.001f : 0.3f).ToList();
        return new EnergyEnvelope(EnergyEnvelope.DefaultWindowMs, minutes * 60 * 1000L, rms);
    }
}
