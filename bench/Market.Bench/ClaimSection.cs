using System.Globalization;
using System.Text;
using Market.Api.Features.Me.Units;

namespace Market.Bench;

/// <summary>Section 1 (claim throughput against pgbench) and the claim half of section 6 (growth).</summary>
public static class ClaimSection
{
    public const string Name = "claims";

    /// <summary>
    /// What limits (a) and (b) against (c), from the runs' own CPU figures: on a machine whose cores are all busy, the
    /// rates stand in about the inverse ratio of the CPU each claim costs, so the CPU split says where the difference is.
    /// </summary>
    private static string WhatLimits(IReadOnlyList<ClaimRun> runs)
    {
        var text = new StringBuilder("**What limits the claim.** ");
        foreach (var concurrency in new[] { 16, 64 })
        {
            ClaimRun Of(string prefix) => runs.Single(r => r.System.StartsWith(prefix, StringComparison.Ordinal) && r.Concurrency == concurrency);
            double Ms(double seconds, ClaimRun run) => run.Claims <= 0 ? 0 : seconds * 1000 / run.Claims;
            var (a, b, c) = (Of("(a)"), Of("(b)"), Of("(c)"));
            var cpuC = Ms(c.Cpu.Total, c);
            text.Append(CultureInfo.InvariantCulture,
                $"With {concurrency} workers a claim through the handler costs {Ms(a.Cpu.Total, a):0.00} ms of CPU ({Ms(a.Cpu.Self, a):0.00} ms in .NET, {Ms(a.Cpu.Database, a):0.00} ms in PostgreSQL) and over HTTP {Ms(b.Cpu.Total, b):0.00} ms ({Ms(b.Cpu.Children, b):0.00} ms in the API process, {Ms(b.Cpu.Database, b):0.00} ms in PostgreSQL), against {cpuC:0.00} ms for pgbench's ({Ms(c.Cpu.Database, c):0.00} ms in PostgreSQL): with every core busy the handler can reach at most about {cpuC / Math.Max(0.001, Ms(a.Cpu.Total, a)):P0} of pgbench's rate and HTTP {cpuC / Math.Max(0.001, Ms(b.Cpu.Total, b)):P0}. ");
        }

        text.Append("The handler sends two statements where pgbench sends one: the worker read (a compiled query: profile, units held, valid certifications), then the claim itself — the pick, the unit's update, the assignment and the audit entry in one statement that PostgreSQL commits on its own, so the unit stays locked for that statement only, as in pgbench (ADR 0047); over HTTP the rate-limit counter is a third. The .NET share is EF Core (the compiled read, the raw claim's parameters and row), the DI scope and MediatR pipeline per claim, and over HTTP Kestrel, the bearer token and JSON. The statements are prepared and the pick reads one index range (ADR 0046); the profile below shows where one claim's time goes.");
        return text.AppendLine().ToString();
    }

    private static double PerCpuSecond(ClaimRun run) => run.Cpu.Total <= 0 ? 0 : run.Claims / run.Cpu.Total;

    private static double CpuPerClaimMs(ClaimRun run) => run.Claims <= 0 ? 0 : run.Cpu.Total * 1000 / run.Claims;

    /// <summary>
    /// A quick look while working on the claim (<c>MARKET_BENCH_CLAIM_PROBE=a</c>, or <c>ab</c> with HTTP, and
    /// <c>--only claims</c>): one 100,000-unit pool, (a) and (c) — and (b) — at 16 and 64 workers twice, printed only.
    /// About 1.5 minutes instead of the section's 2.5; the report is not written from it.
    /// </summary>
    private static async Task ProbeAsync(World world, ClaimBench bench, Func<Task<ChildServer>> startApi, bool withHttp)
    {
        await bench.CreatePoolAsync(100_000);
        world.PoolJobId = bench.PoolJobId;
        await bench.CaptureOneClaimAsync(world.Workers[^1]);
        await bench.WarmUpInProcessAsync();
        await using var api = withHttp ? await startApi() : null;
        if (api is not null)
        {
            await bench.WarmUpHttpAsync(api);
        }

        for (var round = 0; round < 2; round++)
        {
            foreach (var workers in new[] { 16, 64 })
            {
                await bench.ResetAsync();
                var a = await bench.InProcessAsync(workers);
                await bench.ResetAsync();
                var c = await bench.PgbenchAsync(workers);
                Console.WriteLine($"probe {workers} workers: (a) {a.PerSecond:0}/s = {a.PerSecond / c.PerSecond:P1} of (c) {c.PerSecond:0}/s; (a) {a.Cpu.PerOperation(a.Claims)}; (c) {c.Cpu.PerOperation(c.Claims)}");
                if (api is not null)
                {
                    await bench.ResetAsync();
                    var b = await bench.HttpAsync(api, workers);
                    Console.WriteLine($"probe {workers} workers: (b) {b.PerSecond:0}/s = {b.PerSecond / c.PerSecond:P1} of (c); (b) {b.Cpu.PerOperation(b.Claims)}");
                }
            }
        }

        await bench.ResetAsync();
    }

