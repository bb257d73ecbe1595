using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>
/// What the end-to-end servers (the Web and the API) are working on, and which of their requests took long: a browser
/// wait that times out says whether the server was still busy with the page, and with what, or never got asked.
/// </summary>
public sealed class ServerRequestLog
{
    /// <summary>The one log of the end-to-end servers (one pair per test run, shared by the collection).</summary>
    public static readonly ServerRequestLog Shared = new();

    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<long, OpenRequest> open = new();
    private readonly ConcurrentQueue<string> slow = new();
    private long next;

    public IStartupFilter For(string server) => new Filter(this, server);

    /// <summary>The requests still open and the last slow ones, a line each.</summary>
    public string Describe()
    {
        var now = Stopwatch.GetTimestamp();
        var lines = open.Values
            .Select(r => $"  still open after {Stopwatch.GetElapsedTime(r.Started, now).TotalSeconds:F1} s: {r.Server} {r.Request}")
            .Concat(slow.TakeLast(15).Select(s => "  slow: " + s))
            .ToList();
        return lines.Count == 0 ? "  (no server request open or slow)" : string.Join('\n', lines);
    }

    private sealed record OpenRequest(string Server, string Request, long Started);

    private sealed class Filter(ServerRequestLog log, string server) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                var id = Interlocked.Increment(ref log.next);
                var request = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
                var started = Stopwatch.GetTimestamp();
                log.open[id] = new OpenRequest(server, request, started);
                try
                {
                    await nextMiddleware(context);
                }
                finally
                {
                    log.open.TryRemove(id, out _);
                    var took = Stopwatch.GetElapsedTime(started);
                    if (took >= Slow)
                    {
                        log.slow.Enqueue($"{server} {request} → {context.Response.StatusCode} in {took.TotalSeconds:F1} s (ended {DateTime.UtcNow:HH:mm:ss})");
                        while (log.slow.Count > 50 && log.slow.TryDequeue(out _))
                        {
                        }
                    }
                }
            });
            next(app);
        };
    }
}
