using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Market.Domain.Common;

namespace Market.Domain.Splitting.Audio;

/// <summary>
/// Reads audio as a stream and returns its <see cref="EnergyEnvelope"/>, holding only a small buffer and
/// the envelope itself in memory. Accepts RIFF/WAVE PCM (8, 16 or 24 bit, mono or stereo, stereo mixed
/// to mono) and raw signed 16-bit little-endian mono PCM (what <c>ffmpeg -f s16le -ac 1</c> produces from
/// MP3 or M4A). The WAV header is checked against itself and against the length of the stream.
/// </summary>
public static class AudioEnvelopeReader
{
    private const int BufferSize = 64 * 1024;
    private const ushort FormatPcm = 1;
    private const ushort FormatIeeeFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    public static EnergyEnvelope ReadWav(Stream wav, int windowMs = EnergyEnvelope.DefaultWindowMs)
    {
        ArgumentNullException.ThrowIfNull(wav);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowMs);
        var reader = new ChunkReader(wav);
        var format = ReadHeaderUntilData(reader, out var dataBytes);
        var frames = dataBytes / format.BlockAlign;
        if (frames * 1000 / format.SampleRate > AudioLimits.MaxDurationMs)
        {
            throw AudioLimits.TooLong();
        }

        var builder = new EnvelopeBuilder(format.SampleRate, windowMs);
        var buffer = new byte[BufferSize - (BufferSize % format.BlockAlign)];
        var scratch = new double[buffer.Length / format.BlockAlign];
        var remaining = dataBytes;
        while (remaining > 0)
        {
            var wanted = (int)Math.Min(buffer.Length, remaining);
            var read = reader.ReadFully(buffer.AsSpan(0, wanted));
            if (read < wanted)
            {
                throw HeaderInvalid($"The data chunk claims {dataBytes} bytes but the file ends after {dataBytes - remaining + read}.");
            }

            AddFrames(builder, buffer.AsSpan(0, read), format, scratch);
            remaining -= read;
        }

