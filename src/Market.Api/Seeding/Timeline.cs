namespace Market.Api.Seeding;

/// <summary>
/// The demo's events in time order across every job, so the world is built as it would have happened: an agent's
/// load, a worker's units in hand and the scheduled jobs all see the state of their moment. An event may schedule
/// later ones (a review after a submission); scheduling one in the past of the running event is a story error.
/// </summary>
public sealed class Timeline(ILogger logger)
{
    private readonly PriorityQueue<Event, (DateTimeOffset At, long Order)> _queue = new();
    private long _order;
    private DateTimeOffset _current = DateTimeOffset.MinValue;

    private readonly Dictionary<string, (int Count, TimeSpan Elapsed)> _costs = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    /// <summary>What kinds of event took the time, most expensive first (for whoever makes the demo bigger).</summary>
    public IEnumerable<string> Costs =>
        _costs.OrderByDescending(c => c.Value.Elapsed).Select(c => $"{c.Key} ×{c.Value.Count}: {c.Value.Elapsed.TotalSeconds:0.0} s");

    public void Add(DateTimeOffset at, string label, Func<DateTimeOffset, CancellationToken, Task> run)
    {
        if (at < _current)
        {
            throw new InvalidOperationException($"{label}: scheduled at {at:u}, before the event that scheduled it ({_current:u}).");
        }

        _queue.Enqueue(new Event(at, label, run), (at, _order++));
    }

    public async Task RunAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        while (_queue.TryDequeue(out var next, out _))
        {
            if (next.At >= until)
            {
                throw new InvalidOperationException($"{next.Label}: at {next.At:u}, not before the demo's present ({until:u}).");
            }

            _current = next.At;
            logger.LogDebug("{At:yyyy-MM-dd HH:mm} {Label}", next.At.ToOffset(SeedTimes.JapanOffset), next.Label);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await next.Run(next.At, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidOperationException($"Demo story step failed: {next.Label} at {next.At.ToOffset(SeedTimes.JapanOffset):yyyy-MM-dd HH:mm} JST: {Describe(e)}", e);
            }

            Count++;
            var kind = Kind(next.Label);
            var (count, elapsed) = _costs.GetValueOrDefault(kind);
            _costs[kind] = (count + 1, elapsed + System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>"jobs unit 3: submits" → "submits"; "job step 2 (offer)" → "offer"; "payout run of day -3" → "payout run".</summary>
    private static string Kind(string label)
    {
        var colon = label.LastIndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0)
        {
            return label[(colon + 2)..];
        }

        var open = label.LastIndexOf('(');
        return open >= 0 ? label[(open + 1)..].TrimEnd(')') : string.Join(' ', label.Split(' ').Take(2));
    }

    private static string Describe(Exception e) => e switch
    {
        Domain.Common.DomainRuleException rule => $"{rule.Code}: {rule.Message}",
        Domain.Common.UnprocessableInputException input => $"{input.Code}: {input.Message}",
        FluentValidation.ValidationException validation => string.Join("; ", validation.Errors.Select(f => $"{f.PropertyName}: {f.ErrorMessage}")),
        _ => e.Message,
    };

    private sealed record Event(DateTimeOffset At, string Label, Func<DateTimeOffset, CancellationToken, Task> Run);
}
