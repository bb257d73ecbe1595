using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Market.Api.Features.Agents.UnitBoard;
using Market.Api.Features.Jobs.GetJob;
using Market.Api.Features.Me.Units;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Bench;

public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors);

/// <summary>
/// Section 4. wrk at a fixed concurrency finds each endpoint's saturating rate and its latency there; then an
/// open-loop generator in this process sends requests at half that rate on a fixed schedule (as wrk2 does: latency is
/// counted from when a request was due, so a stall is not hidden) for the p99 at 50 % load. The reference is a bare
/// minimal API returning a constant, started from this project on the same machine.
/// </summary>
public static partial class HttpSection
{
    public const string Name = "http";
    private const int Connections = 16;

    public static async Task RunAsync(World world, Report report, Func<Task<ChildServer>> startApi)
    {
        var options = world.Options;
        var poolJob = await world.LargePoolAsync();
        var boardJob = await world.BoardJobAsync();
        var units = await world.CountAsync("SELECT count(*) FROM work_units");

        await using var api = await startApi();
        var workerToken = await world.Host.TokenForAsync(world.WebWorkerId);
        var clientToken = await world.Host.TokenForAsync(world.ClientUserId);
        await world.WebWorkerHoldsUnitsAsync(api, workerToken);

        await using var bare = await ChildServer.StartAsync("bare endpoint", typeof(BareServer).Assembly.Location, "http://127.0.0.1:" + FreePort(), "/health",
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, AppContext.BaseDirectory, "bare");

        var targets = new (string Name, string Url, string? Token)[]
        {
            ("bare endpoint (constant JSON)", bare.Url + "/constant", null),
            ("GET /api/v1/me/units (10 units in hand)", api.Url + "/api/v1/me/units", workerToken),
            ($"GET /api/v1/jobs/{{id}} ({options.BoardUnits:#,0}-unit job)", api.Url + $"/api/v1/jobs/{boardJob}", clientToken),
            ($"GET /api/v1/jobs/{{id}} ({options.LargeUnits:#,0}-unit job)", api.Url + $"/api/v1/jobs/{poolJob}", clientToken),
        };

        var results = new List<(string Name, LoadResult Saturated, LoadResult Half, LoadResult? FixedRate)>();
        await world.AssignmentHistoryAsync(poolJob);
        foreach (var (name, url, token) in targets)
        {
            Console.WriteLine($"  {name}");
            await WrkAsync(url, token, 2, Connections / 4); // warm-up: JIT and pools of the server
            var saturated = await WrkAsync(url, token, options.HttpSeconds, Connections);
            var half = await WrkAsync(url, token, options.HttpSeconds, Connections / 2);
            // Open loop at half the saturating rate, where this process can send that many requests (not the bare endpoint's thousands).
            LoadResult? fixedRate = saturated.RequestsPerSecond / 2 <= MaxOpenLoopRate
                ? await FixedRateAsync(url, token, saturated.RequestsPerSecond / 2, options.HttpSeconds)
                : null;
            Console.WriteLine($"    saturated {saturated.RequestsPerSecond:0} req/s p50 {saturated.P50Ms:0.0} ms p99 {saturated.P99Ms:0.0} ms; half the connections {half.RequestsPerSecond:0} req/s p99 {half.P99Ms:0.0} ms; fixed half rate p99 {fixedRate?.P99Ms:0.0} ms");
            results.Add((name, saturated, half, fixedRate));
        }

        var reference = results[0];
        foreach (var (name, saturated, _, _) in results.Skip(1))
        {
            report.Add(new Comparison(Name, $"{name}: saturating rate", saturated.RequestsPerSecond, "req/s", "bare endpoint", reference.Saturated.RequestsPerSecond, Target.None));
        }

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"The units table holds {units:#,0} rows and `assignments` {await world.CountAsync("SELECT count(*) FROM assignments"):#,0} (live and past leases). Saturation: `wrk -t2 -c{Connections} -d{options.HttpSeconds}s --latency` with the caller's bearer token. Half load, two ways: wrk with half the connections (`-c{Connections / 2}`, closed loop: each connection waits for its answer), and — where this process can send that many requests on a shared 2-core machine (≤ {MaxOpenLoopRate} req/s, so not for the bare endpoint) — an open-loop generator in the bench process sending at exactly 50 % of the saturating rate on a fixed schedule, latency counted from when each request was due (what wrk2 does; wrk2 is not packaged for this OS). Everything (wrk, the servers, PostgreSQL) shares the same 2 cores.");
        sb.AppendLine();
        sb.AppendLine("| endpoint | req/s at saturation | p50 / p99 at saturation | half the connections: req/s, p50 / p99 | fixed 50 % rate: req/s, p50 / p99 | errors | req/s ÷ bare | p99 (half connections) ÷ bare |");
        sb.AppendLine("|---|---:|---|---|---|---:|---:|---:|");
        foreach (var (name, saturated, half, fixedRate) in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {saturated.RequestsPerSecond:#,0} | {saturated.P50Ms:0.0} / {saturated.P99Ms:0.0} ms | {half.RequestsPerSecond:#,0}: {half.P50Ms:0.0} / {half.P99Ms:0.0} ms | {(fixedRate is { } f ? $"{f.RequestsPerSecond:#,0}: {f.P50Ms:0.0} / {f.P99Ms:0.0} ms" : "—")} | {saturated.Errors + half.Errors + (fixedRate?.Errors ?? 0)} | {saturated.RequestsPerSecond / reference.Saturated.RequestsPerSecond:P1} | {half.P99Ms / reference.Half.P99Ms:0.0}× |");
        }

        report.Section(Name, sb.ToString());
        await PlanChecksAsync(world, poolJob, boardJob);
    }

