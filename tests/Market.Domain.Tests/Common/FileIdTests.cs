using Market.Domain.Common;
using Market.Domain.Files;

namespace Market.Domain.Tests.Common;

public class FileIdTests
{
    [Fact]
    public void Of_WhenGivenContent_IsItsLowercaseSha256()
    {
        // sha256("abc") from FIPS 180-2, appendix B.1.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", FileId.Of("abc"u8).Sha256Hex);
    }

    [Fact]
    public void Of_StreamAndBytes_Agree()
    {
        var bytes = "テープ起こし"u8.ToArray();

        Assert.Equal(FileId.Of(bytes), FileId.Of(new MemoryStream(bytes)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015adf")]
    [InlineData("za7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void Constructor_WhenNotSixtyFourLowercaseHex_IsRefused(string value)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => new FileId(value));

        Assert.Equal("file_id_invalid", refusal.Code);
    }
}
