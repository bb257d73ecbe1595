using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Market.Domain.Jobs;

namespace Market.Api.Seeding;

/// <summary>A spoken line of a recording and where it sits in the audio.</summary>
public sealed record SpokenLine(string Speaker, string Text, long StartMs, long EndMs);

/// <summary>A recording made for the demo: 16-bit mono PCM WAV bytes and its lines with their times.</summary>
public sealed record Recording(string Key, string FileName, byte[] Wav, IReadOnlyList<SpokenLine> Lines, long DurationMs)
{
    private static readonly Regex Fillers = new("(えー|あのー|えっと)、?", RegexOptions.Compiled);

    /// <summary>
    /// What a careful worker types for <c>[startMs, endMs)</c> in the given style: the lines heard, one per line with
    /// the speaker. A line cut off by the segment's edge is typed as far as it is heard, so neighbouring segments
    /// repeat the overlap as real workers do and the assembler has a seam to stitch.
    /// </summary>
    public string TranscriptOf(long startMs, long endMs, TranscriptionStyle style)
    {
        var parts = new List<string>();
        foreach (var line in Lines.Where(l => l.StartMs < endMs && l.EndMs > startMs))
        {
            var text = style == TranscriptionStyle.Verbatim ? line.Text : Fillers.Replace(line.Text, string.Empty);
            var duration = Math.Max(1, line.EndMs - line.StartMs);
            if (line.StartMs < startMs)
            {
                var heard = (int)(text.Length * (line.EndMs - startMs) / duration);
                if (heard >= 8)
                {
                    parts.Add(text[^heard..]);
                }
            }
            else if (line.EndMs > endMs)
            {
                var heard = (int)(text.Length * (endMs - line.StartMs) / duration);
                if (heard >= 8)
                {
                    parts.Add($"{line.Speaker}：{text[..heard]}");
                }
            }
            else
            {
                parts.Add($"{line.Speaker}：{text}");
            }
        }

        return string.Join("\n", parts);
    }
}

/// <summary>
/// Speaks the demo's Japanese scripts with espeak-ng (its Japanese voice reads kana; the kanji text is what the
/// transcript says), a pitch per speaker and a pause between lines, at 11,025 Hz. Each line is cached in the temp
/// directory, so only the first load of a machine pays for the speech. Without espeak-ng a humming stand-in of the
/// same rhythm is used, so the demo still loads.
/// </summary>
public sealed class SpeechRecorder(ILogger logger)
{
    public const int SampleRate = 11_025;
    private const int EspeakRate = 22_050;
    private const int WordsPerMinute = 110;
    private const int LeadInMs = 600;

    private static readonly string CacheDirectory = Path.Combine(Path.GetTempPath(), "furusato-seed-speech");
    private bool? _espeakAvailable;

