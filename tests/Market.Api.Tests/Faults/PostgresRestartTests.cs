using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Npgsql;

namespace Market.Api.Tests.Faults;

/// <summary>
/// A fact of the fault stage (<c>./market test --faults</c>, filter <c>Category=Faults</c>): it runs only with
/// MARKET_FAULTS=1, because it starts and restarts a PostgreSQL server of its own. The normal stage filters the
/// category out, so it is not even counted as skipped there.
/// </summary>
public sealed class FaultFactAttribute : FactAttribute
{
    public FaultFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("MARKET_FAULTS") != "1")
        {
            Skip = "Fault stage only: ./market test --faults (MARKET_FAULTS=1).";
        }
    }
}

/// <summary>
/// A real PostgreSQL restart in the middle of load: six home workers claim, read and submit units over HTTP while the
/// server is stopped (fast shutdown), kept down for a few seconds, and started again. The one API process never
/// restarts. While the server is down every answer is a quick 503 with Retry-After and a code; afterwards the same
/// process serves again; and the database ends with every unit handed in exactly once.
/// </summary>
[Trait("Category", "Faults")]
public sealed class PostgresRestartTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Records = 60; // × 2 keyings = 120 units
    private const int Workers = 6;
    private const int SubmissionsBeforeTheStop = 20;
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan QuickAnswer = TimeSpan.FromSeconds(3);

    private sealed record Answer(string Call, HttpStatusCode Status, string? Code, bool RetryAfter, TimeSpan StartedAt, TimeSpan Took);

    [FaultFact]
    public async Task PostgresRestartedMidLoad_Answers503WhileDown_RecoversWithoutRestart_AndLosesOrDuplicatesNoWork()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await postgres.CreateDatabaseAsync("furusato_faults");
        var connectionString = postgres.ConnectionString("furusato_faults");
        await using var api = new MarketApiFactory(connectionString);
        _ = api.Server; // migrations run now, against the private cluster
        var world = await WorkWorld.CreateAsync(api, records: Records, batchSize: 1, workers: Workers);
        var unitCount = (await world.UnitsAsync()).Count;
        Assert.Equal(Records * 2, unitCount);
        var workers = new List<HttpClient>();
        for (var i = 1; i <= Workers; i++)
        {
            workers.Add(await world.WorkerClientAsync(i));
        }

        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentQueue<Answer>();
        var submissions = new ConcurrentBag<(Guid SubmissionId, Guid UnitId)>();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(75));
        var load = workers.Select(worker => Task.Run(() => WorkUntilThePoolIsEmptyAsync(worker, clock, answers, submissions, giveUp.Token))).ToList();

        await WaitForAsync(() => submissions.Count >= SubmissionsBeforeTheStop || load.Any(t => t.IsCompleted), "submissions before the stop", giveUp.Token);
        if (load.FirstOrDefault(t => t.IsCompleted) is { } early)
        {
            await early; // a worker's exception, if that is why it stopped
            Assert.Fail("a worker ran out of work before the restart");
        }

        var stopping = clock.Elapsed;
        await postgres.StopServerAsync();
        var down = clock.Elapsed;
        var submittedBeforeTheRestart = submissions.Count;
        var readyWhileDown = (await api.CreateClient().GetAsync("/health/ready")).StatusCode;
        await Task.Delay(Downtime);
        var starting = clock.Elapsed;
        await postgres.StartServerAsync();
        var up = clock.Elapsed;
        output.WriteLine($"stop called {stopping}, down {down}, start called {starting}, up {up}; {submittedBeforeTheRestart} of {unitCount} submitted before");

        await Task.WhenAll(load);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyWhileDown); // a load balancer takes the node out meanwhile
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health/ready")).StatusCode);
        output.WriteLine($"load finished at {clock.Elapsed}: {answers.Count} answers, {submissions.Count} submissions");
        foreach (var group in answers.GroupBy(a => (a.Status, a.Code)))
        {
            output.WriteLine($"  {(int)group.Key.Status} {group.Key.Code}: {group.Count()}");
        }

        // Nothing but success, "the pool is empty" and 503 at any moment of the run: never a 500, never another refusal.
        var unexpected = answers.Where(a => !(IsSuccess(a.Status) || a is { Status: HttpStatusCode.NotFound, Code: "no_unit_available" } || a.Status == HttpStatusCode.ServiceUnavailable)).ToList();
        Assert.True(unexpected.Count == 0, "unexpected answers: " + string.Join("; ", unexpected.Take(10)));
        var unavailable = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.All(unavailable, a =>
        {
            Assert.True(a.RetryAfter, $"a 503 without Retry-After: {a}");
            Assert.Equal("service_unavailable", a.Code);
        });

        // While the server was down (asked after it had stopped, answered before it was started): only quick 503s.
        var whileDown = answers.Where(a => a.StartedAt > down && a.StartedAt + a.Took < starting).ToList();
        Assert.True(whileDown.Count >= Workers, $"only {whileDown.Count} answers while the server was down");
        Assert.All(whileDown, a =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status);
            Assert.True(a.Took < QuickAnswer, $"a call took {a.Took} while the server was down: {a}");
        });

        // The same process recovered by itself, soon, and did real work afterwards (the restart was mid-load).
        var firstSuccessAfter = answers.Where(a => a.StartedAt > up && IsSuccess(a.Status)).Select(a => a.StartedAt + a.Took).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        Assert.True(firstSuccessAfter - up < TimeSpan.FromSeconds(15), $"no success within 15 s of the restart (first at {firstSuccessAfter}, up at {up})");
        Assert.True(unitCount - submittedBeforeTheRestart > 0, "the load ended before the restart");
        Assert.Contains(answers, a => a.Call.StartsWith("POST submit", StringComparison.Ordinal) && IsSuccess(a.Status) && a.StartedAt > up);

        // No lost or duplicated work: every submission the workers saw accepted is stored once, and every unit was
        // handed in exactly once (no rework in this run, so one submission per unit), by the worker of its one
        // submitted assignment; nothing is left held or in the pool.
        Assert.Equal(submissions.Count, submissions.Select(s => s.SubmissionId).Distinct().Count());
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var ids = submissions.Select(s => s.SubmissionId).ToArray();
        Assert.Equal((long)ids.Length, await ScalarAsync(connection, """
            SELECT count(*) FROM unit_submissions s JOIN unnest(@ids, @units) AS seen (id, unit_id) ON seen.id = s.id AND seen.unit_id = s.unit_id
            """, ids, [.. submissions.Select(s => s.UnitId)]));
        Assert.Equal((long)unitCount, await ScalarAsync(connection, "SELECT count(*) FROM unit_submissions"));
        Assert.Equal((long)unitCount, await ScalarAsync(connection, "SELECT count(DISTINCT unit_id) FROM unit_submissions"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM work_units WHERE status IN (0, 1, 2)"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM assignments WHERE status = 0"));
        Assert.Equal((long)unitCount, await ScalarAsync(connection, "SELECT count(*) FROM assignments WHERE status = 1"));
        Assert.Equal(0L, await ScalarAsync(connection, """
            SELECT count(*) FROM unit_submissions s
            JOIN assignments a ON a.id = s.assignment_id
            JOIN work_units u ON u.id = s.unit_id
            WHERE a.unit_id <> s.unit_id OR a.worker_id <> s.worker_id OR a.status <> 1 OR u.assignment_id IS DISTINCT FROM a.id
            """));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM work_units u JOIN work_units t ON t.id = u.twin_unit_id WHERE u.worker_id = t.worker_id"));
    }

    /// <summary>
    /// What a worker's app does: carry on with a unit already in hand (a claim whose answer was lost still counts),
    /// otherwise claim the next; read it; key the source values; submit. A 503 means "try again shortly".
    /// </summary>
    private static async Task WorkUntilThePoolIsEmptyAsync(
        HttpClient worker, Stopwatch clock, ConcurrentQueue<Answer> answers, ConcurrentBag<(Guid, Guid)> submissions, CancellationToken giveUp)
    {
        while (true)
        {
            giveUp.ThrowIfCancellationRequested();
            var (mine, _) = await CallAsync("GET me/units", () => worker.GetAsync("/api/v1/me/units", giveUp));
            if (mine is null)
            {
                await Task.Delay(100, giveUp);
                continue;
            }

            string unitId, assignmentId;
            if (mine.Value.GetArrayLength() > 0)
            {
                var held = mine.Value[0];
                (unitId, assignmentId) = (held.GetProperty("unitId").GetString()!, held.GetProperty("assignmentId").GetString()!);
            }
            else
            {
                var (claim, code) = await CallAsync("POST claim", () => worker.PostAsync("/api/v1/me/units/claim", null, giveUp));
                if (code == "no_unit_available")
                {
                    return;
                }

                if (claim is null)
                {
                    await Task.Delay(100, giveUp);
                    continue;
                }

                (unitId, assignmentId) = (claim.Value.GetProperty("unitId").GetString()!, claim.Value.GetProperty("assignmentId").GetString()!);
            }

            var (content, _) = await CallAsync("GET content", () => worker.GetAsync($"/api/v1/units/{unitId}/content", giveUp));
            if (content is null)
            {
                await Task.Delay(100, giveUp);
                continue;
            }

            var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.Value.GetProperty("cells").EnumerateArray()) });
            var (submitted, _) = await CallAsync("POST submit", () => worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = rows }, giveUp));
            if (submitted is null)
            {
                await Task.Delay(100, giveUp);
                continue;
            }

            submissions.Add((Guid.Parse(submitted.Value.GetProperty("submissionId").GetString()!), Guid.Parse(unitId)));
        }

        async Task<(JsonElement? Body, string? Code)> CallAsync(string call, Func<Task<HttpResponseMessage>> send)
        {
            var startedAt = clock.Elapsed;
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync(giveUp);
            var took = clock.Elapsed - startedAt;
            var json = body.TrimStart() is ['{' or '[', ..] ? JsonDocument.Parse(body).RootElement : (JsonElement?)null;
            var code = !IsSuccess(response.StatusCode) && json is { ValueKind: JsonValueKind.Object } problem && problem.TryGetProperty("code", out var c) ? c.GetString() : null;
            answers.Enqueue(new Answer(IsSuccess(response.StatusCode) ? call : $"{call}: {body}", response.StatusCode, code, response.Headers.RetryAfter is not null, startedAt, took));
            return (IsSuccess(response.StatusCode) ? json : null, code);
        }
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    private static async Task WaitForAsync(Func<bool> condition, string what, CancellationToken giveUp)
    {
        while (!condition())
        {
            if (giveUp.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, Guid[]? ids = null, Guid[]? units = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids ?? []);
        command.Parameters.AddWithValue("units", units ?? []);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
