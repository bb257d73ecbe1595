using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Market.Api.Identity;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Files;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Api.Tests.Quality;
using Market.Domain.Quality;
using Market.Domain.Tenancy;
using Npgsql;
using Xunit.Abstractions;

namespace Market.Api.Tests.Faults;

/// <summary>
/// The real API as a process of its own, SIGKILLed in the middle of a job's split and of a review decision, on a
/// private PostgreSQL cluster. Whatever the kill interrupts leaves no trace: every table reads exactly as before the
/// request (no job without all its units, no units without their job, no half-recorded review), and a fresh process on
/// the same database then does the same work in full.
/// </summary>
[Trait("Category", "Faults")]
public sealed class ProcessKillTests(ITestOutputHelper output)
{
    private const int BigRecords = 120_000;
    private const int BigBatchSize = 20; // 6,000 batches × 2 keyings = 12,000 units, written for a second or more
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    /// <summary>Tables a process may write outside the request under test: the shared key ring, to which any process may add a key.</summary>
    private static readonly string[] NotCompared = ["data_protection_keys"];

    [FaultFact]
    public async Task ApiKilledMidSplitAndMidReview_LeavesNoHalfSplitJobNorHalfRecordedReview_AndAFreshProcessDoesBoth()
    {
        var clock = Stopwatch.StartNew();
        await using var postgres = await PrivatePostgres.StartAsync();
        await postgres.CreateDatabaseAsync("furusato_kill");
        var connectionString = postgres.ConnectionString("furusato_kill");
        var blobRoot = Path.Combine(Path.GetTempPath(), "furusato-kill-blobs-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            // The world, made in-process on the same database: a client, an agent with one worker and a certified
            // reviewer, every submission sampled; the worker hands in a unit, which now waits for review.
            Guid agentId, unitId;
            await using (var setup = new MarketApiFactory(connectionString, new Dictionary<string, string?> { ["Files:BlobRoot"] = blobRoot }))
            {
                var world = await WorkWorld.CreateAsync(setup, records: 4, batchSize: 2, workers: 1);
                var reviewer = await TestData.UserAsync(setup, "reviewer@hub.jp", Roles.AgentReviewer, world.Agent.Id, "検品 花子");
                await QualitySetup.CertifyReviewerAsync(setup, reviewer.Id);
                await QualitySetup.SetSamplingAsync(setup, world.Agent.Id, new SamplingPolicy(SamplingPolicy.MaxShare, 5_000, 2_000, 0));
                var worker = await world.WorkerClientAsync(1);
                var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
                var assignmentId = claim.GetProperty("assignmentId").GetString()!;
                unitId = Guid.Parse(claim.GetProperty("unitId").GetString()!);
                var content = await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
                var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
                var submitted = await (await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = rows })).JsonAsync();
                Assert.Equal("Submitted", submitted.GetProperty("unitStatus").GetString());
                agentId = world.Agent.Id;
            }

            output.WriteLine($"world ready at {clock.Elapsed}");
            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync();