    public async Task<IReadOnlyDictionary<string, Recording>> RecordAllAsync(IReadOnlyList<SpeechSpec> specs, CancellationToken cancellationToken)
    {
        var byKey = specs.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var scripts = specs.Select(s => (Spec: s, Lines: LinesOf(s, byKey))).ToList();
        var distinct = scripts.SelectMany(s => s.Lines).DistinctBy(l => l.CacheKey).ToList();
        var pcm = new System.Collections.Concurrent.ConcurrentDictionary<string, short[]>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            distinct,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellationToken },
            async (line, ct) => pcm[line.CacheKey] = await SpeakAsync(line, ct));
        return scripts.ToDictionary(s => s.Spec.Key, s => Assemble(s.Spec, s.Lines, pcm), StringComparer.Ordinal);
    }

    private sealed record Utterance(string Speaker, string Text, string Kana, int Pitch)
    {
        public string CacheKey { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{WordsPerMinute}|{Pitch}|{Kana}")))[..32];
    }

    private static List<Utterance> LinesOf(SpeechSpec spec, IReadOnlyDictionary<string, SpeechSpec> all)
    {
        if (spec.RemixOf is { Count: > 0 } sources)
        {
            // Alternate between the sources' lines: a recording nobody has transcribed yet only needs to sound right.
            var lists = sources.Select(k => LinesOf(all[k], all)).ToList();
            var mixed = new List<Utterance>();
            for (var i = 0; mixed.Count < 16 && lists.Any(l => i < l.Count); i++)
            {
                mixed.AddRange(lists.Where(l => i < l.Count && i % 2 == lists.IndexOf(l) % 2).Select(l => l[i]));
            }

            return mixed;
        }

        var speakers = spec.Speakers ?? new Dictionary<string, int>();
        return (spec.Lines ?? throw new InvalidOperationException($"Speech '{spec.Key}' has neither lines nor remixOf."))
            .Select(l => new Utterance(l.Speaker, l.Text, l.Kana, speakers.GetValueOrDefault(l.Speaker, 50)))
            .ToList();
    }

    private static Recording Assemble(SpeechSpec spec, IReadOnlyList<Utterance> lines, IReadOnlyDictionary<string, short[]> pcm)
    {
        var samples = new List<short>(SampleRate * 60 * 4);
        var spoken = new List<SpokenLine>(lines.Count);
        samples.AddRange(new short[SampleRate * LeadInMs / 1000]);
        for (var i = 0; i < lines.Count; i++)
        {
            var start = samples.Count * 1000L / SampleRate;
            samples.AddRange(pcm[lines[i].CacheKey]);
            spoken.Add(new SpokenLine(lines[i].Speaker, lines[i].Text, start, samples.Count * 1000L / SampleRate));
            var pauseMs = 2_200 + (Convert.ToInt32(lines[i].CacheKey[..2], 16) % 5 * 150);
            samples.AddRange(new short[SampleRate * pauseMs / 1000]);
        }

        return new Recording(spec.Key, spec.FileName, Wav(samples), spoken, samples.Count * 1000L / SampleRate);
    }

    private async Task<short[]> SpeakAsync(Utterance line, CancellationToken cancellationToken)
    {
        var cached = Path.Combine(CacheDirectory, line.CacheKey + ".pcm");
        if (File.Exists(cached))
        {
            return FromBytes(await File.ReadAllBytesAsync(cached, cancellationToken));
        }

        var samples = await EspeakAsync(line, cancellationToken) ?? Hum(line.Kana);
        Directory.CreateDirectory(CacheDirectory);
        var temp = cached + "." + Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(temp, ToBytes(samples), cancellationToken);
        File.Move(temp, cached, overwrite: true);
        return samples;
    }

    private async Task<short[]?> EspeakAsync(Utterance line, CancellationToken cancellationToken)
    {
        if (_espeakAvailable == false)
        {
            return null;
        }

        var info = new ProcessStartInfo("espeak-ng") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-v", "ja", "-s", WordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "-p", line.Pitch.ToString(System.Globalization.CultureInfo.InvariantCulture), "--stdout", line.Kana })
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            if (_espeakAvailable is null)
            {
                logger.LogWarning("espeak-ng is not installed: the demo recordings hum instead of speaking (./market run installs it).");
            }

            _espeakAvailable = false;
            return null;
        }

        using (process)
        {
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await Task.WhenAll(copy, error);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"espeak-ng failed ({process.ExitCode}): {await error}");
            }

            _espeakAvailable = true;
            return Halve(PcmOfStreamedWav(output.ToArray()));
        }
    }

    /// <summary>espeak-ng streams its WAV with placeholder sizes: the samples are everything after the data chunk's header.</summary>
    private static ReadOnlySpan<byte> PcmOfStreamedWav(byte[] wav)
    {
        var data = wav.AsSpan().IndexOf("data"u8);
        if (wav.Length < 44 || !wav.AsSpan(0, 4).SequenceEqual("RIFF"u8) || data < 0
            || BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)) != EspeakRate)
        {
            throw new InvalidOperationException("espeak-ng did not produce 22,050 Hz PCM WAV.");
        }

        var pcm = wav.AsSpan(data + 8);
        return pcm[..(pcm.Length - (pcm.Length % 2))];
    }

    /// <summary>22,050 Hz to 11,025 Hz by averaging pairs: plenty for speech, half the bytes on a rural line.</summary>
    private static short[] Halve(ReadOnlySpan<byte> pcm)
    {
        var result = new short[pcm.Length / 4];
        for (var i = 0; i < result.Length; i++)
        {
            var a = BinaryPrimitives.ReadInt16LittleEndian(pcm[(i * 4)..]);
            var b = BinaryPrimitives.ReadInt16LittleEndian(pcm[((i * 4) + 2)..]);
            result[i] = (short)((a + b) / 2);
        }

        return result;
    }

    /// <summary>The stand-in without a speech engine: one soft tone per kana, so the rhythm and the pauses stay.</summary>
    private static short[] Hum(string kana)
    {
        var morae = kana.Count(c => c is >= '\u3041' and <= '\u30FF');
        var perMora = SampleRate * 130 / 1000;
        var result = new short[Math.Max(1, morae) * perMora];
        for (var m = 0; m < Math.Max(1, morae); m++)
        {
            var frequency = 160 + (m * 37 % 90);
            for (var i = 0; i < perMora; i++)
            {
                var envelope = Math.Sin(Math.PI * i / perMora);
                result[(m * perMora) + i] = (short)(6_000 * envelope * Math.Sin(2 * Math.PI * frequency * i / SampleRate));
            }
        }

        return result;
    }

    private static byte[] Wav(List<short> samples)
    {
        var dataBytes = samples.Count * 2;
        var wav = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), dataBytes);
        for (var i = 0; i < samples.Count; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(44 + (i * 2)), samples[i]);
        }

        return wav;
    }

    private static byte[] ToBytes(short[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
        }

        return bytes;
    }

    private static short[] FromBytes(byte[] bytes)
    {
        var samples = new short[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2));
        }

        return samples;
    }
}
