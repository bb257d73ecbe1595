namespace Market.Domain.Splitting.Audio;

/// <summary>
/// The loudness of a recording over time: the RMS of the (mono-mixed, full-scale normalised) samples in
/// consecutive windows of <see cref="WindowMs"/>. The last window may be partial. This is all the
/// splitter needs, so a long recording never has to be held in memory.
/// </summary>
public sealed class EnergyEnvelope
{
    public const int DefaultWindowMs = 50;

    private readonly float[] _rms;

    public EnergyEnvelope(int windowMs, long durationMs, IReadOnlyList<float> rms)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationMs);
        ArgumentNullException.ThrowIfNull(rms);
        var expectedWindows = (durationMs + windowMs - 1) / windowMs;
        if (rms.Count < expectedWindows - 1 || rms.Count > expectedWindows + 1)
        {
            throw new ArgumentException($"{rms.Count} windows of {windowMs} ms do not cover {durationMs} ms.", nameof(rms));
        }

        WindowMs = windowMs;
        DurationMs = durationMs;
        _rms = [.. rms];
    }

    public int WindowMs { get; }

    public long DurationMs { get; }

    public IReadOnlyList<float> Rms => _rms;

    public int WindowCount => _rms.Length;
}