    /// <summary>EXPLAIN of what the handlers behind these pages send: my units, the job's progress, the unit board.</summary>
    private static async Task PlanChecksAsync(World world, Guid poolJob, Guid boardJob)
    {
        var myUnits = await world.CaptureAsync(world.WebWorkerId, Roles.Worker, world.Agent.Id, new ListMyUnits());
        var list = myUnits.First(c => c.Text.Contains("FROM assignments", StringComparison.Ordinal));
        PlanSection.Add(new Plans.PlanCheck("my units (`ListMyUnits`)", await Plans.ExplainAnalyzeAsync(world.Options.ConnectionString, list),
            ["ix_assignments_worker_id_status"], ["assignments", "work_units", "jobs"]));

        var job = await world.CaptureAsync(world.ClientUserId, Roles.ClientMember, world.Firm.Id, new GetJob(new JobId(poolJob)));
        var progress = job.First(c => c.Text.Contains("count(*)", StringComparison.Ordinal));
        PlanSection.Add(new Plans.PlanCheck($"job progress counts (`GetJob`, {world.Options.LargeUnits:#,0}-unit job)", await Plans.ExplainAnalyzeAsync(world.Options.ConnectionString, progress),
            ["ix_work_units_job_id_status_sequence"], ["work_units"]));

        var board = await world.CaptureAsync(world.OwnerUserId, Roles.AgentOwner, world.Agent.Id, new ListAgentUnits(world.Agent.Id, null, new JobId(boardJob), 1, 50));
        foreach (var statement in board.Where(c => c.Text.Contains("FROM work_units", StringComparison.Ordinal)))
        {
            var kind = statement.Text.Contains("count(*)", StringComparison.Ordinal) ? "count" : "page";
            PlanSection.Add(new Plans.PlanCheck($"agent unit board, one job (`ListAgentUnits` {kind})", await Plans.ExplainAnalyzeAsync(world.Options.ConnectionString, statement),
                ["ix_work_units_job_id_status_sequence", "ix_work_units_job_id_sequence"], ["work_units"]));
        }
    }

    private const double MaxOpenLoopRate = 500;

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<LoadResult> WrkAsync(string url, string? token, int seconds, int connections)
    {
        var args = new List<string> { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", "10s" };
        if (token is not null)
        {
            args.AddRange(["-H", "Authorization: Bearer " + token]);
        }

        args.Add(url);
        var output = await Processes.RunCheckedAsync("wrk", args);
        var rate = double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = NonOkLine().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        errors += SocketErrors().Matches(output).Sum(e => long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture));
        return new LoadResult(rate, Percentile(output, "50%"), Percentile(output, "99%"), requests, errors);
    }

    private static double Percentile(string wrkOutput, string label)
    {
        var match = Regex.Match(wrkOutput, @"^\s*" + Regex.Escape(label) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonOkLine();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();

    /// <summary>Open-loop load at a fixed rate; latency counted from each request's due time (no coordinated omission).</summary>
    public static async Task<LoadResult> FixedRateAsync(string url, string? token, double rate, int seconds)
    {
        rate = Math.Max(1, rate);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2), UseCookies = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new ConcurrentBag<double>();
        long errors = 0;
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        var total = (long)(rate * seconds);
        for (long i = 0; i < total; i++)
        {
            var due = i / rate;
            var wait = due - clock.Elapsed.TotalSeconds;
            if (wait > 0.001)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait));
            }

            inFlight.Add(SendAsync(due));
        }

        await Task.WhenAll(inFlight);
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = latencies.OrderBy(l => l).ToArray();
        return new LoadResult(sorted.Length / Math.Max(seconds, elapsed - 0.0), At(sorted, 0.50), At(sorted, 0.99), sorted.Length, errors);

        async Task SendAsync(double due)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            try
            {
                using var response = await http.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
            catch (TaskCanceledException)
            {
                Interlocked.Increment(ref errors);
            }

            latencies.Add((clock.Elapsed.TotalSeconds - due) * 1000);
        }
    }

    public static double At(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
