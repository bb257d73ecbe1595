using System.Diagnostics;
using Market.Domain.Jobs;
using Market.Domain.Splitting;
using Market.Domain.Splitting.Audio;

namespace Market.Domain.Tests.Splitting;

/// <summary>A fact that runs only where the named command-line tools are installed.</summary>
public sealed class FactRequiringToolsAttribute : FactAttribute
{
    public FactRequiringToolsAttribute(params string[] tools)
    {
        var missing = tools.Where(t => !OnPath(t)).ToList();
        if (missing.Count > 0)
        {
            Skip = $"Needs {string.Join(", ", missing)} on the PATH.";
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}

/// <summary>The splitter on synthesised speech (espeak-ng) rather than on tone bursts.</summary>
public sealed class RealSpeechSplitTests : IDisposable
{
    private const string Paragraph =
        "The committee met on Tuesday to discuss the regional bus network. " +
        "Several members asked about the timetable for the northern villages. " +
        "The chair promised a written answer before the next meeting. ";

    private readonly string _directory = Directory.CreateTempSubdirectory("market-speech-").FullName;

    [FactRequiringTools("espeak-ng", "sox")]
    public void PlanSegments_OnSynthesisedSpeech_CutsWhereTheSpeechIsQuiet()
    {
        var first = Speak("first.wav", 14);
        var second = Speak("second.wav", 6);
        var recording = Path.Combine(_directory, "meeting.wav");
        // 118 s of speech (cut off mid-sentence), a 1 s pause, then more speech.
        Run("sox", first, Path.Combine(_directory, "head.wav"), "trim", "0", "118");
        Run("sox", "-n", "-r", "22050", "-c", "1", "-b", "16", Path.Combine(_directory, "pause.wav"), "trim", "0", "1");
        Run("sox", Path.Combine(_directory, "head.wav"), Path.Combine(_directory, "pause.wav"), second, recording);
        using var wav = File.OpenRead(recording);
        var envelope = AudioEnvelopeReader.ReadWav(wav);
        var settings = new TranscriptionSettings(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(5), TranscriptionStyle.Verbatim);

        var segments = TranscriptionSplitter.PlanSegments(envelope, settings);

        Assert.Equal(2, segments.Count);
        var cut = segments[0].CutMs!.Value;
        Assert.InRange(cut, 100_000, 140_000);
        var speechLevel = envelope.Rms.Where(r => r > 0).Order().ElementAt(envelope.Rms.Count(r => r > 0) / 2);
        var around = Enumerable.Range((int)(cut / envelope.WindowMs) - 2, 5).Select(i => envelope.Rms[i]).Average();
        Assert.True(around < speechLevel * 0.1, $"the cut at {cut} ms has level {around:F4}; speech is around {speechLevel:F4}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Speak(string name, int paragraphs)
    {
        var path = Path.Combine(_directory, name);
        Run("espeak-ng", "-v", "en", "-w", path, string.Concat(Enumerable.Repeat(Paragraph, paragraphs)));
        return path;
    }

    private static void Run(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
    }
}
