using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Market.Bench;
using Npgsql;

// `Market.Bench bare --urls URL` is the reference server of section 4: a minimal API that returns a constant.
if (args.FirstOrDefault() == "bare")
{
    BareServer.Run(args[1..]);
    return 0;
}

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = ParseOptions(args);
Directory.CreateDirectory(options.StateDirectory);
var total = Stopwatch.StartNew();
var report = new Report();
var machine = await MachineAsync(options);
Console.WriteLine($"bench: {(options.Quick ? "quick" : "full")} run into database {options.Database}; {machine.Summary}");

await RecreateDatabaseAsync(options);
var timings = new List<(string Section, TimeSpan Took)>();
try
{
    await using var host = new ApiHost(options);
    _ = host.Server; // migrations run now
    var clock = Stopwatch.StartNew();
    var world = await World.CreateAsync(host, options);
    timings.Add(("set-up (schema, tenants, load workers)", clock.Elapsed));

    Task<ChildServer> StartApi() => ChildServer.StartAsync("API", Path.Combine(options.RepositoryRoot, "src", "Market.Api", "bin", options.Configuration, "net10.0", "Market.Api.dll"),
        "http://127.0.0.1:" + FreePort(), "/health/ready", host.ChildEnvironment, Path.Combine(options.RepositoryRoot, "src", "Market.Api"));

    async Task Timed(string name, Func<Task> section)
    {
        if (!options.Runs(name))
        {
            return;
        }

        Console.WriteLine($"== {name} ({total.Elapsed:mm\\:ss} elapsed)");
        var started = Stopwatch.StartNew();
        try
        {
            await section();
        }
        catch (Exception e)
        {
            report.Fail($"section {name} stopped: {e.GetType().Name}: {e.Message}");
            report.Section(name, $"**This section stopped with an error:** `{e.GetType().Name}: {e.Message.Split('\n')[0]}`");
            Console.WriteLine(e);
        }

        timings.Add((name, started.Elapsed));
    }

    await Timed(ClaimSection.Name, () => ClaimSection.RunAsync(world, report, StartApi));
    await Timed(SplitSection.Name, () => SplitSection.RunAsync(world, report));
    await Timed(HttpSection.Name, () => HttpSection.RunAsync(world, report, StartApi));
    await Timed(WebSection.Name, () => WebSection.RunAsync(world, report, StartApi));
    await Timed(PayoutSection.Name, () => PayoutSection.RunAsync(world, report));
}
finally
{
    if (!args.Contains("--keep"))
    {
        try
        {
            await DropDatabaseAsync(options);
        }
        catch (NpgsqlException e)
        {
            Console.WriteLine($"bench: could not drop {options.Database}: {e.Message}");
        }
    }
}

machine = machine with { LoadAfter = File.ReadAllText("/proc/loadavg").Split(' ')[0] };
var markdown = Markdown.Write(options, machine, report, timings, total.Elapsed);
if (options.Only.Count == 0 || args.Contains("--out"))
{
    await File.WriteAllTextAsync(options.OutputFile, markdown);
    Console.WriteLine($"bench: wrote {options.OutputFile}");
}
else
{
    var partial = Path.Combine(options.StateDirectory, "benchmarks.partial.md");
    await File.WriteAllTextAsync(partial, markdown);
    Console.WriteLine($"bench: partial run (--only); wrote {partial}");
}

Console.WriteLine($"bench: finished in {total.Elapsed:mm\\:ss}; {report.Comparisons.Count(c => !c.Met)} target(s) missed; {report.Failures.Count} correctness failure(s)");
foreach (var failure in report.Failures)
{
    Console.WriteLine("  " + failure);
}

return report.Failures.Any(f => f.Contains("double-claim", StringComparison.Ordinal) || f.Contains("plan", StringComparison.Ordinal)) ? 1 : 0;

