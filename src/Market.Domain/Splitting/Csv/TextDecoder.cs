using System.Text;
using Market.Domain.Common;

namespace Market.Domain.Splitting.Csv;

public enum TextEncodingKind
{
    Utf8 = 0,
    ShiftJis = 1,
}

public sealed record DecodedText(string Text, TextEncodingKind Encoding);

/// <summary>
/// Decodes uploaded text that is UTF-8 (with or without BOM) or Shift_JIS — what Japanese Excel saves as
/// "CSV". Valid UTF-8 wins; otherwise the bytes must be valid Shift_JIS (Windows code page 932, which
/// includes the NEC and IBM extensions such as ① and ㈱). Nothing is ever decoded with replacement characters.
/// </summary>
public static class TextDecoder
{
    private const int ShiftJisCodePage = 932;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Lazy<Encoding> StrictShiftJis = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(ShiftJisCodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new DecodedText(DecodeOrThrow(StrictUtf8, bytes[3..], "UTF-8 (it starts with a UTF-8 BOM)"), TextEncodingKind.Utf8);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw Invalid("UTF-16 text is not supported; save as UTF-8 or Shift_JIS.");
        }

        if (TryDecode(StrictUtf8, bytes, out var utf8))
        {
            return new DecodedText(utf8, TextEncodingKind.Utf8);
        }

        if (TryDecode(StrictShiftJis.Value, bytes, out var shiftJis))
        {
            return new DecodedText(shiftJis, TextEncodingKind.ShiftJis);
        }

        throw Invalid("The text is neither valid UTF-8 nor valid Shift_JIS.");
    }

    private static string DecodeOrThrow(Encoding encoding, ReadOnlySpan<byte> bytes, string what) =>
        TryDecode(encoding, bytes, out var text) ? text : throw Invalid($"The text is not valid {what}.");

    private static bool TryDecode(Encoding encoding, ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = encoding.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    private static UnprocessableInputException Invalid(string message) => new("csv_encoding_invalid", message);
}
