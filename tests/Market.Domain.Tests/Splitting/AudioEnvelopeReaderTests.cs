using Market.Domain.Common;
using Market.Domain.Splitting.Audio;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Splitting;

public class AudioEnvelopeReaderTests
{
    private static IEnumerable<int[]> Frames(int count, Func<int, int[]> frame) => Enumerable.Range(0, count).Select(frame);

    [Fact]
    public void ReadWav_SixteenBitMonoSquareWave_GivesItsAmplitudeAsRmsInFiftyMsWindows()
    {
        var wav = WavFile.Pcm(1, 16, 8_000, Frames(8_000, i => [i % 2 == 0 ? 16_384 : -16_384]));

        var envelope = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));

        Assert.Equal(1_000, envelope.DurationMs);
        Assert.Equal(50, envelope.WindowMs);
        Assert.Equal(20, envelope.WindowCount);
        Assert.All(envelope.Rms, r => Assert.Equal(0.5, r, 4));
    }

    [Fact]
    public void ReadWav_SixteenBitMonoFastPath_GivesBitForBitTheEnvelopeOfTheSameSamplesMixedFromStereo()
    {
        // Mono 16-bit is summed as integers; stereo with two equal channels goes through the per-sample double path
        // ((s + s) / 65536 = s / 32768 exactly). Random samples with both extremes, 16 kHz, windows across buffer ends.
        var random = new Random(20261121);
        var samples = Enumerable.Range(0, 16_000 * 7 + 123).Select(i => i % 997 == 0 ? -32_768 : i % 991 == 0 ? 32_767 : random.Next(-32_768, 32_768)).ToArray();
        var mono = WavFile.Pcm(1, 16, 16_000, samples.Select(s => new[] { s }));
        var stereo = WavFile.Pcm(2, 16, 16_000, samples.Select(s => new[] { s, s }));

        var fast = AudioEnvelopeReader.ReadWav(new MemoryStream(mono));
        var reference = AudioEnvelopeReader.ReadWav(new MemoryStream(stereo));

        Assert.Equal(reference.DurationMs, fast.DurationMs);
        Assert.Equal(reference.Rms.ToArray(), fast.Rms.ToArray());
    }

    [Fact]
    public void ReadWav_SixteenBitMonoAtNegativeFullScale_HasAnRmsOfExactlyOne()
    {
        // (-32768)² + (-32768)² = 2³¹ does not fit a signed 32-bit lane: the vectorised sum must not wrap.
        var wav = WavFile.Pcm(1, 16, 16_000, Frames(16_000 + 37, _ => [-32_768]));

        var envelope = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));

        Assert.All(envelope.Rms, r => Assert.Equal(1.0f, r));
    }

    [Fact]
    public void ReadWav_TwentyMinutesOfSyntheticSpeech_KeepsItsEnvelopeAndCutsBitForBit()
    {
        // Pinned from the per-window integer sum before the splitter was vectorised further: any change to how the
        // envelope is computed must leave both the loudness values and the cut points exactly as they were.
        Pause[] pauses = [new(297_000, 700, 0.01), new(611_300, 900, 0.02), new(905_000, 500), new(1_190_000, 1_200, 0.005)];
        var envelope = AudioEnvelopeReader.ReadWav(SyntheticWavStream.Speech(TimeSpan.FromMinutes(20), 16_000, pauses));

        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(envelope.Rms.ToArray().AsSpan())));
        var segments = Market.Domain.Splitting.TranscriptionSplitter.PlanSegments(envelope, Market.Domain.Jobs.TranscriptionSettings.Default(Market.Domain.Jobs.TranscriptionStyle.Verbatim));

        Assert.Equal(24_000, envelope.WindowCount);
                Assert.Equal("B12F6B44B1C074D5F14CC4E9149AB090D0A4E0DD1E019C127DCB71C12F2C1C1E", digest);
        Assert.Equal("0-302125 297125-616425 611425-910125 905125-1200000", string.Join(" ", segments.Select(s => $"{s.StartMs}-{s.EndMs}")));
    }

    [Fact]
    public void ReadWav_StereoInOppositePhase_MixesToSilence()
    {
        var wav = WavFile.Pcm(2, 16, 8_000, Frames(4_000, i => [10_000, -10_000]));

        var envelope = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));

        Assert.All(envelope.Rms, r => Assert.Equal(0, r));
    }

    [Fact]
    public void ReadWav_StereoWithOneSilentChannel_HalvesTheLevel()
    {
        var wav = WavFile.Pcm(2, 16, 8_000, Frames(4_000, i => [i % 2 == 0 ? 16_384 : -16_384, 0]));

        var envelope = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));

        Assert.All(envelope.Rms, r => Assert.Equal(0.25, r, 4));
    }

    [Fact]
    public void ReadWav_EightBitUnsigned_IsCentredOn128()
    {
        var wav = WavFile.Pcm(1, 8, 8_000, Frames(800, i => [i % 2 == 0 ? 64 : -64]));

        var envelope = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));

        Assert.Equal(100, envelope.DurationMs);
        Assert.All(envelope.Rms, r => Assert.Equal(0.5, r, 4));
    }

    [Fact]
    public void ReadWav_TwentyFourBitNegativeSamples_AreSignExtended()
    {
        var wav = WavFile.Pcm(1, 24, 8_000, Frames(800, _ => [-4_194_304]));

        var envelope = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));

        Assert.All(envelope.Rms, r => Assert.Equal(0.5, r, 4));
    }

    [Fact]
    public void ReadWav_WhenWindowIsNotAWholeNumberOfFrames_DoesNotDrift()
    {
        var wav = WavFile.Pcm(1, 16, 22_050, Frames(22_050 * 3, _ => [1_000]));

        var envelope = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));

        Assert.Equal(3_000, envelope.DurationMs);
        Assert.Equal(60, envelope.WindowCount);
    }

    [Fact]
    public void ReadWav_SkipsUnknownChunksIncludingOddSizedOnesWithPadByte()
    {
        var pcm = WavFile.Pcm(1, 16, 8_000, Frames(800, _ => [8_192]));
        var fmt = pcm[12..36];
        var data = pcm[36..];
        byte[] list = [.. WavFile.ChunkHeader("LIST", 3), (byte)'a', (byte)'b', (byte)'c', 0];
        var body = list.Concat(fmt).Concat(data).ToArray();
        byte[] wav = [.. WavFile.Riff((uint)(4 + body.Length)), .. body];

        var envelope = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));

        Assert.Equal(100, envelope.DurationMs);
        Assert.All(envelope.Rms, r => Assert.Equal(0.25, r, 4));
    }

    [Fact]
    public void ReadWav_FromUnseekableStream_GivesTheSameEnvelope()
    {
        var wav = WavFile.Pcm(1, 16, 8_000, Frames(8_000, i => [(i * 37 % 20_000) - 10_000]));

        var seekable = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));
        var unseekable = AudioEnvelopeReader.ReadWav(WavFile.Unseekable(wav));

        Assert.Equal(seekable.Rms, unseekable.Rms);
    }

    [Fact]
    public void ReadPcm16Mono_SameSamplesAsWav_GivesTheSameEnvelope()
    {
        var wav = WavFile.Pcm(1, 16, 16_000, Frames(16_000, i => [(i * 7919 % 30_000) - 15_000]));

        var fromWav = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));
        var fromPcm = AudioEnvelopeReader.ReadPcm16Mono(new MemoryStream(wav[44..]), 16_000);

        Assert.Equal(fromWav.DurationMs, fromPcm.DurationMs);
        Assert.Equal(fromWav.Rms, fromPcm.Rms);
    }

    [Fact]
    public void ReadPcm16Mono_WhenReadsSplitASample_StillDecodesIt()
    {
        var wav = WavFile.Pcm(1, 16, 8_000, Frames(800, _ => [-16_384]));

        var envelope = AudioEnvelopeReader.ReadPcm16Mono(new OneByteAtATimeStream(wav[44..]), 8_000);

        Assert.All(envelope.Rms, r => Assert.Equal(0.5, r, 4));
    }

    [Fact]
    public void ReadPcm16Mono_WhenOddNumberOfBytes_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => AudioEnvelopeReader.ReadPcm16Mono(new MemoryStream(new byte[801]), 8_000));

        Assert.Equal("audio_data_truncated", refusal.Code);
    }

    [Theory]
    [InlineData(4_000)]
    [InlineData(384_000)]
    public void ReadPcm16Mono_WhenSampleRateUnsupported_IsRefused(int rate)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => AudioEnvelopeReader.ReadPcm16Mono(new MemoryStream(new byte[800]), rate));

        Assert.Equal("audio_format_unsupported", refusal.Code);
    }

    [Fact]
    public void ReadPcm16Mono_WhenEmpty_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => AudioEnvelopeReader.ReadPcm16Mono(new MemoryStream([]), 16_000));

        Assert.Equal("audio_empty", refusal.Code);
    }

    [Fact]
    public void ReadPcm16Mono_WhenLongerThanFourHours_IsRefusedWhileStreaming()
    {
        var fourHoursAndASecond = (4L * 3600 + 1) * 8_000 * 2;

        var refusal = Assert.Throws<UnprocessableInputException>(() => AudioEnvelopeReader.ReadPcm16Mono(new ZeroStream(fourHoursAndASecond), 8_000));

        Assert.Equal("audio_too_long", refusal.Code);
    }

    [Fact]
    public void ReadPcm16Mono_WhenASeekableStreamIsLongerThanFourHours_IsRefusedBeforeReading()
    {
        var fourHoursAndASecond = (4L * 3600 + 1) * 8_000 * 2;
        var wav = new SyntheticWavStream(8_000, fourHoursAndASecond / 2, (_, _) => throw new InvalidOperationException("data must not be read"));

        var refusal = Assert.Throws<UnprocessableInputException>(() => AudioEnvelopeReader.ReadPcm16Mono(wav, 8_000));

        Assert.Equal("audio_too_long", refusal.Code);
    }

    [Fact]
    public void ReadWav_WhenHeaderClaimsMoreThanFourHours_IsRefusedBeforeReadingTheData()
    {
        var frames = (4L * 3600 + 1) * 8_000;
        var wav = new SyntheticWavStream(8_000, frames, (_, _) => throw new InvalidOperationException("data must not be read"));

        var refusal = Assert.Throws<UnprocessableInputException>(() => AudioEnvelopeReader.ReadWav(wav));

        Assert.Equal("audio_too_long", refusal.Code);
    }

    [Fact]
    public void ReadWav_WhenFileIsEmpty_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => AudioEnvelopeReader.ReadWav(new MemoryStream([])));

        Assert.Equal("audio_empty", refusal.Code);
    }

    [Fact]
    public void ReadWav_WhenDataChunkIsEmpty_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => AudioEnvelopeReader.ReadWav(new MemoryStream(WavFile.Header(1, 16, 16_000, 0))));

        Assert.Equal("audio_empty", refusal.Code);
    }

    public static TheoryData<string, byte[]> LyingOrTruncatedHeaders()
    {
        var good = WavFile.Pcm(1, 16, 8_000, Enumerable.Range(0, 800).Select(_ => new[] { 1_000 }));
        var data = good[36..];
        byte[] Wav(byte[] fmt, byte[] rest) => [.. WavFile.Riff((uint)(4 + fmt.Length + rest.Length)), .. fmt, .. rest];

        return new TheoryData<string, byte[]>
        {
            { "truncated inside the RIFF header", good[..10] },
            { "truncated inside the format chunk", good[..30] },
            { "truncated before the data chunk", good[..36] },
            { "not RIFF", [.. "RIFX"u8.ToArray(), .. good[4..]] },
            { "not WAVE", [.. good[..8], .. "AVI "u8.ToArray(), .. good[12..]] },
            { "data chunk longer than the file", [.. good[..40], .. BitConverter.GetBytes(1_000_000u), .. good[44..]] },
            { "data cut short by the upload", good[..(good.Length - 100)] },
            { "RIFF size beyond the file", [.. WavFile.Riff(1_000_000), .. good[12..]] },
            { "data before format", [.. WavFile.Riff((uint)(4 + data.Length + 24)), .. data, .. good[12..36]] },
            { "block align contradicts channels", Wav(WavFile.Fmt(1, 1, 8_000, 16_000, 4, 16), data) },
            { "byte rate contradicts sample rate", Wav(WavFile.Fmt(1, 1, 8_000, 44_100, 2, 16), data) },
            { "zero channels", Wav(WavFile.Fmt(1, 0, 8_000, 0, 0, 16), data) },
            { "odd number of bytes for 16-bit frames", [.. WavFile.Header(1, 16, 8_000, 801), .. new byte[801]] },
            { "format chunk too small", [.. WavFile.Riff(4 + 8 + 8), .. WavFile.ChunkHeader("fmt ", 8), .. new byte[8]] },
        };
    }

    [Theory]
    [MemberData(nameof(LyingOrTruncatedHeaders))]
    public void ReadWav_WhenHeaderIsTruncatedOrLies_IsRefusedAsInvalidHeader(string why, byte[] wav)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => AudioEnvelopeReader.ReadWav(new MemoryStream(wav)));

        Assert.True(refusal.Code == "audio_header_invalid", $"{why}: got {refusal.Code} ({refusal.Message})");
    }

    [Fact]
    public void ReadWav_WhenDataIsCutShortOnAnUnseekableStream_IsRefusedWhenTheStreamEnds()
    {
        var good = WavFile.Pcm(1, 16, 8_000, Enumerable.Range(0, 8_000).Select(_ => new[] { 1_000 }));

        var refusal = Assert.Throws<UnprocessableInputException>(() => AudioEnvelopeReader.ReadWav(WavFile.Unseekable(good[..^1000])));

        Assert.Equal("audio_header_invalid", refusal.Code);
        Assert.Contains("ends after", refusal.Message);
    }

    public static TheoryData<string, byte[]> UnsupportedFormats()
    {
        var data = WavFile.Pcm(1, 16, 8_000, Enumerable.Range(0, 800).Select(_ => new[] { 1_000 }))[36..];
        byte[] Wav(byte[] fmt) => [.. WavFile.Riff((uint)(4 + fmt.Length + data.Length)), .. fmt, .. data];

        return new TheoryData<string, byte[]>
        {
            { "IEEE float", Wav(WavFile.Fmt(3, 1, 8_000, 32_000, 4, 32)) },
            { "MPEG layer 3 in WAV", Wav(WavFile.Fmt(0x55, 1, 8_000, 16_000, 2, 16)) },
            { "A-law", Wav(WavFile.Fmt(6, 1, 8_000, 8_000, 1, 8)) },
            { "32-bit integer PCM", Wav(WavFile.Fmt(1, 1, 8_000, 32_000, 4, 32)) },
            { "12-bit PCM", Wav(WavFile.Fmt(1, 1, 8_000, 12_000, 1, 12)) },
            { "six channels", Wav(WavFile.Fmt(1, 6, 8_000, 96_000, 12, 16)) },
            { "4 kHz", Wav(WavFile.Fmt(1, 1, 4_000, 8_000, 2, 16)) },
        };
    }

    [Theory]
    [MemberData(nameof(UnsupportedFormats))]
    public void ReadWav_WhenFormatIsNotSupportedPcm_IsRefusedAsUnsupported(string why, byte[] wav)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => AudioEnvelopeReader.ReadWav(new MemoryStream(wav)));

        Assert.True(refusal.Code == "audio_format_unsupported", $"{why}: got {refusal.Code} ({refusal.Message})");
    }

    [Fact]
    public void ReadWav_WhenExtensibleFormatWithPcmSubFormat_IsAccepted()
    {
        var data = WavFile.Pcm(1, 16, 8_000, Enumerable.Range(0, 800).Select(_ => new[] { 16_384 }))[36..];
        var fmt = new byte[8 + 40];
        WavFile.ChunkHeader("fmt ", 40).CopyTo(fmt, 0);
        WavFile.Fmt(0xFFFE, 1, 8_000, 16_000, 2, 16)[8..].CopyTo(fmt, 8);
        BitConverter.GetBytes((ushort)22).CopyTo(fmt, 8 + 16);
        BitConverter.GetBytes((ushort)16).CopyTo(fmt, 8 + 18);
        BitConverter.GetBytes((ushort)1).CopyTo(fmt, 8 + 24);
        byte[] wav = [.. WavFile.Riff((uint)(4 + fmt.Length + data.Length)), .. fmt, .. data];

        var envelope = AudioEnvelopeReader.ReadWav(new MemoryStream(wav));

        Assert.All(envelope.Rms, r => Assert.Equal(0.5, r, 4));
    }

    [Fact]
    public void ReadWav_OneHourAt16kHz_StreamsInAFewMegabytes()
    {
        var hour = SyntheticWavStream.Speech(TimeSpan.FromHours(1));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var envelope = AudioEnvelopeReader.ReadWav(hour);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(3_600_000, envelope.DurationMs);
        Assert.Equal(72_000, envelope.WindowCount);
        Assert.True(allocated < 4 * 1024 * 1024, $"Reading an hour of audio allocated {allocated:N0} bytes; the samples themselves are 115 MB.");
    }

    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(1, count));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);
    }

    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
