using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Market.Api.Features.Me.Units;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MediatR;
using Market.Domain.Common;

namespace Market.Bench;

public sealed record ClaimRun(string System, int Concurrency, long Claims, double Seconds, CpuUse Cpu, int Errors, string? FirstError)
{
    public double PerSecond => Seconds <= 0 ? 0 : Claims / Seconds;
}

/// <summary>
/// Claim throughput: (a) the MediatR handler in this process, (b) POST /api/v1/me/units/claim on the real API over
/// Kestrel with bearer tokens, (c) the handler's own pick statement plus the assignment insert and the unit update as
/// one SQL statement run by pgbench. Every run starts from the same pool (claimed units are put back and the table
/// vacuumed) and ends with the double-claim check.
/// </summary>
public sealed class ClaimBench(World world, Report report)
{
    private const int Capacity = 10;
    private readonly BenchOptions _options = world.Options;
    private string? _pgbenchScript;
    private IReadOnlyList<CapturedCommand>? _claimCommands;
    private string[]? _tokens;

    public Guid PoolJobId { get; private set; }

    public IReadOnlyList<CapturedCommand> ClaimCommands => _claimCommands ?? [];

    public async Task CreatePoolAsync(int units)
    {
        PoolJobId = await world.ContractedJobAsync("ベンチ 請求プール", units, DateTimeOffset.UtcNow.AddDays(3));
    }

    public Task GrowPoolAsync(int units) => world.GrowJobAsync(PoolJobId, units);

    /// <summary>Puts every claimed unit of the pool back, forgets the assignments, and vacuums so each run starts equal.</summary>
    public async Task ResetAsync()
    {
        await using var connection = await world.OpenAsync();
        await World.ExecAsync(connection, $"""
            DELETE FROM assignments WHERE job_id = '{PoolJobId}';
            TRUNCATE audit_log;
            UPDATE work_units SET status = 1, worker_id = NULL, assignment_id = NULL, assigned_at = NULL
            WHERE job_id = '{PoolJobId}' AND status <> 1;
            """);
        await World.ExecAsync(connection, "VACUUM (ANALYZE) work_units");
        await World.ExecAsync(connection, "VACUUM (ANALYZE) assignments");
    }

    /// <summary>Zero double claims: no unit with two live assignments, no unit assigned twice, holder and lease agree.</summary>
    public async Task<string> CheckNoDoubleClaimsAsync(string run, long expectedClaims)
    {
        await using var connection = await world.OpenAsync();
        var checks = new (string Name, string Sql)[]
        {
            ("units with two live assignments", "SELECT count(*) FROM (SELECT unit_id FROM assignments WHERE status = 0 GROUP BY unit_id HAVING count(*) > 1) x"),
            ("units assigned more than once", "SELECT count(*) - count(DISTINCT unit_id) FROM assignments"),
            ("assignment ids used twice", "SELECT count(*) - count(DISTINCT id) FROM assignments"),
            ("units whose holder differs from their live assignment", "SELECT count(*) FROM work_units u JOIN assignments a ON a.unit_id = u.id AND a.status = 0 WHERE u.worker_id <> a.worker_id OR u.assignment_id <> a.id OR u.status <> 2"),
            ("held units without a live assignment", $"SELECT count(*) FROM work_units u WHERE u.job_id = '{PoolJobId}' AND u.status = 2 AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.unit_id = u.id AND a.status = 0)"),
            ("workers over capacity (handler runs only)", "SELECT count(*) FROM (SELECT worker_id FROM assignments WHERE status = 0 GROUP BY worker_id HAVING count(*) > 10) x"),
        };
        var problems = new List<string>();
        foreach (var (name, sql) in checks)
        {
            if (name.Contains("capacity", StringComparison.Ordinal) && run.StartsWith("(c)", StringComparison.Ordinal))
            {
                continue; // the raw statement assigns to a random worker and checks no capacity
            }

            var count = Convert.ToInt64(await World.ScalarAsync(connection, sql), CultureInfo.InvariantCulture);
            if (count != 0)
            {
                problems.Add($"{count} {name}");
            }
        }

        var live = Convert.ToInt64(await World.ScalarAsync(connection, "SELECT count(*) FROM assignments WHERE status = 0"), CultureInfo.InvariantCulture);
        if (expectedClaims >= 0 && live != expectedClaims)
        {
            problems.Add($"{live} live assignments but {expectedClaims} successful claims were counted");
        }

        if (problems.Count > 0)
        {
            report.Fail($"double-claim check after {run}: {string.Join("; ", problems)}");
            return $"**FAILED**: {string.Join("; ", problems)}";
        }

        return $"0 double claims ({live:#,0} live assignments, each unit once)";
    }

