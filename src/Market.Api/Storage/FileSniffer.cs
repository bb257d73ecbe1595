using System.Text;

namespace Market.Api.Storage;

public enum FileKind
{
    Unknown = 0,
    Wav,
    Mp3,
    M4a,
    Csv,
    Json,
    Png,
    Jpeg,
}

/// <summary>Decides what a file is from its first bytes; the name and the declared Content-Type are never trusted.</summary>
public static class FileSniffer
{
    public static FileKind Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
        {
            return FileKind.Wav;
        }

        if (head.Length >= 3 && head[..3].SequenceEqual("ID3"u8))
        {
            return FileKind.Mp3;
        }

        // An MPEG audio frame header: 11 sync bits, layer III, a valid bitrate and sample-rate index.
        if (head.Length >= 4 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) == 0x02
            && (head[2] & 0xF0) != 0xF0 && (head[2] & 0x0C) != 0x0C)
        {
            return FileKind.Mp3;
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(head[8..12]);
            if (brand is "M4A " or "M4B " or "mp42" or "isom" or "mp41")
            {
                return FileKind.M4a;
            }
        }

        if (head.Length >= 8 && head[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return FileKind.Png;
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return FileKind.Jpeg;
        }

        return LooksLikeText(head) ? TextKind(head) : FileKind.Unknown;
    }

    public static string MediaType(FileKind kind) => kind switch
    {
        FileKind.Wav => "audio/wav",
        FileKind.Mp3 => "audio/mpeg",
        FileKind.M4a => "audio/mp4",
        FileKind.Csv => "text/csv",
        FileKind.Json => "application/json",
        FileKind.Png => "image/png",
        FileKind.Jpeg => "image/jpeg",
        _ => "application/octet-stream",
    };

    private static FileKind TextKind(ReadOnlySpan<byte> head)
    {
        var start = head.StartsWith("\xEF\xBB\xBF"u8) ? 3 : 0;
        foreach (var b in head[start..])
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b is (byte)'{' or (byte)'[' ? FileKind.Json : FileKind.Csv;
        }

        return FileKind.Csv;
    }

    // Text: no NUL and no C0 control other than tab/CR/LF. Covers UTF-8 and Shift_JIS, whose bytes are all >= 0x20
    // apart from those; zip archives, executables and other binaries fail here.
    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0)
        {
            return false;
        }

        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
