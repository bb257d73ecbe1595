using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Market.Api.Tests.Infrastructure;

/// <summary>
/// The real API as an operating-system process of its own (<c>dotnet Market.Api.dll</c> from the API project's build
/// output, the test's configuration), so a fault test can SIGKILL it mid-request; nothing of it survives in the test
/// process. Settings as <see cref="MarketApiFactory"/> sets them, through environment variables. Disposing kills
/// whatever is still running.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    /// <summary>The <c>application_name</c> of the process's database sessions, to find them in pg_stat_activity.</summary>
    public const string ApplicationName = "market-api-under-test";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Its standard output and error so far, for a failure message.</summary>
    public string Output => string.Join('\n', _output.TakeLast(80));

    public static async Task<ApiProcess> StartAsync(string connectionString, string blobRoot)
    {
        var dll = ApiAssemblyPath();
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        info.Environment["ASPNETCORE_URLS"] = address.ToString();
        var named = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName }.ConnectionString;
        foreach (var (key, value) in ApiTestSettings.For(named, blobRoot))
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";

        var process = new Process { StartInfo = info };
        var api = new ApiProcess(process, address);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) api._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) api._output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>SIGKILL, as the kernel's OOM killer or a pulled plug ends it: no shutdown code of its own runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API process exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The API process was not ready within {timeout}:\n{Output}");
    }

    /// <summary>
    /// src/Market.Api/bin/&lt;configuration&gt;/net10.0/Market.Api.dll of this checkout, the configuration the tests were
    /// built in (Debug locally, Release under <c>./market test</c>).
    /// </summary>
    private static string ApiAssemblyPath()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent?.Name ?? "Debug";
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Marketplace.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No Marketplace.sln above {AppContext.BaseDirectory}: cannot find the API to start.");
        }

        var dll = Path.Combine(root.FullName, "src", "Market.Api", "bin", configuration, framework, "Market.Api.dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} is missing: build the solution in {configuration} first (dotnet build Marketplace.sln -c {configuration}).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
