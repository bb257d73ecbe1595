using System.Buffers.Binary;

namespace Market.Api.Storage;

/// <summary>
/// Width and height from a PNG or JPEG header, so an image whose pixels would fill a viewer's memory (a
/// "decompression bomb": a few kilobytes that decode to gigabytes) is refused before anyone opens it.
/// </summary>
public static class ImageDimensions
{
    /// <summary>About 50 megapixels: far beyond any scanned form (A4 at 600 dpi is 35 MP).</summary>
    public const long MaxPixels = 50_000_000;

    public static bool TryRead(FileKind kind, ReadOnlySpan<byte> head, out long width, out long height)
    {
        width = height = 0;
        switch (kind)
        {
            // PNG: the IHDR chunk comes first, right after the 8-byte signature.
            case FileKind.Png when head.Length >= 24 && head[12..16].SequenceEqual("IHDR"u8):
                width = BinaryPrimitives.ReadUInt32BigEndian(head[16..20]);
                height = BinaryPrimitives.ReadUInt32BigEndian(head[20..24]);
                return true;
            case FileKind.Jpeg:
                return TryReadJpeg(head, out width, out height);
            default:
                return false;
        }
    }

    public static bool IsTooLarge(FileKind kind, ReadOnlySpan<byte> head) =>
        TryRead(kind, head, out var width, out var height) && (width * height > MaxPixels || width == 0 || height == 0);

    // Walks the JPEG markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC), which holds the size.
    private static bool TryReadJpeg(ReadOnlySpan<byte> head, out long width, out long height)
    {
        width = height = 0;
        var i = 2;
        while (i + 9 < head.Length)
        {
            if (head[i] != 0xFF)
            {
                return false;
            }

            var marker = head[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(head[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(head[(i + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(head[(i + 7)..]);
                return true;
            }

            if (length < 2)
            {
                return false;
            }

            i += 2 + length;
        }

        return false;
    }
}