    public static async Task RunAsync(World world, Report report, Func<Task<ChildServer>> startApi)
    {
        var options = world.Options;
        var bench = new ClaimBench(world, report);
        var sizes = new[] { options.GrowthBase * 10, options.GrowthBase * 100, options.GrowthBase * 1_000 };
        var growth = new List<(int Units, ClaimRun A, ClaimRun C)>();
        var runs = new List<(ClaimRun Run, string Check)>();

        if (Environment.GetEnvironmentVariable("MARKET_BENCH_CLAIM_PROBE") is { Length: > 0 } probe)
        {
            await ProbeAsync(world, bench, startApi, withHttp: probe.Contains('b', StringComparison.Ordinal));
            return;
        }

        Console.WriteLine($"claims: pool of {sizes[0]:#,0} units");
        await bench.CreatePoolAsync(sizes[0]);
        world.PoolJobId = bench.PoolJobId;
        await bench.CaptureOneClaimAsync(world.Workers[^1]);
        await bench.WarmUpInProcessAsync();

        foreach (var units in sizes)
        {
            await bench.GrowPoolAsync(units);
            await bench.ResetAsync();
            var a = await bench.InProcessAsync(16);
            var checkA = await bench.CheckNoDoubleClaimsAsync($"(a) × 16 at {units:#,0} units", bench.LastTotalClaims);
            Console.WriteLine($"  {units,9:#,0} units (a) × 16: {a.PerSecond:0} claims/s; {checkA}");
            await bench.ResetAsync();
            var c = await bench.PgbenchAsync(16);
            var checkC = await bench.CheckNoDoubleClaimsAsync($"(c) × 16 at {units:#,0} units", -1);
            Console.WriteLine($"  {units,9:#,0} units (c) × 16: {c.PerSecond:0} claims/s; {checkC}");
            growth.Add((units, a, c));
            if (units == sizes[^1])
            {
                runs.Add((a, checkA));
                runs.Add((c, checkC));
            }
        }

        // The comparison at the largest size: (a) and (c) at 16 come from the last growth step.
        await bench.ResetAsync();
        var a64 = await bench.InProcessAsync(64);
        runs.Add((a64, await bench.CheckNoDoubleClaimsAsync("(a) × 64", bench.LastTotalClaims)));
        await bench.ResetAsync();
        var c64 = await bench.PgbenchAsync(64);
        runs.Add((c64, await bench.CheckNoDoubleClaimsAsync("(c) × 64", -1)));

        await using (var api = await startApi())
        {
            await bench.WarmUpHttpAsync(api);
            foreach (var concurrency in new[] { 16, 64 })
            {
                await bench.ResetAsync();
                var b = await bench.HttpAsync(api, concurrency);
                runs.Add((b, await bench.CheckNoDoubleClaimsAsync($"(b) × {concurrency}", bench.LastTotalClaims)));
            }
        }

        // Leave one claim's worth of state for the plan check, then put the pool back for the other sections.
        await bench.ResetAsync();
        var commands = await bench.CaptureOneClaimAsync(world.Workers[^1]);
        var pick = commands.First(c => c.Text.Contains("SKIP LOCKED", StringComparison.Ordinal));
        var plan = await Plans.ExplainAnalyzeAsync(options.ConnectionString, pick with { Text = ClaimNextUnitHandler.PickOf(pick.Text) });
        PlanSection.Add(new Plans.PlanCheck("claim (the handler's pick statement, 1,000× pool)", plan, ["ix_work_units_job_id_status_sequence"], ["work_units"]));
        await bench.ResetAsync();

        foreach (var concurrency in new[] { 16, 64 })
        {
            var c = runs.Single(r => r.Run.System.StartsWith("(c)", StringComparison.Ordinal) && r.Run.Concurrency == concurrency).Run;
            var a = runs.Single(r => r.Run.System.StartsWith("(a)", StringComparison.Ordinal) && r.Run.Concurrency == concurrency).Run;
            var b = runs.Single(r => r.Run.System.StartsWith("(b)", StringComparison.Ordinal) && r.Run.Concurrency == concurrency).Run;
            report.Add(new Comparison(Name, $"(a) handler in-process, {concurrency} workers", a.PerSecond, "claims/s", "(c) pgbench", c.PerSecond, Target.AtLeast(0.60)));
            report.Add(new Comparison(Name, $"(b) HTTP with bearer tokens, {concurrency} workers", b.PerSecond, "claims/s", "(c) pgbench", c.PerSecond, Target.AtLeast(0.25)));
            report.Add(new Comparison(Name, $"(a) claims per CPU-second, {concurrency} workers", PerCpuSecond(a), "claims/CPU-s", "(c) pgbench", PerCpuSecond(c), Target.None,
                "All CPU of the run counted (bench process, child API, PostgreSQL backends): the ratio the rates would tend to if CPU rather than waiting for it were the limit."));
            report.Add(new Comparison(Name, $"(b) claims per CPU-second, {concurrency} workers", PerCpuSecond(b), "claims/CPU-s", "(c) pgbench", PerCpuSecond(c), Target.None));
        }

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Pool: one data-entry job of {sizes[^1]:#,0} available units (twinned in pairs) contracted to the benchmark agent; {world.Workers.Count:#,0} load workers who may hold 10 units each. Each run lasts {options.ClaimSeconds} s after 1 s of warm-up; before each run every claimed unit is put back and `work_units` is vacuumed.");
        sb.AppendLine();
        sb.AppendLine("| run | workers | claims | seconds | claims/s | CPU per claim (bench process + child + PostgreSQL) | errors | double-claim check |");
        sb.AppendLine("|---|---:|---:|---:|---:|---|---:|---|");
        foreach (var (run, check) in runs.OrderBy(r => r.Run.Concurrency).ThenBy(r => r.Run.System, StringComparer.Ordinal))
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.System} | {run.Concurrency} | {run.Claims:#,0} | {run.Seconds:0.0} | {run.PerSecond:#,0} | {run.Cpu.PerOperation(run.Claims)} | {run.Errors}{(run.FirstError is null ? string.Empty : " (" + run.FirstError.Replace("|", "/", StringComparison.Ordinal) + ")")} | {check} |");
        }

        sb.AppendLine();
        sb.AppendLine(WhatLimits(runs.Select(r => r.Run).ToList()));
        sb.AppendLine("Profile of one claim through the handler, one claimer alone (the median of five): the statements it sends, recorded from EF Core's diagnostics with the database time EF measured, and the time spent in .NET between them:");
        sb.AppendLine();
        sb.AppendLine(SqlCapture.Summary(commands, bench.ClaimTotal));
        sb.AppendLine("The pgbench script (`.market/bench/claim.sql`) is the handler's own pick statement with its parameters written in and the worker drawn at random, feeding the assignment insert and the unit update in one statement:");
        sb.AppendLine();
        sb.AppendLine("```sql");
        sb.AppendLine(File.ReadAllText(await bench.PgbenchScriptAsync()).Trim());
        sb.AppendLine("```");
        report.Section(Name, sb.ToString());

        var g = new StringBuilder();
        g.AppendLine(CultureInfo.InvariantCulture, $"Claims with 16 workers as the pool grows from 10× to 1,000× a base of {options.GrowthBase:#,0} units. Linear-or-better means the claim rate does not fall as the pool grows (each claim reads one index entry, not the pool).");
        g.AppendLine();
        g.AppendLine("| pool (units) | ×base | (a) claims/s | (a) CPU ms per claim | (a) rate ÷ rate at 10× | (c) claims/s | (c) CPU ms per claim |");
        g.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (units, a, c) in growth)
        {
            var drained = c.Claims >= units * 0.9 ? " (pool drained: capped)" : string.Empty;
            g.AppendLine(CultureInfo.InvariantCulture,
                $"| {units:#,0} | {units / options.GrowthBase:#,0}× | {a.PerSecond:#,0} | {CpuPerClaimMs(a):0.00} | {a.PerSecond / growth[0].A.PerSecond:P0} | {c.PerSecond:#,0}{drained} | {CpuPerClaimMs(c):0.00} |");
        }

