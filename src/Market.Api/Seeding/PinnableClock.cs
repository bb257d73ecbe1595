namespace Market.Api.Seeding;

/// <summary>
/// Tells the time of the clock it wraps, except while <see cref="Pin"/> holds it at a chosen instant. Registered as
/// the <see cref="TimeProvider"/> only when the process loads the demo data (ADR 0037): <see cref="DemoWorld"/> runs
/// the real handlers at instants spread over the last three months, so every row they write (leases, reviews,
/// earnings, audit entries) carries the time the story says, and every time rule is checked against it.
/// </summary>
public sealed class PinnableClock(TimeProvider inner) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _pinned;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _pinned ?? inner.GetUtcNow();
        }
    }

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    /// <summary>The time of the wrapped clock, whatever is pinned.</summary>
    public DateTimeOffset RealNow => inner.GetUtcNow();

    public void Pin(DateTimeOffset at)
    {
        lock (_gate)
        {
            _pinned = at.ToUniversalTime();
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _pinned = null;
        }
    }
}
