using System.Text;
using Market.Api.Identity;
using Market.Api.Persistence;
using Market.Domain.Certifications;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Market.Domain.Workers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Market.Bench;

/// <summary>
/// The benchmark's data: one client firm, one vetted agent with an owner, a signed-in "web" worker and many load
/// workers, and jobs contracted to the agent. Tenants, users with passwords and jobs go through the real Identity
/// services and endpoints; the bulk (thousands of workers, a million units) is written with SQL because registration,
/// password hashing and splitting are not what the claim and latency figures measure.
/// </summary>
public sealed class World
{
    public const string Password = "Bench-password-2026!";

    private World(ApiHost host, BenchOptions options)
    {
        Host = host;
        Options = options;
    }

    public ApiHost Host { get; }

    public BenchOptions Options { get; }

    public Agent Agent { get; private set; } = null!;

    public ClientFirm Firm { get; private set; } = null!;

    public Guid ClientUserId { get; private set; }

    public Guid OwnerUserId { get; private set; }

    /// <summary>The agent's coordinator: signs in to the Web for the unit board (owners must set up two-factor sign-in first).</summary>
    public Guid CoordinatorUserId { get; private set; }

    public string CoordinatorEmail => "coordinator@bench.furusato.example";

    public Guid WebWorkerId { get; private set; }

    public string ClientEmail => "client@bench.furusato.example";

    public string OwnerEmail => "owner@bench.furusato.example";

    public string WebWorkerEmail => "worker@bench.furusato.example";

    /// <summary>Load workers in claim order (index n-1 is bench_workers.n).</summary>
    public List<Guid> Workers { get; } = [];

    public static async Task<World> CreateAsync(ApiHost host, BenchOptions options)
    {
        var world = new World(host, options);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = DateTimeOffset.UtcNow;
        world.Agent = new Agent(Guid.NewGuid(), "NPO法人 ベンチ在宅ワーク", AgentOrganisationType.Npo, "高知県", "四万十町", "BENCH-" + Guid.NewGuid().ToString("N")[..8], now);
        world.Agent.Approve();
        world.Firm = new ClientFirm(Guid.NewGuid(), "ベンチ県庁", ClientKind.Firm, "東京都", now);
        db.Agents.Add(world.Agent);
        db.ClientFirms.Add(world.Firm);
        await db.SaveChangesAsync();

        world.ClientUserId = await world.UserAsync(world.ClientEmail, Roles.ClientMember, world.Firm.Id, "ベンチ 発注者");
        world.OwnerUserId = await world.UserAsync(world.OwnerEmail, Roles.AgentOwner, world.Agent.Id, "ベンチ 代表");
        world.CoordinatorUserId = await world.UserAsync(world.CoordinatorEmail, Roles.AgentCoordinator, world.Agent.Id, "ベンチ 調整役");
        world.WebWorkerId = await world.UserAsync(world.WebWorkerEmail, Roles.Worker, world.Agent.Id, "ベンチ 在宅");
        await world.ProfileAsync(world.WebWorkerId);
        await world.InsertLoadWorkersAsync(options.Workers);
        return world;
    }

