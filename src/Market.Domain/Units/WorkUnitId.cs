using System.Buffers.Binary;
using System.Security.Cryptography;
using Market.Domain.Jobs;

namespace Market.Domain.Units;

public readonly record struct WorkUnitId(Guid Value)
{
    /// <summary>
    /// The id of the unit at <paramref name="sequence"/> of a job: a name-based (version 8) GUID from the
    /// job id and the sequence. Splitting the same job twice therefore yields the same ids, and a unique
    /// key on the id turns an accidental second split into a conflict instead of a duplicate set of units.
    /// </summary>
    public static WorkUnitId For(JobId job, int sequence)
    {
        Span<byte> name = stackalloc byte[16 + 4 + 10];
        job.Value.TryWriteBytes(name, bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(name[16..], sequence);
        "work-unit:"u8.CopyTo(name[20..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(name, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new WorkUnitId(new Guid(hash[..16], bigEndian: true));
    }

    public override string ToString() => Value.ToString();
}
