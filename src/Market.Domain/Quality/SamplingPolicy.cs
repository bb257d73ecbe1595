using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Market.Domain.Common;
using Market.Domain.Workers;

namespace Market.Domain.Quality;

/// <summary>
/// One sampling decision with everything needed to recompute it: the draw is a number in 0–9,999 derived
/// from the seed and the subject, and the submission is sampled when the draw is below the tier's share.
/// </summary>
public sealed record SamplingDecision(Guid SubjectId, WorkerTier Tier, int ShareBasisPoints, int Draw)
{
    public bool IsSampled => Draw < ShareBasisPoints;
}

/// <summary>
/// Which share of an agent's submissions goes to a reviewer, by the worker's tier, in basis points
/// (10,000 = every submission). Unsampled submissions are accepted at once.
/// <para>
/// The decision is not random but a stable hash, so an auditor holding the agent's seed can recompute every
/// decision: draw = ⌊u × 10,000 ÷ 2⁶⁴⌋ where u is the first 8 bytes (big-endian) of
/// SHA-256(UTF-8(seed) ‖ 0x1F ‖ the subject id's 16 bytes, big-endian). A worker cannot predict it without
/// the seed, and a retried request gets the same answer.
/// </para>
/// </summary>
public sealed record SamplingPolicy
{
    public const int MaxShare = 10_000;
    public const int DefaultTrialShare = 10_000;
    public const int DefaultBShare = 5_000;
    public const int DefaultAShare = 2_000;
    public const int DefaultSShare = 1_000;

    public SamplingPolicy(int trialShare, int bShare, int aShare, int sShare)
    {
        TrialShare = Validate(trialShare, WorkerTier.Trial);
        BShare = Validate(bShare, WorkerTier.B);
        AShare = Validate(aShare, WorkerTier.A);
        SShare = Validate(sShare, WorkerTier.S);
    }

    private SamplingPolicy()
    {
    }

    /// <summary>Trial 100 %, B 50 %, A 20 %, S 10 %.</summary>
    public static SamplingPolicy Default { get; } = new(DefaultTrialShare, DefaultBShare, DefaultAShare, DefaultSShare);

    public int TrialShare { get; private init; }

    public int BShare { get; private init; }

    public int AShare { get; private init; }

    public int SShare { get; private init; }

    public int ShareFor(WorkerTier tier) => tier switch
    {
        WorkerTier.Trial => TrialShare,
        WorkerTier.B => BShare,
        WorkerTier.A => AShare,
        WorkerTier.S => SShare,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    /// <summary>The same policy with one tier's share changed.</summary>
    public SamplingPolicy WithShare(WorkerTier tier, int share) => tier switch
    {
        WorkerTier.Trial => new(share, BShare, AShare, SShare),
        WorkerTier.B => new(TrialShare, share, AShare, SShare),
        WorkerTier.A => new(TrialShare, BShare, share, SShare),
        WorkerTier.S => new(TrialShare, BShare, AShare, share),
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    /// <param name="policySeed">The agent's sampling seed (kept with the policy, shown to auditors).</param>
    /// <param name="subjectId">What is sampled: the submission that opened the review.</param>
    public bool IsSampled(string policySeed, Guid subjectId, WorkerTier tier) => Decide(policySeed, subjectId, tier).IsSampled;

    public SamplingDecision Decide(string policySeed, Guid subjectId, WorkerTier tier) =>
        new(subjectId, tier, ShareFor(tier), Draw(policySeed, subjectId));

    /// <summary>The hash draw in 0–9,999 for a seed and a subject (see the type's summary).</summary>
    public static int Draw(string policySeed, Guid subjectId)
    {
        if (string.IsNullOrEmpty(policySeed))
        {
            throw new UnprocessableInputException("sampling_seed_required", "A sampling seed is required.");
        }

        var seed = Encoding.UTF8.GetBytes(policySeed);
        var input = new byte[seed.Length + 1 + 16];
        seed.CopyTo(input, 0);
        input[seed.Length] = 0x1F;
        subjectId.TryWriteBytes(input.AsSpan(seed.Length + 1), bigEndian: true, out _);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        var u = BinaryPrimitives.ReadUInt64BigEndian(hash);
        return (int)(((UInt128)u * MaxShare) >> 64);
    }

    private static int Validate(int share, WorkerTier tier) =>
        share is < 0 or > MaxShare
            ? throw new UnprocessableInputException(
                "sampling_share_out_of_range",
                $"The review share for tier {tier} must be between 0 and {MaxShare} basis points (0–100 %).")
            : share;
}