        return builder.Build();
    }

    public static EnergyEnvelope ReadPcm16Mono(Stream pcm, int sampleRate, int windowMs = EnergyEnvelope.DefaultWindowMs)
    {
        ArgumentNullException.ThrowIfNull(pcm);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowMs);
        if (sampleRate is < AudioLimits.MinSampleRate or > AudioLimits.MaxSampleRate)
        {
            throw Unsupported($"Sample rate {sampleRate} Hz is outside {AudioLimits.MinSampleRate}–{AudioLimits.MaxSampleRate} Hz.");
        }

        if (pcm.CanSeek && (pcm.Length - pcm.Position) / 2 * 1000 / sampleRate > AudioLimits.MaxDurationMs)
        {
            throw AudioLimits.TooLong();
        }

        var format = new PcmFormat(Channels: 1, SampleRate: sampleRate, BitsPerSample: 16);
        var builder = new EnvelopeBuilder(sampleRate, windowMs);
        var buffer = new byte[BufferSize];
        var scratch = new double[BufferSize / 2];
        var carried = 0;
        int read;
        while ((read = pcm.Read(buffer, carried, buffer.Length - carried)) > 0)
        {
            var available = carried + read;
            var whole = available - (available % 2);
            AddFrames(builder, buffer.AsSpan(0, whole), format, scratch);
            carried = available - whole;
            if (carried > 0)
            {
                buffer[0] = buffer[whole];
            }
        }

        if (carried > 0)
        {
            throw new UnprocessableInputException("audio_data_truncated", "The PCM stream ends in the middle of a sample.");
        }

        return builder.Build();
    }

    private static PcmFormat ReadHeaderUntilData(ChunkReader reader, out long dataBytes)
    {
        Span<byte> riff = stackalloc byte[12];
        var got = reader.ReadFully(riff);
        if (got == 0)
        {
            throw new UnprocessableInputException("audio_empty", "The file is empty.");
        }

        if (got < 12 || !riff[..4].SequenceEqual("RIFF"u8) || !riff[8..12].SequenceEqual("WAVE"u8))
        {
            throw HeaderInvalid("The file is not a RIFF/WAVE file.");
        }

        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(riff[4..8]);
        if (reader.Length is { } length && riffSize + 8L > length + 1)
        {
            throw HeaderInvalid($"The RIFF header claims {riffSize + 8L} bytes but the file has {length}.");
        }

        PcmFormat? format = null;
        Span<byte> chunkHeader = stackalloc byte[8];
        while (true)
        {
            if (reader.ReadFully(chunkHeader) < 8)
            {
                throw HeaderInvalid(format is null ? "The file has no format chunk." : "The file has no data chunk.");
            }

            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            if (chunkHeader[..4].SequenceEqual("fmt "u8))
            {
                format = ReadFormat(reader, size);
            }
            else if (chunkHeader[..4].SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw HeaderInvalid("The data chunk comes before the format chunk.");
                }

                dataBytes = size;
                if (dataBytes == 0)
                {
                    throw new UnprocessableInputException("audio_empty", "The recording contains no audio.");
                }

                if (dataBytes % format.BlockAlign != 0)
                {
                    throw HeaderInvalid($"The data chunk ({dataBytes} bytes) is not a whole number of {format.BlockAlign}-byte frames.");
                }

                if (reader.Remaining is { } remaining && dataBytes > remaining)
                {
                    throw HeaderInvalid($"The data chunk claims {dataBytes} bytes but only {remaining} follow it.");
                }

                return format;
            }
            else if (!reader.Skip(size + (size & 1)))
            {
                throw HeaderInvalid("A chunk runs past the end of the file.");
            }
        }
    }

    private static PcmFormat ReadFormat(ChunkReader reader, uint size)
    {
        if (size < 16 || size > 1024)
        {
            throw HeaderInvalid($"The format chunk has an impossible size ({size} bytes).");
        }

        var body = new byte[size + (size & 1)];
        if (reader.ReadFully(body) < body.Length)
        {
            throw HeaderInvalid("The format chunk is truncated.");
        }

        var tag = BinaryPrimitives.ReadUInt16LittleEndian(body);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(2));
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(4));
        var byteRate = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(8));
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(12));
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(14));

        if (tag == FormatExtensible)
        {
            // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID at offset 24.
            if (size < 40)
            {
                throw HeaderInvalid("The extensible format chunk is truncated.");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(24));
        }

        if (tag == FormatIeeeFloat)
        {
            throw Unsupported("Floating-point WAV is not supported; export 16-bit PCM.");
        }

        if (tag != FormatPcm)
        {
            throw Unsupported($"WAV format 0x{tag:X4} is not PCM; export 16-bit PCM.");
        }

        if (channels == 0 || sampleRate == 0 || bits == 0)
        {
            throw HeaderInvalid("The format chunk has zero channels, sample rate or bit depth.");
        }

        if (channels > 2)
        {
            throw Unsupported($"{channels} channels are not supported; use mono or stereo.");
        }

        if (bits is not (8 or 16 or 24))
        {
            throw Unsupported($"{bits}-bit PCM is not supported; use 8, 16 or 24 bit.");
        }

        if (sampleRate is < AudioLimits.MinSampleRate or > AudioLimits.MaxSampleRate)
        {
            throw Unsupported($"Sample rate {sampleRate} Hz is outside {AudioLimits.MinSampleRate}–{AudioLimits.MaxSampleRate} Hz.");
        }

        var format = new PcmFormat(channels, (int)sampleRate, bits);
        if (blockAlign != format.BlockAlign || byteRate != (long)sampleRate * format.BlockAlign)
        {
            throw HeaderInvalid("The format chunk's block align or byte rate contradicts its channels, rate and bit depth.");
        }

        return format;
    }

    private static void AddFrames(EnvelopeBuilder builder, ReadOnlySpan<byte> frames, PcmFormat format, double[] scratch)
    {
        var count = frames.Length / format.BlockAlign;
        var mono = scratch.AsSpan(0, count);
        switch (format.BitsPerSample)
        {
            case 8:
                for (var i = 0; i < count; i++)
                {
                    mono[i] = format.Channels == 1
                        ? (frames[i] - 128) / 128.0
                        : (frames[2 * i] + frames[(2 * i) + 1] - 256) / 256.0;
                }

                break;
            case 16 when format.Channels == 1 && BitConverter.IsLittleEndian:
                // The common case (and what ffmpeg produces): summed as integers, bit-identical to the double path.
                builder.AddPcm16(MemoryMarshal.Cast<byte, short>(frames)[..count]);
                return;
            case 16:
                for (var i = 0; i < count; i++)
                {
                    var offset = i * format.BlockAlign;
                    mono[i] = format.Channels == 1
                        ? BinaryPrimitives.ReadInt16LittleEndian(frames[offset..]) / 32768.0
                        : (BinaryPrimitives.ReadInt16LittleEndian(frames[offset..]) + BinaryPrimitives.ReadInt16LittleEndian(frames[(offset + 2)..])) / 65536.0;
                }

                break;
            default:
                for (var i = 0; i < count; i++)
                {
                    var offset = i * format.BlockAlign;
                    mono[i] = format.Channels == 1
                        ? Int24(frames[offset..]) / 8388608.0
                        : (Int24(frames[offset..]) + Int24(frames[(offset + 3)..])) / 16777216.0;
                }

                break;
        }

        builder.Add(mono);
    }

    private static int Int24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | ((sbyte)bytes[2] << 16);

    private static UnprocessableInputException HeaderInvalid(string message) => new("audio_header_invalid", message);

    private static UnprocessableInputException Unsupported(string message) => new("audio_format_unsupported", message);

    private sealed record PcmFormat(int Channels, int SampleRate, int BitsPerSample)
    {
        public int BlockAlign => Channels * BitsPerSample / 8;
    }

    /// <summary>Reads a stream front to back, knowing its length only when it is seekable.</summary>
    private sealed class ChunkReader(Stream stream)
    {
        private readonly long? _length = stream.CanSeek ? stream.Length - stream.Position : null;
        private long _position;

        public long? Length => _length;

        public long? Remaining => _length - _position;

        public int ReadFully(Span<byte> destination)
        {
            var total = 0;
            while (total < destination.Length)
            {
                var read = stream.Read(destination[total..]);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            _position += total;
            return total;
        }

        public bool Skip(long count)
        {
            if (Remaining is { } remaining)
            {
                if (count > remaining)
                {
                    return false;
                }

                stream.Seek(count, SeekOrigin.Current);
                _position += count;
                return true;
            }

            Span<byte> scratch = stackalloc byte[4096];
            while (count > 0)
            {
                var read = ReadFully(scratch[..(int)Math.Min(scratch.Length, count)]);
                if (read == 0)
                {
                    return false;
                }

                count -= read;
            }

            return true;
        }
    }
}
