using System.Security.Cryptography;
using Market.Domain.Common;

namespace Market.Domain.Files;

/// <summary>
/// A stored file, addressed by the SHA-256 of its content as 64 lowercase hex characters. The same bytes
/// always have the same id, so an upload is stored once however often it is sent.
/// </summary>
public readonly record struct FileId(string Sha256Hex)
{
    public string Sha256Hex { get; } = Validate(Sha256Hex);

    public static FileId Of(ReadOnlySpan<byte> content) => new(Convert.ToHexStringLower(SHA256.HashData(content)));

    public static FileId Of(Stream content) => new(Convert.ToHexStringLower(SHA256.HashData(content)));

    public static bool IsValid(string? sha256Hex) =>
        sha256Hex is { Length: 64 } && sha256Hex.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public override string ToString() => Sha256Hex;

    private static string Validate(string sha256Hex)
    {
        if (!IsValid(sha256Hex))
        {
            throw new UnprocessableInputException("file_id_invalid", "A file id is the SHA-256 of the content as 64 lowercase hex characters.");
        }

        return sha256Hex;
    }
}