        report.Section(GrowthSection.Name, g.ToString());
        var last = growth[^1];
        report.Add(new Comparison(GrowthSection.Name, $"claims/s (a) × 16 at {sizes[^1]:#,0} units (1,000× base)", last.A.PerSecond, "claims/s",
            $"(a) × 16 at {sizes[0]:#,0} units (10× base)", growth[0].A.PerSecond, Target.AtLeast(0.5),
            "Constant (100 %) is linear growth of total work with the pool, i.e. no per-claim cost that grows with the pool. The target (≥ 50 %) allows for the noise of a shared machine and still catches a claim that scans the pool: before the twin check was rewritten, a claim at 100,000 units read the whole table (65 ms) and at 1,000,000 units would have read ten times more."));
        report.Add(new Comparison(GrowthSection.Name, $"CPU per claim (a) at {sizes[^1]:#,0} units", CpuPerClaimMs(last.A), "ms",
            $"(a) at {sizes[0]:#,0} units", CpuPerClaimMs(growth[0].A), Target.AtMost(2.0)));
    }
}

public static class GrowthSection
{
    public const string Name = "growth";
}

/// <summary>Collects the EXPLAIN checks of the hot queries from the sections that run them.</summary>
public static class PlanSection
{
    public const string Name = "plans";

    public static List<Plans.PlanCheck> Checks { get; } = [];

    public static void Add(Plans.PlanCheck check)
    {
        Checks.Add(check);
        Console.WriteLine($"  plan {check.Name}: {(check.Passed ? "index scan" : "NOT an index scan")}");
    }
}
