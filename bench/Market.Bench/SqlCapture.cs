using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Market.Bench;

/// <summary>One SQL command a handler sent, with its parameters and how long the database took.</summary>
/// <param name="FinishedAt">when the statement finished, counted from the start of the capture</param>
public sealed record CapturedCommand(string Text, IReadOnlyList<NpgsqlParameter> Parameters, TimeSpan Duration, TimeSpan FinishedAt = default)
{
    public NpgsqlCommand ToCommand(NpgsqlConnection connection, string prefix = "")
    {
        var command = new NpgsqlCommand(prefix + Text, connection);
        foreach (var parameter in Parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        return command;
    }

    public string FirstLine => Text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
}

/// <summary>
/// Records the SQL that EF Core sends inside a block of code (through EF's DiagnosticListener, so the API's own
/// configuration is untouched): which statements a handler runs, in what order, and how long each took. The plan
/// checks EXPLAIN exactly these statements, so they follow the handlers when the queries change.
/// </summary>
public sealed class SqlCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly AsyncLocal<(List<CapturedCommand> Commands, long Started)?> Sink = new();
    private static readonly SqlCapture Instance = new();
    private static int _subscribed;

    public static IDisposable Begin(List<CapturedCommand> sink)
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 0)
        {
            DiagnosticListener.AllListeners.Subscribe(Instance);
        }

        Sink.Value = (sink, Stopwatch.GetTimestamp());
        return new End();
    }

    private sealed class End : IDisposable
    {
        public void Dispose() => Sink.Value = null;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            value.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name);
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (Sink.Value is { } sink && value.Value is CommandExecutedEventData executed)
        {
            lock (sink.Commands)
            {
                sink.Commands.Add(new CapturedCommand(executed.Command.CommandText, Clone(executed.Command), executed.Duration, Stopwatch.GetElapsedTime(sink.Started)));
            }
        }
    }

    private static List<NpgsqlParameter> Clone(DbCommand command) =>
        command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList();

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    /// <summary>The statement with its parameters written in as literals (for pgbench and for the report).</summary>
    public static string Inline(CapturedCommand command, Func<NpgsqlParameter, string?>? replace = null)
    {
        var text = command.Text;
        // Longest names first, so @p1 does not eat the start of @p10.
        foreach (var parameter in command.Parameters.OrderByDescending(p => p.ParameterName.Length))
        {
            var name = parameter.ParameterName.StartsWith('@') ? parameter.ParameterName : "@" + parameter.ParameterName;
            text = text.Replace(name, replace?.Invoke(parameter) ?? Literal(parameter.Value), StringComparison.Ordinal);
        }

        return text;
    }

    public static string Literal(object? value) => value switch
    {
        null or DBNull => "NULL",
        Guid g => $"'{g}'::uuid",
        bool b => b ? "true" : "false",
        int or long or short => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        DateTimeOffset d => $"'{d.UtcDateTime:O}'::timestamptz",
        DateTime d => $"'{d:O}'::timestamptz",
        int[] a => $"ARRAY[{string.Join(",", a)}]::int[]",
        Guid[] a => $"ARRAY[{string.Join(",", a.Select(g => $"'{g}'"))}]::uuid[]",
        System.Collections.IEnumerable e => "ARRAY[" + string.Join(",", e.Cast<object?>().Select(Literal)) + "]",
        _ => "'" + Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) + "'",
    };

    /// <summary>The statements in order, with the database's time for each and the time spent in .NET before it.</summary>
    public static string Summary(IReadOnlyList<CapturedCommand> commands, TimeSpan? total = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| # | statement (first line) | database time | .NET time before it |");
        sb.AppendLine("|---:|---|---:|---:|");
        for (var i = 0; i < commands.Count; i++)
        {
            var before = commands[i].FinishedAt - commands[i].Duration - (i == 0 ? TimeSpan.Zero : commands[i - 1].FinishedAt);
            var first = commands[i].FirstLine.Replace("|", "\\|", StringComparison.Ordinal);
            if (first.Length > 110)
            {
                first = first[..110] + "…";
            }

            sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {i + 1} | `{first}` | {commands[i].Duration.TotalMilliseconds:0.00} ms | {before.TotalMilliseconds:0.00} ms |");
        }

        if (total is { } all && commands.Count > 0)
        {
            var database = commands.Sum(c => c.Duration.TotalMilliseconds);
            sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"| | **whole request: {all.TotalMilliseconds:0.00} ms** | **{database:0.00} ms** | **{all.TotalMilliseconds - database:0.00} ms** (incl. {(all - commands[^1].FinishedAt).TotalMilliseconds:0.00} ms after the last statement: commit and response) |");
        }

        return sb.ToString();
    }
}
