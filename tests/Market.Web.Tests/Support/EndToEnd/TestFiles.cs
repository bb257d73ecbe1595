using System.Text;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>Input files made on the spot, so the tests need nothing from outside.</summary>
public static class TestFiles
{
    public const string CsvHeader = "氏名,住所,電話番号";

    /// <summary>A UTF-8 CSV of <paramref name="records"/> people; <paramref name="raggedLine"/> (1-based, header is line 1) loses a field.</summary>
    public static byte[] PeopleCsv(int records, int? raggedLine = null)
    {
        var csv = new StringBuilder(CsvHeader).Append("\r\n");
        for (var i = 1; i <= records; i++)
        {
            var line = i + 1 == raggedLine
                ? $"四万十 花子{i},高知県高岡郡四万十町琴平町{i}"
                : $"四万十 花子{i},高知県高岡郡四万十町琴平町{i},0880-22-{i:0000}";
            csv.Append(line).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>
    /// 16 kHz mono 16-bit PCM: 1.5 s bursts of a voice-like tone between 0.5 s pauses, so the splitter finds quiet places to cut.
    /// </summary>
    public static byte[] SpeechLikeWav(TimeSpan length)
    {
        const int sampleRate = 16_000;
        var samples = (int)(length.TotalSeconds * sampleRate);
        using var stream = new MemoryStream(44 + (samples * 2));
        using (var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true))
        {
            writer.Write("RIFF"u8);
            writer.Write(36 + (samples * 2));
            writer.Write("WAVE"u8);
            writer.Write("fmt "u8);
            writer.Write(16);
            writer.Write((short)1);
            writer.Write((short)1);
            writer.Write(sampleRate);
            writer.Write(sampleRate * 2);
            writer.Write((short)2);
            writer.Write((short)16);
            writer.Write("data"u8);
            writer.Write(samples * 2);
            for (var n = 0; n < samples; n++)
            {
                var t = (double)n / sampleRate;
                var speaking = t % 2.0 < 1.5;
                var sample = speaking
                    ? (0.4 * Math.Sin(2 * Math.PI * 180 * t)) + (0.2 * Math.Sin(2 * Math.PI * 720 * t))
                    : 0.002 * Math.Sin(2 * Math.PI * 50 * t);
                writer.Write((short)(sample * short.MaxValue));
            }
        }

        return stream.ToArray();
    }
}
