using System.Diagnostics;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Market.Api.Features.Me.Units;
using Market.Api.Infrastructure;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Market.Api.Tests.Performance;

/// <summary>
/// Plan tests, not timing tests: the claim and "my units" handlers run against tables large enough for the planner to
/// choose as it would in production, the SQL they actually sent is recorded, and EXPLAIN must show that it reaches
/// work_units and assignments through an index. A query that falls back to scanning the units table stays fast on a
/// test database and grows with every job posted; this catches it (docs/benchmarks.md, section 6).
/// </summary>
public sealed class HotQueryPlanTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const int Units = 40_000;
    private const int Workers = 2_000;

    [Fact]
    public async Task Claim_PicksTheUnitAndChecksTheTwinThroughIndexes_NotByScanningTheUnitsTable()
    {
        var world = await LargeWorldAsync();
        var worker = world.Workers[0];

        var sql = await RecordAsync(worker, world.Agent.Id, new ClaimNextUnit());

        var claim = Assert.Single(sql, s => s.Text.Contains("SKIP LOCKED", StringComparison.Ordinal));
        var pick = ClaimNextUnitHandler.PickOf(claim.Text);
        Assert.DoesNotContain("INSERT", pick, StringComparison.Ordinal); // the pick alone, not the claim's writes
        var plan = await ExplainAsync(claim with { Text = pick });
        Assert.False(plan.Contains("Seq Scan on work_units", StringComparison.Ordinal), plan);
        // The pool in sequence order through an index on (job_id, sequence), and the twin by its primary key.
        Assert.True(Regex.IsMatch(plan, @"Index (Only )?Scan using ix_work_units_job_id_status_sequence on work_units u\b"), plan);
        Assert.True(Regex.IsMatch(plan, @"Index (Only )?Scan using work_units_pkey on work_units t\b"), plan);
    }

    [Fact]
    public async Task Claim_GoesStraightToTheFirstAvailableUnit_WithoutReadingTheUnitsAlreadyTakenBeforeIt()
    {
        var world = await LargeWorldAsync();
        // A job that was fresh when its statistics were taken (every unit available, as when it was posted), then a
        // morning's work done at its front: the first 5,004 units in sequence order taken. With those statistics the
        // planner saw (job_id, sequence) as just as good, and read past every taken unit on every claim (migration 0067).
        await using (var connection = new NpgsqlConnection(Factory.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var statement in new[]
                     {
                         "DELETE FROM assignments WHERE unit_id IN (SELECT id FROM work_units WHERE sequence > 4)",
                         "UPDATE work_units SET status = 1, worker_id = NULL, assignment_id = NULL, assigned_at = NULL WHERE sequence > 4",
                         "ANALYZE work_units",
                         "UPDATE work_units SET status = 6 WHERE sequence <= 5004",
                         "VACUUM work_units",
                     })
            {
                await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = 300 };
                await command.ExecuteNonQueryAsync();
            }
        }

        var sql = await RecordAsync(world.Workers[0], world.Agent.Id, new ClaimNextUnit());

        var claim = Assert.Single(sql, s => s.Text.Contains("SKIP LOCKED", StringComparison.Ordinal));
        var pick = ClaimNextUnitHandler.PickOf(claim.Text);
        Assert.DoesNotContain("INSERT", pick, StringComparison.Ordinal); // the pick alone, not the claim's writes
        var plan = await ExplainAsync(claim with { Text = pick });
        // Through (job_id, sequence) the scan fetched and dropped every taken unit, thousands on every claim.
        var removed = Regex.Matches(plan, @"Rows Removed by Filter: (\d+)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(removed.All(n => n < 10), plan);
        Assert.True(plan.Contains("Index Scan using ix_work_units_job_id_status_sequence on work_units u", StringComparison.Ordinal), plan);
    }

    [Fact]
    public async Task MyUnits_ReadsTheWorkersAssignmentsThroughTheirIndex_AndUnitsByPrimaryKey()
    {
        var world = await LargeWorldAsync();
        var worker = world.Workers[1];
        for (var i = 0; i < 5; i++)
        {
            await SendAsync(worker, world.Agent.Id, new ClaimNextUnit());
        }

        var sql = await RecordAsync(worker, world.Agent.Id, new ListMyUnits());

        var list = Assert.Single(sql, s => s.Text.Contains("FROM assignments", StringComparison.Ordinal));
        var plan = await ExplainAsync(list);
        Assert.False(plan.Contains("Seq Scan on assignments", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("Seq Scan on work_units", StringComparison.Ordinal), plan);
        // The worker's live assignments through (worker_id, status), plain or bitmap; the units by primary key.
        Assert.True(Regex.IsMatch(plan, @"(Index (Only )?Scan using|Bitmap Index Scan on) ix_assignments_worker_id_status\b"), plan);
        Assert.True(Regex.IsMatch(plan, @"Index (Only )?Scan using work_units_pkey on work_units"), plan);
    }

    private sealed record LargeWorld(Agent Agent, List<Guid> Workers);

    /// <summary>
    /// A real job (posted, contracted, started through the API), then grown with SQL to <see cref="Units"/> units and
    /// <see cref="Workers"/> workers, a quarter of the units already held or done, with their assignments.
    /// </summary>
    private async Task<LargeWorld> LargeWorldAsync()
    {
        var world = await WorkWorld.CreateAsync(Factory, records: 2, batchSize: 1, workers: 0);
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        var agent = world.Agent.Id;
        var columns = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'work_units' ORDER BY ordinal_position", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var overrides = new Dictionary<string, string>
        {
            ["id"] = $"md5('{world.JobId}' || s)::uuid",
            ["sequence"] = "s",
            ["twin_unit_id"] = $"md5('{world.JobId}' || CASE WHEN s % 2 = 1 THEN s + 1 ELSE s - 1 END)::uuid",
        };
        var select = string.Join(", ", columns.Select(c => overrides.TryGetValue(c, out var e) ? e : "t." + c));
        var sql = new StringBuilder($"""
            CREATE TEMP TABLE plan_workers AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, {Workers}) n;
            INSERT INTO users (id, display_name, preferred_language, created_at, user_name, normalized_user_name, email, normalized_email,
                               email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, security_stamp)
                SELECT id, 'worker ' || n, 'ja', now(), 'plan' || n || '@hub.jp', 'PLAN' || n || '@HUB.JP', 'plan' || n || '@hub.jp', 'PLAN' || n || '@HUB.JP',
                       true, false, false, true, 0, md5(id::text) FROM plan_workers;
            INSERT INTO memberships (id, user_id, role, tenant_kind, tenant_id, status, joined_at)
                SELECT gen_random_uuid(), id, 'Worker', 2, '{agent}', 0, now() FROM plan_workers;
            INSERT INTO worker_profiles (agent_id, user_id, hours_per_week, max_concurrent_units, skills, prefecture, municipality, tier, tier_since, status, registered_at)
                SELECT '{agent}', id, 40, 10, ARRAY[0,1,2], '高知県', '四万十町', 0, now(), 0, now() FROM plan_workers;
            INSERT INTO worker_certifications (user_id, code, agent_id, issued_at, valid_until, renewal_opens_at, grace_ends_at)
                SELECT id, code, '{agent}', now(), now() + interval '1 year', now() + interval '11 months', now() + interval '1 year 14 days'
                FROM plan_workers CROSS JOIN unnest(ARRAY['confidentiality', 'transcription_l1', 'data_entry', 'web_editing']) AS code;
            INSERT INTO work_units ({string.Join(", ", columns)})
                SELECT {select}
                FROM generate_series(5, {Units + 4}) s, (SELECT * FROM work_units WHERE job_id = '{world.JobId}' AND sequence = 1) t;
            -- Units written here rather than posted: their progress counters are set from them, as the post sets a
            -- posted job's (migration 0068); the updates below keep them through the triggers.
            DELETE FROM job_unit_counts WHERE job_id = '{world.JobId}';
            INSERT INTO job_unit_counts (job_id, status, slot, count)
                SELECT job_id, status, 0, count(*) FROM work_units WHERE job_id = '{world.JobId}' GROUP BY job_id, status;
            -- A quarter of the pool is already held (status 2) or done (status 6) by workers 3..N, with their assignments,
            -- so the tables look like a job in progress rather than a fresh one.
            CREATE TEMP TABLE plan_taken AS
                SELECT u.id AS unit_id, gen_random_uuid() AS assignment_id, w.id AS worker_id, CASE WHEN u.sequence % 2 = 0 THEN 2 ELSE 6 END AS status
                FROM work_units u JOIN plan_workers w ON w.n = 3 + (u.sequence % ({Workers} - 2))
                WHERE u.job_id = '{world.JobId}' AND u.sequence > 4 AND u.sequence % 4 = 0;
            INSERT INTO assignments (id, unit_id, job_id, worker_id, agent_id, assigned_by, status, lease_minutes, assigned_at, last_activity_at, expires_at)
                SELECT assignment_id, unit_id, '{world.JobId}', worker_id, '{agent}', 2, CASE WHEN status = 2 THEN 0 ELSE 1 END, 30, now(), now(), now() + interval '30 minutes'
                FROM plan_taken;
            UPDATE work_units u SET status = t.status, worker_id = t.worker_id, assignment_id = t.assignment_id, assigned_at = now()
                FROM plan_taken t WHERE u.id = t.unit_id;
            ANALYZE;
            """);
        await using (var command = new NpgsqlCommand(sql.ToString(), connection))
        {
            command.CommandTimeout = 300;
            await command.ExecuteNonQueryAsync();
        }

        var workers = new List<Guid>();
        await using (var select2 = new NpgsqlCommand("SELECT id FROM plan_workers WHERE n <= 2 ORDER BY n", connection))
        await using (var reader = await select2.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                workers.Add(reader.GetGuid(0));
            }
        }

        return new LargeWorld(world.Agent, workers);
    }

    private async Task SendAsync<T>(Guid workerId, Guid agentId, IRequest<T> request)
    {
        using var scope = Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, workerId.ToString()),
                new Claim(ClaimTypes.Role, Roles.Worker),
                new Claim(MarketClaimTypes.TenantKind, nameof(TenantKind.Agent)),
                new Claim(MarketClaimTypes.TenantId, agentId.ToString()),
            ], "test")),
        };
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    private async Task<List<Recorded>> RecordAsync<T>(Guid workerId, Guid agentId, IRequest<T> request)
    {
        using var recorder = SqlRecorder.Start();
        await SendAsync(workerId, agentId, request);
        return recorder.Statements;
    }

    /// <summary>EXPLAIN (ANALYZE) of the recorded statement with its own parameters, in a transaction rolled back (the claim locks rows).</summary>
    private async Task<string> ExplainAsync(Recorded statement)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF) " + statement.Text, connection, transaction);
        foreach (var parameter in statement.Parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        var plan = new StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(0));
            }
        }

        await transaction.RollbackAsync();
        return plan.ToString();
    }
}

internal sealed record Recorded(string Text, IReadOnlyList<NpgsqlParameter> Parameters);

/// <summary>The SQL EF Core sends in this async flow, read from EF's DiagnosticListener (the API's configuration is untouched).</summary>
internal sealed class SqlRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private static readonly AsyncLocal<SqlRecorder?> Current = new();
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];

    private SqlRecorder() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public List<Recorded> Statements { get; } = [];

    public static SqlRecorder Start() => Current.Value = new SqlRecorder();

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_listeners)
            {
                _listeners.Add(value.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (Current.Value == this && value.Value is CommandExecutedEventData executed)
        {
            lock (Statements)
            {
                Statements.Add(new Recorded(executed.Command.CommandText, executed.Command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList()));
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        Current.Value = null;
        _subscription.Dispose();
        lock (_listeners)
        {
            _listeners.ForEach(l => l.Dispose());
        }
    }
}
