using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>
/// What one page asked of the network and where its main frame went, so a wait that times out can say which request
/// the browser was still waiting for and whether the navigation happened at all.
/// </summary>
public sealed class PageNetwork
{
    private static readonly ConditionalWeakTable<IPage, PageNetwork> Pages = [];
    private readonly ConcurrentDictionary<IRequest, long> open = new();
    private readonly ConcurrentQueue<string> history = new();

    public static void Watch(IPage page)
    {
        var network = Pages.GetValue(page, _ => new PageNetwork());
        page.Request += (_, request) => network.open[request] = Stopwatch.GetTimestamp();
        page.RequestFinished += (_, request) => network.Done(request, "finished");
        page.RequestFailed += (_, request) => network.Done(request, "failed: " + request.Failure);
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                network.Remember($"{DateTime.UtcNow:HH:mm:ss.f} main frame navigated to {frame.Url}");
            }
        };
        page.Load += (_, _) => network.Remember($"{DateTime.UtcNow:HH:mm:ss.f} load event");
        page.DOMContentLoaded += (_, _) => network.Remember($"{DateTime.UtcNow:HH:mm:ss.f} DOMContentLoaded");
    }

    /// <summary>The requests the page still waits for and its last navigations and requests, a line each.</summary>
    public static string Describe(IPage page)
    {
        if (!Pages.TryGetValue(page, out var network))
        {
            return "  (page not watched)";
        }

        var now = Stopwatch.GetTimestamp();
        var lines = network.open
            .Select(r => $"  waiting {Stopwatch.GetElapsedTime(r.Value, now).TotalSeconds:F1} s for {r.Key.Method} {r.Key.Url}")
            .Concat(network.history.TakeLast(20).Select(h => "  " + h))
            .ToList();
        return lines.Count == 0 ? "  (no request)" : string.Join('\n', lines);
    }

    private void Done(IRequest request, string how)
    {
        if (open.TryRemove(request, out var started))
        {
            Remember($"{DateTime.UtcNow:HH:mm:ss.f} {request.Method} {request.Url} {how} after {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        }
    }

    private void Remember(string line)
    {
        history.Enqueue(line);
        while (history.Count > 60 && history.TryDequeue(out _))
        {
        }
    }
}