    private async Task<Guid> UserAsync(string email, string role, Guid tenantId, string displayName)
    {
        using var scope = Host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var user = new AppUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            CreatedAt = DateTimeOffset.UtcNow,
            LockoutEnabled = true,
        };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, role));
        db.Memberships.Add(new Membership(Guid.NewGuid(), user.Id, role, tenantId, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return user.Id;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private async Task ProfileAsync(Guid userId)
    {
        using var scope = Host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = DateTimeOffset.UtcNow;
        db.WorkerProfiles.Add(WorkerProfile.Register(userId, Agent.Id, "高知県", "四万十町", 40, 10, Enum.GetValues<JobType>(), now));
        foreach (var code in CertificationCodes.Platform.Where(c => c != CertificationCodes.QcReviewer))
        {
            db.WorkerCertifications.Add(WorkerCertification.Issue(userId, Agent.Id, code, new CertificationTerms(12, 30, 14), now));
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Load workers straight into the tables (as the claim concurrency test does), each able to hold 10 units.</summary>
    private async Task InsertLoadWorkersAsync(int count)
    {
        await using var connection = await OpenAsync();
        await ExecAsync(connection, $"""
            CREATE TABLE bench_workers AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, {count}) n;
            ALTER TABLE bench_workers ADD PRIMARY KEY (n);
            INSERT INTO users (id, display_name, preferred_language, created_at, user_name, normalized_user_name, email, normalized_email,
                               email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, security_stamp, concurrency_stamp)
                SELECT id, 'ベンチ ' || n, 'ja', now(), 'load' || n || '@bench.jp', 'LOAD' || n || '@BENCH.JP', 'load' || n || '@bench.jp', 'LOAD' || n || '@BENCH.JP',
                       true, false, false, true, 0, md5(id::text), md5(id::text) FROM bench_workers;
            INSERT INTO user_roles (user_id, role_id) SELECT w.id, r.id FROM bench_workers w, roles r WHERE r.name = '{Roles.Worker}';
            INSERT INTO memberships (id, user_id, role, tenant_kind, tenant_id, status, joined_at)
                SELECT gen_random_uuid(), id, '{Roles.Worker}', {(int)TenantKind.Agent}, '{Agent.Id}', 0, now() FROM bench_workers;
            INSERT INTO worker_profiles (agent_id, user_id, hours_per_week, max_concurrent_units, skills, prefecture, municipality, tier, tier_since, status, registered_at)
                SELECT '{Agent.Id}', id, 40, 10, ARRAY[0,1,2], '高知県', '四万十町', 0, now(), 0, now() FROM bench_workers;
            INSERT INTO worker_certifications (user_id, code, agent_id, issued_at, valid_until, renewal_opens_at, grace_ends_at)
                SELECT id, code, '{Agent.Id}', now(), now() + interval '1 year', now() + interval '11 months', now() + interval '1 year 14 days'
                FROM bench_workers CROSS JOIN unnest(ARRAY['{string.Join("', '", CertificationCodes.Platform.Where(c => c != CertificationCodes.QcReviewer))}']) AS code;
            ANALYZE users; ANALYZE user_roles; ANALYZE memberships; ANALYZE worker_profiles; ANALYZE worker_certifications;
            """);
        await using var select = new NpgsqlCommand("SELECT id FROM bench_workers ORDER BY n", connection);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Workers.Add(reader.GetGuid(0));
        }
    }

    /// <summary>
    /// A data-entry job posted through the real endpoint (2 records, batch size 1: 4 units), contracted to the agent
    /// and started; then grown to <paramref name="units"/> units with SQL copies of its first unit.
    /// </summary>
    public async Task<Guid> ContractedJobAsync(string title, int units, DateTimeOffset deadline)
    {
        var client = await Host.ClientForAsync(ClientUserId);
        // The title makes the file (and so its content-addressed id) unique per job: 2 records, batch size 1 → 4 units.
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes($"受付番号,氏名\r\n1,山田 太郎\r\n2,{title}\r\n"));
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var upload = new MultipartFormDataContent();
        upload.Add(part, "file", "bench.csv");
        var fileId = (await ApiHost.JsonAsync(await client.PostAsync("/api/v1/files", upload))).GetProperty("id").GetString()!;
        var job = await ApiHost.JsonAsync(await ApiHost.PostJsonAsync(client, "/api/v1/jobs", new
        {
            type = "DataEntry",
            title,
            specMarkdown = "ベンチマーク用の入力作業です。",
            deadline,
            confidentiality = "Standard",
            regionPreference = Array.Empty<string>(),
            inputFiles = new[] { fileId },
            dataEntry = new { batchSize = 1 },
        }));
        var jobId = Guid.Parse(job.GetProperty("id").GetString()!);

        using (var scope = Host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var now = DateTimeOffset.UtcNow;
            var entity = await db.Jobs.SingleAsync(j => j.Id == new JobId(jobId));
            entity.Contract(Agent.Id, new Yen(5_000_000), now);
            entity.StartWork(now);
            foreach (var unit in await db.WorkUnits.Where(u => u.JobId == entity.Id).ToListAsync())
            {
                unit.MakeAvailable(now);
            }

            await db.SaveChangesAsync();
        }

        await GrowJobAsync(jobId, units);
        return jobId;
    }

    /// <summary>
    /// Adds copies of the job's first unit until it has <paramref name="units"/> units, twinned in pairs like a real
    /// data-entry split. The column list is read from the catalog, so columns other features add are copied as well.
    /// </summary>
    public async Task GrowJobAsync(Guid jobId, int units)
    {
        await using var connection = await OpenAsync();
        var existing = (int)(long)(await ScalarAsync(connection, $"SELECT count(*) FROM work_units WHERE job_id = '{jobId}'"))!;
        if (existing >= units)
        {
            return;
        }

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
            ["id"] = $"md5('{jobId}' || s)::uuid",
            ["sequence"] = "s",
            ["status"] = ((int)WorkUnitStatus.Available).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["twin_unit_id"] = $"md5('{jobId}' || CASE WHEN s % 2 = 1 THEN s + 1 ELSE s - 1 END)::uuid",
        };
        var select = string.Join(", ", columns.Select(c => overrides.TryGetValue(c, out var expression) ? expression : "t." + c));
        // In slices of 100,000 so one statement's memory and WAL stay modest.
        for (var from = existing + 1; from <= units; from += 100_000)
        {
            var to = Math.Min(units, from + 99_999);
            await ExecAsync(connection, $"""
                INSERT INTO work_units ({string.Join(", ", columns)})
                SELECT {select}
                FROM generate_series({from}, {to}) s,
                     (SELECT * FROM work_units WHERE job_id = '{jobId}' AND sequence = 1) t
                """);
        }

        // Units written here rather than posted: their progress counters are set from them, as the post sets a posted
        // job's (migration 0068); later updates keep them through the triggers.
        await ExecAsync(connection, $"""
            DELETE FROM job_unit_counts WHERE job_id = '{jobId}';
            INSERT INTO job_unit_counts (job_id, status, slot, count)
            SELECT job_id, status, 0, count(*) FROM work_units WHERE job_id = '{jobId}' GROUP BY job_id, status;
            """);
        await ExecAsync(connection, "VACUUM (ANALYZE) work_units");
    }

    /// <summary>The claim pool at its largest size (section 1 grows it; a partial run creates it here).</summary>
    public Guid? PoolJobId { get; set; }

    public async Task<Guid> LargePoolAsync()
    {
        if (PoolJobId is { } id)
        {
            await GrowJobAsync(id, Options.LargeUnits);
            return id;
        }

        PoolJobId = await ContractedJobAsync("ベンチ 請求プール", Options.LargeUnits, DateTimeOffset.UtcNow.AddDays(3));
        return PoolJobId.Value;
    }

    private bool _history;

    /// <summary>
    /// Past leases: one released assignment for every fifth unit of the pool, spread over the load workers, and 4,000
    /// live ones of 400 load workers, so `assignments` is as large as a busy agent's and "my units" has to find the
    /// worker's few live ones among them.
    /// </summary>
    public async Task AssignmentHistoryAsync(Guid poolJob)
    {
        if (_history)
        {
            return;
        }

        await using var connection = await OpenAsync();
        await ExecAsync(connection, $"""
            INSERT INTO assignments (id, unit_id, job_id, worker_id, agent_id, assigned_by, status, lease_minutes, assigned_at, last_activity_at, expires_at, ended_at, end_reason)
            SELECT gen_random_uuid(), u.id, u.job_id, w.id, '{Agent.Id}', 2, 2, 30, now() - interval '2 days', now() - interval '2 days', now() - interval '1 day', now() - interval '2 days', 'ベンチ: 過去の返却'
            FROM work_units u JOIN bench_workers w ON w.n = 1 + (u.sequence % {Workers.Count - 1})
            WHERE u.job_id = '{poolJob}' AND u.sequence % 5 = 0;
            -- And a working day's live work: 400 load workers each holding 10 units of the pool, so the active
            -- assignments are thousands (as in production), not only the web worker's ten — with ten, the planner
            -- rightly read "my units" from the small partial index of active assignments, which it would not at scale.
            WITH held AS (
                SELECT u.id, u.job_id, w.id AS worker_id, gen_random_uuid() AS assignment_id
                FROM work_units u JOIN bench_workers w ON w.n = 1 + (u.sequence % 2000)
                WHERE u.job_id = '{poolJob}' AND u.status = 1 AND u.sequence % 5 = 1 AND u.sequence <= 20000
            ),
            started AS (
                INSERT INTO assignments (id, unit_id, job_id, worker_id, agent_id, assigned_by, status, lease_minutes, assigned_at, last_activity_at, expires_at)
                SELECT assignment_id, id, job_id, worker_id, '{Agent.Id}', 2, 0, 30, now(), now(), now() + interval '30 minutes' FROM held
            )
            UPDATE work_units u SET status = 2, worker_id = held.worker_id, assignment_id = held.assignment_id, assigned_at = now()
            FROM held WHERE u.id = held.id;
            ANALYZE assignments;
            """);
        _history = true;
    }

    private Guid? _boardJobId;

    /// <summary>A job of <see cref="BenchOptions.BoardUnits"/> units for the unit board and the job page (later deadline than the pool).</summary>
    public async Task<Guid> BoardJobAsync()
    {
        _boardJobId ??= await ContractedJobAsync("ベンチ 一万件 入力", Options.BoardUnits, DateTimeOffset.UtcNow.AddDays(10));
        return _boardJobId.Value;
    }

    private bool _webWorkerHolds;

    /// <summary>The signed-in worker claims 10 units through the real endpoint, so "my units" has a full page.</summary>
    public async Task WebWorkerHoldsUnitsAsync(ChildServer api, string token)
    {
        if (_webWorkerHolds)
        {
            return;
        }

        using var http = new HttpClient { BaseAddress = new Uri(api.Url) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        for (var i = 0; i < 10; i++)
        {
            var response = await http.PostAsync("/api/v1/me/units/claim", null);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The web worker's claim failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        _webWorkerHolds = true;
    }

    /// <summary>Runs a request through the in-process mediator as the given caller and returns the SQL it sent.</summary>
    public async Task<IReadOnlyList<CapturedCommand>> CaptureAsync<T>(Guid userId, string role, Guid tenantId, MediatR.IRequest<T> request)
    {
        var commands = new List<CapturedCommand>();
        using (SqlCapture.Begin(commands))
        {
            using var scope = Host.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = Context(userId, role, tenantId);
            await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(request);
        }

        return commands;
    }

    public static Microsoft.AspNetCore.Http.DefaultHttpContext Context(Guid userId, string role, Guid tenantId) => new()
    {
        User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, userId.ToString()),
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, role),
            new System.Security.Claims.Claim(Market.Api.Infrastructure.MarketClaimTypes.TenantKind, Roles.TenantKindOf(role).ToString()),
            new System.Security.Claims.Claim(Market.Api.Infrastructure.MarketClaimTypes.TenantId, tenantId.ToString()),
        ], "bench")),
    };

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Options.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await OpenAsync();
        return Convert.ToInt64(await ScalarAsync(connection, sql), System.Globalization.CultureInfo.InvariantCulture);
    }
}