static BenchOptions ParseOptions(string[] args)
{
    string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    var root = Value("--root") ?? FindRoot();
    var baseConnection = Environment.GetEnvironmentVariable("MARKET_BENCH_DB_BASE") is { Length: > 0 } b ? b
        : Environment.GetEnvironmentVariable("MARKET_DB") is { Length: > 0 } m ? m
        : "Host=127.0.0.1;Port=55432;Username=market;Password=market";
    var named = new NpgsqlConnectionStringBuilder(baseConnection).Database;
    var database = Value("--database") ?? (named is { Length: > 0 } && named.Contains("bench", StringComparison.Ordinal) ? named : "furusato_bench");
    return new BenchOptions
    {
        Quick = args.Contains("--quick"),
        BaseConnectionString = baseConnection,
        Database = database,
        RepositoryRoot = root,
        OutputFile = Value("--out") ?? Path.Combine(root, "docs", "benchmarks.md"),
        Only = (Value("--only") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
        Configuration = Value("--configuration") ?? "Release",
    };
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Marketplace.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? Environment.CurrentDirectory;
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task RecreateDatabaseAsync(BenchOptions options)
{
    await DropDatabaseAsync(options);
    await using var connection = await AdminAsync(options);
    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{options.Database}\"", connection);
    await create.ExecuteNonQueryAsync();
}

static async Task DropDatabaseAsync(BenchOptions options)
{
    NpgsqlConnection.ClearAllPools();
    await using var connection = await AdminAsync(options);
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{options.Database}\" WITH (FORCE)", connection);
    await drop.ExecuteNonQueryAsync();
}

static async Task<NpgsqlConnection> AdminAsync(BenchOptions options)
{
    var admin = new NpgsqlConnectionStringBuilder(options.BaseConnectionString) { Database = "postgres", Pooling = false, CommandTimeout = 600, Timeout = 60 }.ConnectionString;
    var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    return connection;
}

static async Task<Machine> MachineAsync(BenchOptions options)
{
    var memory = File.ReadAllLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
    var memoryGb = double.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024;
    var os = File.Exists("/etc/os-release")
        ? File.ReadAllLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? RuntimeInformation.OSDescription
        : RuntimeInformation.OSDescription;
    string postgres;
    await using (var connection = await AdminAsync(options))
    await using (var version = new NpgsqlCommand("SELECT version()", connection))
    {
        postgres = ((string)(await version.ExecuteScalarAsync())!).Split(" on ")[0];
    }

    var cpu = File.ReadAllLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
    return new Machine(Environment.ProcessorCount, memoryGb, $"{os} (kernel {Environment.OSVersion.Version})", RuntimeInformation.FrameworkDescription, postgres, cpu,
        DateTimeOffset.UtcNow, File.ReadAllText("/proc/loadavg").Split(' ')[0], null);
}

public sealed record Machine(int Cores, double MemoryGb, string Os, string Dotnet, string Postgres, string Cpu, DateTimeOffset Date, string LoadBefore, string? LoadAfter)
{
    public string Summary => $"{Cores} cores, {MemoryGb:0.0} GB, {Os}, {Dotnet}, {Postgres}, load {LoadBefore}";
}

/// <summary>Writes docs/benchmarks.md: the machine, every figure beside its reference, and the profiles.</summary>
public static class Markdown
{
    public static string Write(BenchOptions options, Machine machine, Report report, List<(string Section, TimeSpan Took)> timings, TimeSpan total)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Benchmarks");
        sb.AppendLine();
        sb.AppendLine("Written by `./market bench` (" + (options.Quick ? "`--quick` sizes" : "full sizes") + "). Do not edit by hand: run it again. These are benchmarks, not tests: nothing here fails a build,");
        sb.AppendLine("except a double claim or a hot query that stops using its index. Every figure stands beside a reference measured in the same run on the");
        sb.AppendLine("same machine (the physical limit of the same work), and the target is on the **ratio**, because this machine is shared and its absolute");
        sb.AppendLine("speed changes from minute to minute.");
        sb.AppendLine();
        sb.AppendLine("## Machine");
        sb.AppendLine();
        sb.AppendLine("| | |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| cores (`nproc`) | {machine.Cores} ({machine.Cpu}) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| memory | {machine.MemoryGb:0.0} GB |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| OS | {machine.Os} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| .NET | {machine.Dotnet} (Release build) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| PostgreSQL | {machine.Postgres} (the project's cluster from `./market db up`: `shared_buffers = 256MB`, `synchronous_commit = off`) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| date | {machine.Date:yyyy-MM-dd HH:mm} UTC |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| load average (1 min) at start / end | {machine.LoadBefore} / {machine.LoadAfter} — other work shared the machine; compare ratios, not absolute rates |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| run time | {total:mm\\:ss} ({string.Join(", ", timings.Select(t => $"{t.Section} {t.Took:mm\\:ss}"))}) |");
        sb.AppendLine();

