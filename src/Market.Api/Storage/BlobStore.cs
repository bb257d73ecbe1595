using System.Security.Cryptography;
using Market.Domain.Files;

namespace Market.Api.Storage;

/// <summary>Content-addressed blobs: the SHA-256 of the bytes is the name, so the same upload is stored once.</summary>
public interface IBlobStore
{
    /// <summary>Streams <paramref name="content"/> to storage without buffering it in memory; refuses more than <paramref name="maxBytes"/>.</summary>
    Task<StoredBlob> PutAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    Stream OpenRead(FileId id);

    bool Exists(FileId id);

    /// <summary>Where the blob sits on the (shared) file system, for tools such as ffmpeg that need to seek.</summary>
    string PathOf(FileId id);
}

public sealed record StoredBlob(FileId Id, long Length, byte[] Head);

public sealed class BlobTooLargeException(long limit) : Exception($"The file is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Blobs on a directory (a shared volume when several API instances run). Paths are derived only from the hash,
/// never from a client-supplied name.
/// </summary>
public sealed class LocalBlobStore(string root) : IBlobStore
{
    public const int HeadLength = 4096;

    public async Task<StoredBlob> PutAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        var temp = Path.Combine(root, "tmp", Guid.NewGuid().ToString("N"));
        var head = new byte[HeadLength];
        var headLength = 0;
        long length = 0;
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        throw new BlobTooLargeException(maxBytes);
                    }

                    if (headLength < HeadLength)
                    {
                        var take = Math.Min(read, HeadLength - headLength);
                        Array.Copy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }

                    sha.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            var id = new FileId(Convert.ToHexStringLower(sha.GetHashAndReset()));
            var final = PathOf(id);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            if (!File.Exists(final))
            {
                File.Move(temp, final, overwrite: true);
            }

            return new StoredBlob(id, length, head[..headLength]);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public Stream OpenRead(FileId id) =>
        new FileStream(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    public bool Exists(FileId id) => File.Exists(PathOf(id));

    public string PathOf(FileId id) => Path.Combine(root, id.Sha256Hex[..2], id.Sha256Hex[2..4], id.Sha256Hex);
}

public static class BlobStoreExtensions
{
    /// <summary>A small blob (a CSV, a list of page edits) read whole.</summary>
    public static async Task<byte[]> ReadAllBytesAsync(this IBlobStore blobs, FileId id, CancellationToken cancellationToken)
    {
        await using var stream = blobs.OpenRead(id);
        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }
}