            // ---- Splitting: the process dies while the job's transaction is writing its units. ----
            await using (var api = await ApiProcess.StartAsync(connectionString, blobRoot))
            {
                output.WriteLine($"first process ready at {clock.Elapsed}");
                var client = await SignInAsync(api, "client@pref.jp");
                var fileId = await client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(BigRecords)), "big-survey.csv");
                var before = await SnapshotAsync(db);
                var title = "中断される大量入力 " + Guid.NewGuid().ToString("N")[..8];
                var posting = Stopwatch.StartNew();
                var post = client.PostAsJsonAsync("/api/v1/jobs", JobWithTitle(JobApi.DataEntry(fileId, batchSize: BigBatchSize), title));

                var writer = await WaitForAsync(db, """
                    SELECT a.pid FROM pg_stat_activity a
                    WHERE a.datname = current_database() AND a.application_name = @app AND a.backend_xid IS NOT NULL
                      AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.mode = 'RowExclusiveLock'
                                  AND l.relation = 'work_units'::regclass)
                    """, () => post.IsCompleted ? "the post finished before its units were being written" : null);
                var splitWrites = await WrittenTablesAsync(db, writer);
                api.Kill();
                output.WriteLine($"killed the first process at {clock.Elapsed}, {posting.Elapsed} into the post; its backend {writer} had written to: {string.Join(", ", splitWrites)}");
                await Assert.ThrowsAnyAsync<Exception>(() => post); // the client never heard an answer
                await WaitForNoSessionsAsync(db);

                Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM jobs WHERE title = @title", ("title", title)));
                Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM work_units u WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = u.job_id)"));
                AssertUnchanged(before, await SnapshotAsync(db), "the split the kill interrupted");
            }

            // ---- Review: the process dies with the decision's first writes made, blocked on the unit's row. ----
            await using (var api = await ApiProcess.StartAsync(connectionString, blobRoot))
            {
                output.WriteLine($"second process ready at {clock.Elapsed}");
                var reviewer = await SignInAsync(api, "reviewer@hub.jp");
                var queue = await (await reviewer.GetAsync($"/api/v1/agents/{agentId}/review-queue")).JsonAsync();
                var taskId = Assert.Single(queue.GetProperty("items").EnumerateArray()).GetProperty("taskId").GetString()!;
                var before = await SnapshotAsync(db);

                await using var holder = new NpgsqlConnection(connectionString);
                await holder.OpenAsync();
                await using var hold = await holder.BeginTransactionAsync();
                await ExecuteAsync(holder, "SELECT 1 FROM work_units WHERE id = @id FOR UPDATE", ("id", unitId));
                var review = reviewer.PostAsJsonAsync($"/api/v1/submissions/{taskId}/review", new { decision = "Accept", accuracy = 5, format = 4 });

                var blocked = await WaitForAsync(db, """
                    SELECT pid FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name = @app AND backend_xid IS NOT NULL AND wait_event_type = 'Lock'
                    """, () => review.IsCompleted ? "the review finished although the unit's row was locked" : null);
                var written = (await WrittenTablesAsync(db, blocked)).Where(t => t != "work_units").ToList();
                output.WriteLine($"review backend {blocked} blocked on the unit after writing to: {string.Join(", ", written)}");
                Assert.NotEmpty(written); // the kill really falls between writes of one decision

                api.Kill();
                await hold.RollbackAsync();
                await Assert.ThrowsAnyAsync<Exception>(() => review);
                await WaitForNoSessionsAsync(db);
                AssertUnchanged(before, await SnapshotAsync(db), "the review the kill interrupted");
            }

            // ---- A fresh process on the same database splits a job and records the review in full. ----
            await using (var api = await ApiProcess.StartAsync(connectionString, blobRoot))
            {
                output.WriteLine($"third process ready at {clock.Elapsed}");
                var client = await SignInAsync(api, "client@pref.jp");
                var fileId = await client.UploadAsync(Encoding.UTF8.GetBytes(Fixtures.SurveyCsv(7)), "small-survey.csv");
                var job = await client.PostJobAsync(JobApi.DataEntry(fileId, batchSize: 3));
                var jobId = Guid.Parse(job.GetProperty("id").GetString()!);
                // 7 records in batches of 3 → 3 batches, each keyed twice.
                Assert.Equal(6, (await client.UnitsAsync(jobId.ToString())).Count);
                Assert.Equal(6L, await ScalarAsync<long>(db, "SELECT count(*) FROM work_units WHERE job_id = @job", ("job", jobId)));

                var reviewer = await SignInAsync(api, "reviewer@hub.jp");
                var queue = await (await reviewer.GetAsync($"/api/v1/agents/{agentId}/review-queue")).JsonAsync();
                var taskId = Assert.Single(queue.GetProperty("items").EnumerateArray()).GetProperty("taskId").GetString()!;
                var accepted = await (await reviewer.PostAsJsonAsync($"/api/v1/submissions/{taskId}/review", new { decision = "Accept", accuracy = 5, format = 4 })).JsonAsync();
                Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
                Assert.Equal(1L, await ScalarAsync<long>(db, "SELECT count(*) FROM audit_log WHERE action = 'review.accepted' AND subject_id = @task", ("task", taskId)));
                Assert.Empty((await (await reviewer.GetAsync($"/api/v1/agents/{agentId}/review-queue")).JsonAsync()).GetProperty("items").EnumerateArray());
            }

            output.WriteLine($"done at {clock.Elapsed}");
        }
        finally
        {
            if (Directory.Exists(blobRoot))
            {
                Directory.Delete(blobRoot, recursive: true);
            }
        }
    }

    private static object JobWithTitle(object job, string title)
    {
        var fields = JsonSerializer.SerializeToNode(job)!.AsObject();
        fields["title"] = title;
        return fields;
    }

    private static async Task<HttpClient> SignInAsync(ApiProcess api, string email)
    {
        var client = api.CreateClient();
        var tokens = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = TestData.Password })).JsonAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>The tables a backend's open transaction has written to (INSERT, UPDATE, DELETE and COPY all take RowExclusiveLock).</summary>
    private static Task<List<string>> WrittenTablesAsync(NpgsqlConnection db, int pid) => ListAsync(db, """
        SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE l.pid = @pid AND l.granted AND l.mode = 'RowExclusiveLock' AND c.relkind = 'r'
        ORDER BY 1
        """, ("pid", pid));

    /// <summary>Every table's row count and a digest of its rows, by name.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(NpgsqlConnection db)
    {
        var tables = await ListAsync(db, """
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT table_name = ANY(@skip)
            ORDER BY 1
            """, ("skip", NotCompared));
        var snapshot = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            snapshot[table] = await ScalarAsync<string>(db, $"""
                SELECT count(*) || ' rows ' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '-') FROM "{table}" t
                """);
        }

        return snapshot;
    }

    private static void AssertUnchanged(Dictionary<string, string> before, Dictionary<string, string> after, string what)
    {
        var changed = before.Keys.Union(after.Keys)
            .Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t))
            .Select(t => $"{t}: {before.GetValueOrDefault(t)} → {after.GetValueOrDefault(t)}")
            .ToList();
        Assert.True(changed.Count == 0, $"{what} left changes behind:\n{string.Join('\n', changed)}");
    }

    /// <summary>Polls until the query names a backend (its pid); fails when <paramref name="tooLate"/> says why it never will.</summary>
    private static async Task<int> WaitForAsync(NpgsqlConnection db, string sql, Func<string?> tooLate)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < GiveUp)
        {
            await using var command = new NpgsqlCommand(sql, db);
            command.Parameters.AddWithValue("app", ApiProcess.ApplicationName);
            if (await command.ExecuteScalarAsync() is int pid)
            {
                return pid;
            }

            if (tooLate() is { } why)
            {
                Assert.Fail(why);
            }

            await Task.Delay(10);
        }

        Assert.Fail($"Timed out waiting for: {sql}");
        return 0;
    }

    /// <summary>
    /// The killed process's sessions end once their backends notice the closed socket; only then has PostgreSQL rolled
    /// their transactions back, so only then is the database's state final.
    /// </summary>
    private static async Task WaitForNoSessionsAsync(NpgsqlConnection db)
    {
        var clock = Stopwatch.StartNew();
        while (await ScalarAsync<long>(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = @app", ("app", ApiProcess.ApplicationName)) > 0)
        {
            Assert.True(clock.Elapsed < GiveUp, "the killed process's database sessions never ended");
            await Task.Delay(50);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static NpgsqlCommand Command(NpgsqlConnection db, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
