using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Market.Bench;

/// <summary>Runs the external tools (pgbench, wrk, espeak-ng, sox) and the child servers (API, Web, bare endpoint).</summary>
public static class Processes
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish in time.");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    public static async Task<string> RunCheckedAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var argList = args.ToList();
        var result = await RunAsync(file, argList, env, workingDirectory, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', argList)} exited {result.ExitCode}: {result.Error}{result.Output}");
        }

        return result.Output;
    }

    public static bool Exists(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));

    public static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? string.Empty;
}

/// <summary>A server started as its own process (the real API, the Web, the bare endpoint), stopped at dispose.</summary>
public sealed class ChildServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ChildServer(Process process, string url, string name)
    {
        _process = process;
        Url = url;
        Name = name;
    }

    public string Url { get; }

    public string Name { get; }

    public int Pid => _process.Id;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<ChildServer> StartAsync(string name, string dll, string url, string healthPath, IDictionary<string, string> env, string workingDirectory, params string[] leadingArgs)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in leadingArgs)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url);
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}.");
        var server = new ChildServer(process, url, name);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited at start-up: {server.Log}");
            }

            try
            {
                if ((await http.GetAsync(url + healthPath)).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"{name} did not become healthy at {url}{healthPath}: {server.Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < 200_000)
            {
                _log.AppendLine(line);
            }
        }
    }

    /// <summary>Peak resident memory of the child (VmHWM), in MB.</summary>
    public double PeakMemoryMb() => Cpu.PeakResidentMb(_process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

/// <summary>
/// CPU seconds used by the processes taking part in a run, read from /proc: this process, child servers, pgbench and
/// wrk, and the PostgreSQL backends serving the benchmark database (found by their process title). The machine is
/// shared, so wall-clock rates are noisy; CPU seconds per operation say where the work goes.
/// </summary>
public sealed class Cpu : IAsyncDisposable
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux
    private readonly string _database;
    private readonly Dictionary<int, double> _backendFirst = [];
    private readonly Dictionary<int, double> _backendLast = [];
    private readonly HashSet<int> _notBackends = [];
    private readonly Dictionary<int, (double First, double Last)> _watched = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _poller;
    private double _pollerSeconds;

    public Cpu(string database, params int[] pids)
    {
        _database = database;
        foreach (var pid in pids.Append(Environment.ProcessId))
        {
            var now = Seconds(pid) ?? 0;
            _watched[pid] = (now, now);
        }

        Sample(initial: true);
        // The sampler runs on its own thread and measures itself, so its CPU is not charged to this process's work.
        _poller = new Thread(Poll) { IsBackground = true, Name = "cpu sampler" };
        _poller.Start();
    }

    public void Watch(int pid)
    {
        lock (_watched)
        {
            _watched[pid] = (0, Seconds(pid) ?? 0);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    private void Poll()
    {
        var tid = GetTid();
        var statPath = $"/proc/self/task/{tid}/stat";
        var start = StatSeconds(statPath) ?? 0;
        while (!_stop.IsCancellationRequested)
        {
            Sample(initial: false);
            _pollerSeconds = (StatSeconds(statPath) ?? start) - start;
            _stop.Token.WaitHandle.WaitOne(250);
        }

        _pollerSeconds = (StatSeconds(statPath) ?? start) - start;
    }

    private void Sample(bool initial)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || _notBackends.Contains(pid))
            {
                continue;
            }

            lock (_backendLast)
            {
                if (_backendLast.ContainsKey(pid))
                {
                    if (Seconds(pid) is { } known)
                    {
                        _backendLast[pid] = known;
                    }

                    continue;
                }
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (!cmdline.StartsWith("postgres: ", StringComparison.Ordinal) || !cmdline.Contains(" " + _database + " ", StringComparison.Ordinal))
            {
                _notBackends.Add(pid);
                continue;
            }

            if (Seconds(pid) is not { } seconds)
            {
                continue;
            }

            lock (_backendLast)
            {
                _backendFirst[pid] = initial ? seconds : 0;
                _backendLast[pid] = seconds;
            }
        }

        lock (_watched)
        {
            foreach (var pid in _watched.Keys.ToList())
            {
                if (Seconds(pid) is { } seconds)
                {
                    _watched[pid] = (_watched[pid].First, seconds);
                }
            }
        }
    }

    /// <summary>Stops sampling and returns CPU seconds by who used them (the sampler's own CPU taken out).</summary>
    public async Task<CpuUse> StopAsync()
    {
        await _stop.CancelAsync();
        _poller.Join();
        Sample(initial: false);
        double backends;
        lock (_backendLast)
        {
            backends = _backendLast.Sum(b => b.Value - _backendFirst[b.Key]);
        }

        lock (_watched)
        {
            return new CpuUse(
                Math.Max(0, _watched[Environment.ProcessId].Last - _watched[Environment.ProcessId].First - _pollerSeconds),
                _watched.Where(w => w.Key != Environment.ProcessId).Sum(w => w.Value.Last - w.Value.First),
                backends);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            _poller.Join();
        }

        _stop.Dispose();
    }

    public static double? Seconds(int pid) => StatSeconds($"/proc/{pid}/stat");

    private static double? StatSeconds(string path)
    {
        try
        {
            var stat = File.ReadAllText(path);
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime is field 14, stime 15 → indexes 11 and 12
            return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static double PeakResidentMb(int pid)
    {
        try
        {
            var line = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <param name="Self">this process (the in-process API and/or the load generator)</param>
/// <param name="Children">child servers and tools (the real API, pgbench, wrk)</param>
/// <param name="Database">PostgreSQL backends serving the benchmark database</param>
public sealed record CpuUse(double Self, double Children, double Database)
{
    public double Total => Self + Children + Database;

    public string PerOperation(double operations, string unit = "ms") =>
        operations <= 0
            ? "n/a"
            : string.Create(CultureInfo.InvariantCulture,
                $"{Self * 1000 / operations:0.00} {unit} bench process + {Children * 1000 / operations:0.00} {unit} child process + {Database * 1000 / operations:0.00} {unit} PostgreSQL = {Total * 1000 / operations:0.00} {unit} CPU per operation");
}