        sb.AppendLine("## Summary");
        sb.AppendLine();
        sb.AppendLine("| section | figure | ratio to reference (or the figure, for an absolute ceiling) | target | met |");
        sb.AppendLine("|---|---|---:|---|---|");
        foreach (var c in report.Comparisons)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {Titles.Of(c.Section)} | {c.What} | {(c.Target.Absolute ? $"{Report.Fmt(c.Value)} {c.Unit}" : c.Ratio.ToString("P1", CultureInfo.InvariantCulture))} | {c.Target.Text} | {(c.Met ? "yes" : "**no**")} |");
        }

        foreach (var check in PlanSection.Checks)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {Titles.Of(PlanSection.Name)} | {check.Name} | — | index scan | {(check.Passed ? "yes" : "**no**")} |");
        }

        if (report.Failures.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("**Problems in this run:**");
            sb.AppendLine();
            foreach (var failure in report.Failures)
            {
                sb.AppendLine("- " + failure);
            }
        }

        sb.AppendLine();
        foreach (var section in Titles.Order)
        {
            sb.AppendLine("## " + Titles.Of(section));
            sb.AppendLine();
            var text = report.SectionText(section);
            var table = report.ComparisonTable(section);
            if (section == PlanSection.Name)
            {
                text = string.Join(Environment.NewLine, PlanSection.Checks.Select(c => c.Markdown())) + Environment.NewLine + text;
            }

            if (text.Trim().Length == 0 && table.Length == 0)
            {
                sb.AppendLine("_Not run in this invocation._");
                sb.AppendLine();
                continue;
            }

            if (table.Length > 0)
            {
                sb.AppendLine(table);
            }

            sb.AppendLine(text.Trim());
            sb.AppendLine();
        }

        sb.AppendLine("## Reading and extending");
        sb.AppendLine();
        sb.AppendLine("- Run: `./market bench` (full sizes, under 20 minutes on 2 cores) or `./market bench --quick` (a tenth of the large sizes). `MARKET_DB` may name the server; the bench always works in its own database (`furusato_bench`), created and dropped by the run.");
        sb.AppendLine("- The code is `bench/Market.Bench`; each section is one class. The WAV is generated once with espeak-ng and sox and cached in `.market/bench/`.");
        sb.AppendLine("- The plan checks of the claim and my-units queries are also an automated test: `tests/Market.Api.Tests/Performance/HotQueryPlanTests.cs`.");
        return sb.ToString();
    }
}

public static class Titles
{
    public static readonly string[] Order = [ClaimSection.Name, SplitSection.Name, PayoutSection.Name, HttpSection.Name, WebSection.Name, GrowthSection.Name, PlanSection.Name];

    public static string Of(string section) => section switch
    {
        ClaimSection.Name => "1. Claim throughput",
        SplitSection.Name => "2. Splitting",
        PayoutSection.Name => "3. Payout run at scale",
        HttpSection.Name => "4. API latency under load",
        WebSection.Name => "5. Web pages: time to first byte",
        GrowthSection.Name => "6. Growth",
        PlanSection.Name => "6b. Query plans of the hot queries",
        _ => section,
    };
}
