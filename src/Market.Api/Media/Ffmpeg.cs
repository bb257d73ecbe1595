using System.Diagnostics;
using Market.Domain.Common;
using Market.Domain.Splitting.Audio;

namespace Market.Api.Media;

/// <summary>
/// Audio work done by ffmpeg (Debian package, installed by ./market): decoding MP3/M4A for analysis and cutting a
/// unit's segment into a small speech-bitrate file for a rural line.
/// </summary>
public sealed class Ffmpeg(ILogger<Ffmpeg> logger)
{
    public const int AnalysisSampleRate = 16_000;

    /// <summary>Decodes any supported recording to 16 kHz mono PCM and reduces it to its loudness envelope, streaming.</summary>
    public async Task<EnergyEnvelope> EnvelopeOfAsync(string path, CancellationToken cancellationToken)
    {
        using var process = Start(["-v", "error", "-nostdin", "-i", path, "-vn", "-ac", "1", "-ar", AnalysisSampleRate.ToString(), "-f", "s16le", "pipe:1"]);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        EnergyEnvelope envelope;
        try
        {
            envelope = await Task.Run(() => AudioEnvelopeReader.ReadPcm16Mono(process.StandardOutput.BaseStream, AnalysisSampleRate), cancellationToken);
        }
        catch (UnprocessableInputException)
        {
            Kill(process);
            throw;
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            logger.LogWarning("ffmpeg could not decode a recording (exit {ExitCode}): {Error}", process.ExitCode, Truncate(await stderr));
            throw new UnprocessableInputException("audio_decode_failed", "The recording could not be decoded; it may be damaged or not really audio.");
        }

        return envelope;
    }

    /// <summary>Cuts [startMs, endMs) to a 32 kbit/s mono MP3 (16 kHz): a 5-minute segment is about 1.2 MB.</summary>
    public async Task<byte[]> EncodeSegmentAsync(string path, long startMs, long endMs, CancellationToken cancellationToken)
    {
        using var process = Start(
        [
            "-v", "error", "-nostdin", "-ss", Seconds(startMs), "-to", Seconds(endMs), "-i", path, "-vn",
            "-ac", "1", "-ar", "16000", "-c:a", "libmp3lame", "-b:a", "32k", "-fflags", "+bitexact", "-map_metadata", "-1",
            "-f", "mp3", "pipe:1",
        ]);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var output = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || output.Length == 0)
        {
            throw new InvalidOperationException($"ffmpeg failed to cut a segment (exit {process.ExitCode}): {Truncate(await stderr)}");
        }

        return output.ToArray();
    }

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);

    private static Process Start(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ffmpeg is not installed; ./market installs it (apt package ffmpeg).", e);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    private static string Truncate(string text) => text.Length > 500 ? text[..500] : text;
}
