using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Market.Domain.Common;

namespace Market.Domain.Splitting.Audio;

/// <summary>Accumulates mono samples (full scale ±1.0) into RMS windows, one sample at a time.</summary>
internal sealed class EnvelopeBuilder
{
    private readonly long _sampleRate;
    private readonly int _windowMs;
    private readonly long _maxFrames;
    private readonly List<float> _rms = [];
    private long _frames;
    private long _framesInWindow;
    private double _sumOfSquares;
    private long _windowEndFrame;

    public EnvelopeBuilder(int sampleRate, int windowMs)
    {
        _sampleRate = sampleRate;
        _windowMs = windowMs;
        _maxFrames = AudioLimits.MaxDurationMs * sampleRate / 1000;
        _windowEndFrame = WindowEnd(0);
    }

    /// <summary>Adds mono samples; whole windows are summed in one tight loop.</summary>
    public void Add(ReadOnlySpan<double> samples)
    {
        while (!samples.IsEmpty)
        {
            var take = (int)Math.Min(samples.Length, _windowEndFrame - _frames);
            var sum = 0.0;
            foreach (var sample in samples[..take])
            {
                sum += sample * sample;
            }

            _sumOfSquares += sum;
            _framesInWindow += take;
            _frames += take;
            if (_frames > _maxFrames)
            {
                throw AudioLimits.TooLong();
            }

            if (_frames == _windowEndFrame)
            {
                CloseWindow();
            }

            samples = samples[take..];
        }
    }

    /// <summary>
    /// Adds 16-bit mono samples without converting each to a double first. A window's sum of squares is exact either
    /// way — every (s / 32768)² has at most 30 fractional bits and a window's sum fits in a double's 53 — so summing
    /// s² as integers and scaling once gives bit-for-bit the envelope <see cref="Add"/> would, at several times the
    /// speed (docs/benchmarks.md, section 2).
    /// </summary>
    // Fully optimised from the first call: an upload is read once, and the tier-0 code of the vector loops is ten times slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddPcm16(ReadOnlySpan<short> samples)
    {
        while (!samples.IsEmpty)
        {
            var take = (int)Math.Min(samples.Length, _windowEndFrame - _frames);
            _sumOfSquares += SumOfSquares(samples[..take]) / 1073741824.0; // ÷ 32768², exact
            _framesInWindow += take;
            _frames += take;
            if (_frames > _maxFrames)
            {
                throw AudioLimits.TooLong();
            }

            if (_frames == _windowEndFrame)
            {
                CloseWindow();
            }

            samples = samples[take..];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long SumOfSquares(ReadOnlySpan<short> samples)
    {
        var sum = 0L;
        var i = 0;
        if (Avx2.IsSupported && samples.Length >= Vector256<short>.Count)
        {
            sum = SumOfSquaresAvx2(samples, out i);
        }
        else if (Vector.IsHardwareAccelerated && samples.Length >= Vector<short>.Count)
        {
            var total = Vector<long>.Zero;
            var vectors = MemoryMarshal.Cast<short, Vector<short>>(samples);
            foreach (var vector in vectors)
            {
                Vector.Widen(vector, out Vector<int> low, out Vector<int> high);
                // A square is at most 2^30 and fits an int; two of them may not, so each is widened before adding.
                Vector.Widen(low * low, out Vector<long> a, out Vector<long> b);
                Vector.Widen(high * high, out Vector<long> c, out Vector<long> d);
                total += a + b + c + d;
            }

            sum = Vector.Sum(total);
            i = vectors.Length * Vector<short>.Count;
        }

        for (; i < samples.Length; i++)
        {
            sum += samples[i] * samples[i];
        }

        return sum;
    }

    /// <summary>
    /// vpmaddwd squares sixteen samples and adds neighbouring pairs in one instruction. A pair sums to at most 2^31,
    /// which fits a 32-bit lane only when read as unsigned, so each 64-bit lane is split into its two unsigned halves
    /// before they are added up: still exact, at about a third of the instructions of widening every sample.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long SumOfSquaresAvx2(ReadOnlySpan<short> samples, out int consumed)
    {
        ref var start = ref MemoryMarshal.GetReference(samples);
        var lowHalves = Vector256<long>.Zero;
        var highHalves = Vector256<long>.Zero;
        var mask = Vector256.Create(0xFFFF_FFFFL);
        var i = 0;
        for (var last = samples.Length - (2 * Vector256<short>.Count); i <= last; i += 2 * Vector256<short>.Count)
        {
            var first = Vector256.LoadUnsafe(ref start, (nuint)i);
            var second = Vector256.LoadUnsafe(ref start, (nuint)(i + Vector256<short>.Count));
            var a = Avx2.MultiplyAddAdjacent(first, first).AsInt64();
            var b = Avx2.MultiplyAddAdjacent(second, second).AsInt64();
            lowHalves += (a & mask) + (b & mask);
            highHalves += Vector256.ShiftRightLogical(a, 32) + Vector256.ShiftRightLogical(b, 32);
        }

        if (i <= samples.Length - Vector256<short>.Count)
        {
            var vector = Vector256.LoadUnsafe(ref start, (nuint)i);
            var pairs = Avx2.MultiplyAddAdjacent(vector, vector).AsInt64();
            lowHalves += pairs & mask;
            highHalves += Vector256.ShiftRightLogical(pairs, 32);
            i += Vector256<short>.Count;
        }

        consumed = i;
        return Vector256.Sum(lowHalves + highHalves);
    }

    public EnergyEnvelope Build()
    {
        if (_framesInWindow > 0)
        {
            CloseWindow();
        }

        var durationMs = _frames * 1000 / _sampleRate;
        if (durationMs == 0)
        {
            throw new UnprocessableInputException("audio_empty", "The recording contains no audio.");
        }

        return new EnergyEnvelope(_windowMs, durationMs, _rms);
    }

    // Window k ends at frame ⌊(k+1)·rate·window/1000⌋, so rates like 22 050 Hz, where a window is not a whole
    // number of frames, do not drift.
    private long WindowEnd(long window) => (window + 1) * _sampleRate * _windowMs / 1000;

    private void CloseWindow()
    {
        _rms.Add((float)Math.Sqrt(_sumOfSquares / _framesInWindow));
        _sumOfSquares = 0;
        _framesInWindow = 0;
        _windowEndFrame = WindowEnd(_rms.Count);
    }
}

internal static class AudioLimits
{
    public const long MaxDurationMs = 4L * 60 * 60 * 1000;
    public const int MinSampleRate = 8_000;
    public const int MaxSampleRate = 192_000;

    public static UnprocessableInputException TooLong() =>
        new("audio_too_long", "A recording may be at most 4 hours long; split it into parts first.");
}
