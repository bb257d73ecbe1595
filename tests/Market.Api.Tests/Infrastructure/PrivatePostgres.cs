using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Market.Api.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster of the test's own (initdb in a temp directory, a free port, trust auth), so a fault
/// test can really stop and start the server without touching the cluster other tests and developers share. Made the
/// way <c>./market db up</c> makes the project cluster: the newest /usr/lib/postgresql/*/bin, and run as the
/// <c>postgres</c> user when the tests run as root (PostgreSQL refuses to run as root).
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _data;
    private readonly string _log;
    private readonly string _bin;

    private PrivatePostgres(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        _data = Path.Combine(root, "data");
        _log = Path.Combine(root, "postgres.log");
        Port = port;
    }

    public int Port { get; }

    /// <summary>The <c>market</c> superuser on this cluster; short timeouts so a stopped server is noticed at once.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "market",
        Password = "market",
        Database = database,
        Timeout = 3,
        CommandTimeout = 30,
        IncludeErrorDetail = true,
    }.ConnectionString;

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = BinDirectory();
        var root = Path.Combine(Path.GetTempPath(), "furusato-faults-" + Guid.NewGuid().ToString("N")[..12]);
        var cluster = new PrivatePostgres(bin, root, FreePort());
        try
        {
            await cluster.InitAsync();
            await cluster.StartServerAsync();
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = cluster.Port, Username = "postgres", Database = "postgres", Pooling = false,
            }.ConnectionString);
            await connection.OpenAsync();
            await using var role = new NpgsqlCommand("CREATE ROLE market LOGIN SUPERUSER PASSWORD 'market'", connection);
            await role.ExecuteNonQueryAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER market", connection);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>A fast shutdown, as an operator's restart does it: open sessions are terminated, the rest refused.</summary>
    public Task StopServerAsync() => PgCtlAsync($"-D {_data} -m fast -w -t 60 stop");

    public Task StartServerAsync() => PgCtlAsync($"-D {_data} -l {_log} -w -t 60 start");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                await PgCtlAsync($"-D {_data} -m immediate -w -t 30 stop");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless; the server itself is stopped above.
            }
        }
    }

    private async Task InitAsync()
    {
        Directory.CreateDirectory(_data);
        await File.WriteAllTextAsync(CommandsLog, "");
        await File.WriteAllTextAsync(_log, "");
        if (RunningAsRoot)
        {
            await RunAsync($"chown -R postgres:postgres {_root} && chmod 700 {_data}", asPostgres: false);
        }

        await RunAsync($"{_bin}/initdb -D {_data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8", asPostgres: true);
        await File.AppendAllTextAsync(Path.Combine(_data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            port = {Port}
            unix_socket_directories = '{_root}'
            max_connections = 100
            shared_buffers = 32MB

            """);
    }

    private string CommandsLog => Path.Combine(_root, "commands.log");

    private Task PgCtlAsync(string arguments) => RunAsync($"{_bin}/pg_ctl {arguments}", asPostgres: true);

    private static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>
    /// Runs a shell command (as <c>postgres</c> when we are root), its output into a file: the postmaster pg_ctl leaves
    /// behind must not hold a pipe of ours open.
    /// </summary>
    private async Task RunAsync(string command, bool asPostgres)
    {
        var line = $"{command} >>{CommandsLog} 2>&1";
        var info = RunningAsRoot && asPostgres
            ? new ProcessStartInfo("su") { ArgumentList = { "postgres", "-s", "/bin/bash", "-c", line } }
            : new ProcessStartInfo("/bin/bash") { ArgumentList = { "-c", line } };
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            var said = File.Exists(CommandsLog) ? await File.ReadAllTextAsync(CommandsLog) : "";
            var log = File.Exists(_log) ? await File.ReadAllTextAsync(_log) : "";
            throw new InvalidOperationException($"'{command}' failed ({process.ExitCode}):\n{said}\n{log}");
        }
    }

    private static string BinDirectory()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version(int.TryParse(Path.GetFileName(d), out var major) ? major : 0, 0)))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderBy(d => d.Version)
                .Select(d => d.Dir)
                .LastOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql/*/bin; ./market test installs them.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
