using System.Text;

namespace Market.Domain.Tests.Support;

internal static class ShiftJis
{
    private static readonly Lazy<Encoding> Encoding932 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    public static byte[] Bytes(string text) => Encoding932.Value.GetBytes(text);
}
