using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Market.Domain.Splitting;

/// <summary>
/// A reproducible shuffle: the seed is a hash of what is being shuffled (job, file, field), and the
/// generator is SplitMix64 written out here, so the order never changes with the runtime's
/// <see cref="Random"/> implementation.
/// </summary>
internal static class DeterministicShuffle
{
    public static ulong Seed(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001F', parts)));
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }

    public static List<int> Permutation(int count, ulong seed)
    {
        var items = Enumerable.Range(0, count).ToList();
        var state = seed;
        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)Below(ref state, (ulong)i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }

    private static ulong Below(ref ulong state, ulong bound)
    {
        // Rejection sampling, so every position is equally likely (no modulo bias).
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong value;
        do
        {
            value = Next(ref state);
        }
        while (value >= limit);

        return value % bound;
    }

    private static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
