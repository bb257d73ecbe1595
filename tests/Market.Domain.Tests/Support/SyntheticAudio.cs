using System.Buffers.Binary;

namespace Market.Domain.Tests.Support;

/// <summary>A pause in synthetic speech: [StartMs, StartMs + LengthMs) at a noise level (0 = digital silence).</summary>
internal sealed record Pause(long StartMs, long LengthMs, double Level = 0)
{
    public long EndMs => StartMs + LengthMs;

    public bool Contains(long ms) => ms >= StartMs && ms < EndMs;
}

/// <summary>
/// Deterministic "speech": a 200 Hz tone plus noise, its loudness changing every 180 ms syllable, with a
/// 60 ms stop-consonant closure (digital silence) every 3 s, and real pauses where asked.
/// </summary>
internal sealed class SyntheticSpeech
{
    private const int ToneHz = 200;
    private readonly int _sampleRate;
    private readonly Pause[] _pauses;
    private readonly double[] _tone;
    private readonly double[] _noise = new double[65_536];

    public SyntheticSpeech(int sampleRate, params Pause[] pauses)
    {
        _sampleRate = sampleRate;
        _pauses = pauses;
        _tone = new double[sampleRate / ToneHz];
        for (var i = 0; i < _tone.Length; i++)
        {
            _tone[i] = Math.Sin(2 * Math.PI * i / _tone.Length);
        }

        for (var i = 0; i < _noise.Length; i++)
        {
            _noise[i] = ((Hash((ulong)i) & 0xFFFF) / 32_767.5) - 1.0;
        }
    }

    public void Fill(long firstFrame, Span<short> samples)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var frame = firstFrame + i;
            var ms = frame * 1000 / _sampleRate;
            var noise = _noise[(int)(frame & 0xFFFF)];
            var pause = PauseAt(ms);
            if (pause is not null)
            {
                samples[i] = (short)(noise * pause.Level * 32_767);
            }
            else if (ms % 3_000 < 60)
            {
                samples[i] = 0;
            }
            else
            {
                var loudness = 0.35 + (0.6 * _noise[(int)((ms / 180) & 0xFFFF)] * 0.5) + 0.3;
                samples[i] = (short)(((_tone[frame % _tone.Length] * 0.6) + (noise * 0.4)) * loudness * 0.9 * 32_767);
            }
        }
    }

    private Pause? PauseAt(long ms)
    {
        foreach (var pause in _pauses)
        {
            if (pause.Contains(ms))
            {
                return pause;
            }
        }

        return null;
    }

    private static ulong Hash(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

/// <summary>Fills consecutive 16-bit samples starting at a frame.</summary>
internal delegate void SampleFiller(long firstFrame, Span<short> samples);

/// <summary>
/// A 16-bit mono WAV generated on the fly as it is read, so an hour of audio costs no memory in the test.
/// </summary>
internal sealed class SyntheticWavStream : Stream
{
    private readonly byte[] _header;
    private readonly long _frames;
    private readonly SampleFiller _fill;
    private readonly bool _seekable;
    private readonly short[] _block = new short[8_192];
    private long _position;

    public SyntheticWavStream(int sampleRate, long frames, SampleFiller fill, bool seekable = true)
    {
        _frames = frames;
        _fill = fill;
        _seekable = seekable;
        _header = WavFile.Header(channels: 1, bitsPerSample: 16, sampleRate, dataBytes: frames * 2);
    }

    public static SyntheticWavStream Speech(TimeSpan duration, int sampleRate = 16_000, params Pause[] pauses)
    {
        var speech = new SyntheticSpeech(sampleRate, pauses);
        return new SyntheticWavStream(sampleRate, (long)(duration.TotalSeconds * sampleRate), speech.Fill);
    }

    public override bool CanRead => true;

    public override bool CanSeek => _seekable;

    public override bool CanWrite => false;

    public override long Length => _seekable ? _header.Length + (_frames * 2) : throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = _header.Length + (_frames * 2);
        var written = 0;
        while (written < buffer.Length && _position < total)
        {
            if (_position < _header.Length)
            {
                buffer[written++] = _header[_position++];
                continue;
            }

            var dataOffset = _position - _header.Length;
            var firstFrame = dataOffset / 2;
            var frames = (int)Math.Min(_block.Length, _frames - firstFrame);
            _fill(firstFrame, _block.AsSpan(0, frames));
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(_block.AsSpan(0, frames))[(int)(dataOffset & 1)..];
            var n = Math.Min(bytes.Length, buffer.Length - written);
            bytes[..n].CopyTo(buffer[written..]);
            written += n;
            _position += n;
        }

        return written;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (!_seekable || origin != SeekOrigin.Current)
        {
            throw new NotSupportedException();
        }

        _position += offset;
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Builds small WAV files byte by byte, including ones that lie.</summary>
internal static class WavFile
{
    public static byte[] Header(int channels, int bitsPerSample, int sampleRate, long dataBytes)
    {
        var blockAlign = channels * bitsPerSample / 8;
        return [.. Riff(checked((uint)(4 + 24 + 8 + dataBytes))), .. Fmt(1, channels, sampleRate, sampleRate * blockAlign, blockAlign, bitsPerSample), .. ChunkHeader("data", (uint)dataBytes)];
    }

    public static byte[] Riff(uint size)
    {
        var bytes = new byte[12];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), size);
        "WAVE"u8.CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    public static byte[] Fmt(ushort formatTag, int channels, int sampleRate, int byteRate, int blockAlign, int bitsPerSample)
    {
        var bytes = new byte[24];
        "fmt "u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), formatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)byteRate);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), (ushort)bitsPerSample);
        return bytes;
    }

    public static byte[] ChunkHeader(string id, uint size)
    {
        var bytes = new byte[8];
        System.Text.Encoding.ASCII.GetBytes(id).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), size);
        return bytes;
    }

    /// <summary>A consistent PCM WAV whose frames are given as raw integer samples per channel.</summary>
    public static byte[] Pcm(int channels, int bitsPerSample, int sampleRate, IEnumerable<int[]> frames)
    {
        var data = new List<byte>();
        foreach (var frame in frames)
        {
            foreach (var sample in frame)
            {
                switch (bitsPerSample)
                {
                    case 8: data.Add((byte)(sample + 128)); break;
                    case 16: data.Add((byte)sample); data.Add((byte)(sample >> 8)); break;
                    case 24: data.Add((byte)sample); data.Add((byte)(sample >> 8)); data.Add((byte)(sample >> 16)); break;
                }
            }
        }

        return [.. Header(channels, bitsPerSample, sampleRate, data.Count), .. data];
    }

    /// <summary>A stream that hides its length, like an upload read straight from the network.</summary>
    public static Stream Unseekable(byte[] bytes) => new UnseekableStream(bytes);

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
