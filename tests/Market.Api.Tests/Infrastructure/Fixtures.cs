using System.Diagnostics;
using System.Text;

namespace Market.Api.Tests.Infrastructure;

/// <summary>
/// Real speech made on the spot with espeak-ng and sox (installed by ./market test), so splitting is tested on
/// actual words and pauses rather than on tones. Files are cached per run in the temp directory.
/// </summary>
public static class Fixtures
{
    private static readonly string Dir = Path.Combine(Path.GetTempPath(), "furusato-fixtures");
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static readonly string[] Sentences =
    [
        "Good morning, everyone, and thank you for joining the regional telework council today.",
        "Our first topic is the transcription work that the prefecture sends to the mountain villages.",
        "Last year, the hubs in the west of the prefecture finished thirty one contracts on time.",
        "Several home workers told us that the audio files were too large for their connections.",
        "So from this spring, every recording will be cut into short pieces before it is sent.",
        "Each piece overlaps its neighbour by a few seconds, so that no sentence is lost at the seam.",
        "The second topic is data entry for the health survey, which contains personal information.",
        "For that work, no worker will ever see a whole record, only one field at a time.",
        "Every record is typed twice, by two different people, and the results are compared.",
        "Where the two entries differ, a reviewer decides which one is correct.",
        "The third topic is payment, which must reach the workers on time every month.",
        "Workers are paid whether or not the client has paid the agent yet.",
        "That promise matters more than anything else to the mothers who work from home.",
        "Finally, we will renew the confidentiality certificates before the end of the year.",
        "Thank you. Let us take questions from the hubs, starting with the north.",
    ];

    /// <summary>About five minutes of English speech at 16 kHz mono, with pauses of 1.5 s between sentences.</summary>
    public static Task<string> SpeechWavAsync() => CachedAsync("speech.wav", async path =>
    {
        var parts = new List<string>();
        for (var i = 0; i < 22; i++)
        {
            var part = Path.Combine(Dir, $"part{i}.wav");
            await RunAsync("espeak-ng", "-v", "en", "-s", "135", "-w", part, Sentences[i % Sentences.Length] + " " + Sentences[(i + 5) % Sentences.Length]);
            parts.Add(part);
        }

        var padded = new List<string>();
        foreach (var part in parts)
        {
            var p = part.Replace(".wav", "-padded.wav", StringComparison.Ordinal);
            await RunAsync("sox", part, "-r", "16000", "-c", "1", "-b", "16", p, "pad", "0", "1.5");
            padded.Add(p);
        }

        await RunAsync("sox", [.. padded, path]);
    });

    public static async Task<string> SpeechMp3Async()
    {
        var wav = await SpeechWavAsync(); // outside the gate: CachedAsync is not re-entrant
        return await CachedAsync("speech.mp3", path => RunAsync("ffmpeg", "-v", "error", "-y", "-i", wav, "-ac", "1", "-b:a", "48k", path));
    }

    /// <summary>AAC in an MP4 container, as phones and Windows' Voice Recorder save it.</summary>
    public static async Task<string> SpeechM4aAsync()
    {
        var wav = await SpeechWavAsync();
        return await CachedAsync("speech.m4a", path => RunAsync("ffmpeg", "-v", "error", "-y", "-i", wav, "-ac", "1", "-c:a", "aac", "-b:a", "48k", "-f", "ipod", path));
    }

    public static byte[] ShiftJisCsv(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932).GetBytes(text);
    }

    /// <summary>A survey CSV: header + <paramref name="records"/> rows, with a quoted field holding a comma and a newline.</summary>
    public static string SurveyCsv(int records)
    {
        var builder = new StringBuilder("氏名,住所,電話番号,備考\r\n");
        for (var i = 1; i <= records; i++)
        {
            builder.Append($"山田 太郎{i},高知県高岡郡四万十町{i}番地,0880-22-{i:0000},\"{(i % 10 == 0 ? "要確認,\n再入力" : "なし")}\"\r\n");
        }

        return builder.ToString();
    }

    private static async Task<string> CachedAsync(string name, Func<string, Task> make)
    {
        var path = Path.Combine(Dir, name);
        await Gate.WaitAsync();
        try
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Dir);
                var temp = path + ".tmp" + Path.GetExtension(path);
                await make(temp);
                File.Move(temp, path, overwrite: true);
            }

            return path;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed; ./market test installs espeak-ng, sox and ffmpeg.", e);
        }

        using (process)
        {
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error}");
            }
        }
    }
}