    // ---- (a) in-process ----------------------------------------------------------------------------------------

    /// <summary>JIT, EF Core's query caches and the connection pool are filled before anything is timed.</summary>
    public async Task WarmUpInProcessAsync()
    {
        await InProcessAsync(16, seconds: 3);
        await ResetAsync();
    }

    /// <summary>
    /// The child API starts cold: claims fill its JIT, caches and pools before the timed runs. As long as the handler
    /// in this process gets before its own 16-worker run (its warm-up and the growth runs): with 4 s the first HTTP run
    /// still paid for tiered compilation (7.4 ms of API CPU per claim at 16 workers against 4.8 ms at 64, run after it).
    /// </summary>
    public async Task WarmUpHttpAsync(ChildServer api)
    {
        await HttpAsync(api, 16, seconds: 15);
        await ResetAsync();
    }

    public async Task<ClaimRun> InProcessAsync(int concurrency, int? seconds = null)
    {
        var services = world.Host.Services;
        return await DriveAsync("(a) handler in-process", concurrency, seconds, [], async (workerId, _) =>
        {
            using var scope = services.CreateScope();
            scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = WorkerContext(workerId);
            try
            {
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ClaimNextUnit());
                return Outcome.Claimed;
            }
            catch (EligibilityException e) when (e.Code == "worker_at_capacity")
            {
                return Outcome.Full;
            }
            catch (NotFoundException e) when (e.Code == "no_unit_available")
            {
                return Outcome.Empty;
            }
        });
    }

    private DefaultHttpContext WorkerContext(Guid workerId) => new()
    {
        User = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, workerId.ToString()),
            new Claim(ClaimTypes.Role, Market.Domain.Tenancy.Roles.Worker),
            new Claim(MarketClaimTypes.TenantKind, nameof(Market.Domain.Tenancy.TenantKind.Agent)),
            new Claim(MarketClaimTypes.TenantId, world.Agent.Id.ToString()),
        ], "bench")),
    };

    /// <summary>One claim with the SQL recorded: the statements the handler sends, for the profile and for pgbench.</summary>
    /// <remarks>Five claims one after another; the median one (by total time) is kept.</remarks>
    public async Task<IReadOnlyList<CapturedCommand>> CaptureOneClaimAsync(Guid workerId)
    {
        var samples = new List<(List<CapturedCommand> Commands, TimeSpan Total)>();
        for (var i = 0; i < 5; i++)
        {
            var commands = new List<CapturedCommand>();
            var clock = Stopwatch.StartNew();
            using (SqlCapture.Begin(commands))
            {
                using var scope = world.Host.Services.CreateScope();
                scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = WorkerContext(workerId);
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ClaimNextUnit());
            }

            samples.Add((commands, clock.Elapsed));
        }

        var median = samples.OrderBy(s => s.Total).ElementAt(samples.Count / 2);
        _claimCommands = median.Commands;
        ClaimTotal = median.Total;
        // The statements in full, with their parameters, beside the pgbench script: what to EXPLAIN when the profile changes.
        await File.WriteAllTextAsync(Path.Combine(_options.StateDirectory, "claim-statements.sql"), string.Join("\n\n", median.Commands.Select(c =>
            string.Join("\n", c.Parameters.Select(p => $"-- {p.ParameterName} = {FormatParameter(p.Value)}")) + "\n" + c.Text.Trim() + ";")));
        return median.Commands;
    }

    private static string FormatParameter(object? value) => value switch
    {
        null or DBNull => "NULL",
        System.Collections.IEnumerable items and not string => "{" + string.Join(",", items.Cast<object?>()) + "}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "NULL",
    };

    /// <summary>The whole time of the recorded claim (handler, pipeline and transaction), one claimer alone.</summary>
    public TimeSpan ClaimTotal { get; private set; }

    // ---- (b) HTTP ----------------------------------------------------------------------------------------------

    public async Task<ClaimRun> HttpAsync(ChildServer api, int concurrency, int? seconds = null)
    {
        var tokens = await TokensAsync();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5), UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(api.Url), Timeout = TimeSpan.FromMinutes(2) };
        return await DriveAsync("(b) HTTP on Kestrel", concurrency, seconds, [api.Pid], async (_, index) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/units/claim");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[index]);
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return Outcome.Claimed;
            }

            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.NotFound && body.Contains("no_unit_available", StringComparison.Ordinal))
            {
                return Outcome.Empty;
            }

            if (body.Contains("worker_at_capacity", StringComparison.Ordinal))
            {
                return Outcome.Full;
            }

            throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
        });
    }

    /// <summary>
    /// Bearer tokens for every load worker, issued with the API's own protector (the child API shares the key ring).
    /// One principal is built by Identity's factory; the others copy it with their own id, name and security stamp,
    /// which is what the factory would produce for these identically-shaped workers, without 4,000 round trips.
    /// </summary>
    private async Task<string[]> TokensAsync()
    {
        if (_tokens is not null)
        {
            return _tokens;
        }

        using var scope = world.Host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var options = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var first = await users.FindByIdAsync(world.Workers[0].ToString()) ?? throw new InvalidOperationException("No load worker.");
        var template = await signIn.CreateUserPrincipalAsync(first);
        var identity = (ClaimsIdentity)template.Identity!;
        var expires = DateTimeOffset.UtcNow.AddHours(2) < DateTimeOffset.UtcNow + options.BearerTokenExpiration ? DateTimeOffset.UtcNow.AddHours(2) : DateTimeOffset.UtcNow + options.BearerTokenExpiration;
        _tokens = world.Workers.Select((id, n) =>
        {
            var replacements = new Dictionary<string, string>
            {
                [first.Id.ToString()] = id.ToString(),
                [first.UserName!] = $"load{n + 1}@bench.jp",
                [first.Email!] = $"load{n + 1}@bench.jp",
                [first.SecurityStamp!] = Md5(id.ToString()),
            };
            var claims = identity.Claims.Select(c => replacements.TryGetValue(c.Value, out var value) ? new Claim(c.Type, value, c.ValueType, c.Issuer) : new Claim(c.Type, c.Value, c.ValueType, c.Issuer));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
            var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = expires }, IdentityConstants.BearerScheme);
            return options.BearerTokenProtector.Protect(ticket);
        }).ToArray();
        return _tokens;
    }

    private static string Md5(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(text)));

    // ---- (c) pgbench -------------------------------------------------------------------------------------------

    public async Task<ClaimRun> PgbenchAsync(int concurrency)
    {
        var script = await PgbenchScriptAsync();
        var server = _options.Server;
        var args = new List<string>
        {
            "-n", "-h", server.Host!, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username!,
            "-M", "prepared", "-c", concurrency.ToString(CultureInfo.InvariantCulture), "-j", "2",
            "-T", _options.ClaimSeconds.ToString(CultureInfo.InvariantCulture), "-f", script, _options.Database,
        };
        var cpu = new Cpu(_options.Database);
        var clock = Stopwatch.StartNew();
        var pgbench = Task.Run(() => Processes.RunAsync("pgbench", args, new Dictionary<string, string> { ["PGPASSWORD"] = server.Password ?? string.Empty }));
        // pgbench is a child of this process only while it runs; watch it as soon as it is there.
        var watched = false;
        while (!pgbench.IsCompleted)
        {
            if (!watched && FindChild("pgbench") is { } pid)
            {
                cpu.Watch(pid);
                watched = true;
            }

            await Task.Delay(100);
        }

        var result = await pgbench;
        var use = await cpu.StopAsync();
        clock.Stop();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"pgbench failed: {result.Error}{result.Output}");
        }

        var claims = await world.CountAsync("SELECT count(*) FROM assignments WHERE status = 0");
        var failed = result.Output.Split('\n').FirstOrDefault(l => l.Contains("number of failed transactions", StringComparison.Ordinal));
        return new ClaimRun("(c) raw SQL by pgbench", concurrency, claims, _options.ClaimSeconds, use, 0, failed?.Trim());
    }

    private static int? FindChild(string name)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == name
                        && File.ReadAllText(Path.Combine(dir, "stat")).Split(' ')[3] == Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The pgbench script: the handler's own pick statement (captured from a real claim, parameters written in, the
    /// worker drawn at random) feeding the assignment insert and the unit update, as one statement.
    /// </summary>
    public async Task<string> PgbenchScriptAsync()
    {
        if (_pgbenchScript is not null)
        {
            return _pgbenchScript;
        }

        var pick = ClaimCommands.FirstOrDefault(c => c.Text.Contains("SKIP LOCKED", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Capture a claim first: no statement with SKIP LOCKED was recorded.");
        var captureWorker = world.Workers[^1];
        var inlined = ClaimNextUnitHandler.PickOf(SqlCapture.Inline(pick, p => p.Value is Guid g && g == captureWorker ? "(SELECT id FROM w)" : null));
        var sql = new StringBuilder();
        sql.AppendLine(CultureInfo.InvariantCulture, $"\\set w random(1, {world.Workers.Count - 1})");
        sql.AppendLine("WITH w AS (SELECT id FROM bench_workers WHERE n = :w),");
        sql.AppendLine("pick AS (");
        sql.AppendLine(inlined.Trim().TrimEnd(';'));
        sql.AppendLine("),");
        sql.AppendLine("ins AS (");
        sql.AppendLine("  INSERT INTO assignments (id, unit_id, job_id, worker_id, agent_id, assigned_by, status, lease_minutes, assigned_at, last_activity_at, expires_at)");
        sql.AppendLine(CultureInfo.InvariantCulture, $"  SELECT gen_random_uuid(), u.id, u.job_id, w.id, '{world.Agent.Id}', 2, 0, 30, now(), now(), now() + interval '30 minutes'");
        sql.AppendLine("  FROM pick JOIN work_units u ON u.id = pick.\"Value\" CROSS JOIN w");
        sql.AppendLine("  RETURNING id, unit_id, worker_id)");
        sql.AppendLine("UPDATE work_units u SET status = 2, worker_id = ins.worker_id, assignment_id = ins.id, assigned_at = now()");
        sql.AppendLine("FROM ins WHERE u.id = ins.unit_id;");
        var path = Path.Combine(_options.StateDirectory, "claim.sql");
        await File.WriteAllTextAsync(path, sql.ToString());
        _pgbenchScript = path;
        return path;
    }

    // ---- the driver shared by (a) and (b) ----------------------------------------------------------------------

    private enum Outcome
    {
        Claimed,
        Full,
        Empty,
    }

    /// <summary>
    /// N claimers, each taking the next free worker and claiming until that worker holds 10 units. One second of
    /// warm-up (JIT, connection pools) is not counted; then claims are counted for <see cref="BenchOptions.ClaimSeconds"/>.
    /// </summary>
    private async Task<ClaimRun> DriveAsync(string system, int concurrency, int? seconds, int[] childPids, Func<Guid, int, Task<Outcome>> claim)
    {
        var workers = new ConcurrentQueue<int>(Enumerable.Range(0, world.Workers.Count - 1)); // the last one is kept for the capture
        var warmUp = TimeSpan.FromSeconds(1);
        var measured = TimeSpan.FromSeconds(seconds ?? _options.ClaimSeconds);
        var clock = Stopwatch.StartNew();
        long claims = 0, counted = 0;
        var errors = 0;
        string? firstError = null;
        var empty = false;
        Cpu? cpu = null;
        long countedAtStart = 0;
        var startMark = TimeSpan.Zero;

        var marker = Task.Run(async () =>
        {
            await Task.Delay(warmUp);
            countedAtStart = Interlocked.Read(ref claims);
            startMark = clock.Elapsed;
            cpu = new Cpu(_options.Database, childPids);
        });

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!empty && clock.Elapsed < warmUp + measured && workers.TryDequeue(out var index))
            {
                for (var i = 0; i < Capacity && !empty && clock.Elapsed < warmUp + measured; i++)
                {
                    try
                    {
                        var outcome = await claim(world.Workers[index], index);
                        if (outcome == Outcome.Claimed)
                        {
                            Interlocked.Increment(ref claims);
                        }
                        else if (outcome == Outcome.Empty)
                        {
                            empty = true;
                        }
                        else
                        {
                            break;
                        }
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        Interlocked.Increment(ref errors);
                        firstError ??= e.GetType().Name + ": " + e.Message;
                        break;
                    }
                }
            }
        })));
        await marker;
        var end = clock.Elapsed;
        var use = cpu is null ? new CpuUse(0, 0, 0) : await cpu.StopAsync();
        counted = Interlocked.Read(ref claims) - countedAtStart;
        if (empty)
        {
            report.Fail($"{system} × {concurrency}: the pool ran dry; the rate is over a shorter run");
        }

        var run = new ClaimRun(system, concurrency, counted, (end - startMark).TotalSeconds, use, errors, firstError);
        run = run with { Claims = counted };
        _lastTotalClaims = Interlocked.Read(ref claims);
        return run;
    }

    private long _lastTotalClaims;

    /// <summary>Every successful claim of the last (a)/(b) run, warm-up included: what the double-claim check expects.</summary>
    public long LastTotalClaims => _lastTotalClaims;
}
