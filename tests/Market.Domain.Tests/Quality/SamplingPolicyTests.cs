using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Market.Domain.Common;
using Market.Domain.Quality;
using Market.Domain.Workers;

namespace Market.Domain.Tests.Quality;

public class SamplingPolicyTests
{
    private const string Seed = "しまんと-qc-seed";

    /// <summary>Submission ids as the API makes them (version 7 GUIDs share their leading timestamp bytes), built reproducibly.</summary>
    private static IEnumerable<Guid> SubmissionIds(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteInt64BigEndian(bytes, 0x0196_a1b2_c3d4_7000 + (i / 4096));
            BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], 0x8000_0000_0000_0000UL | (uint)i);
            yield return new Guid(bytes, bigEndian: true);
        }
    }

    [Fact]
    public void Default_SamplesTrialAllBHalfATwentySTenPercent()
    {
        var policy = SamplingPolicy.Default;

        Assert.Equal(10_000, policy.ShareFor(WorkerTier.Trial));
        Assert.Equal(5_000, policy.ShareFor(WorkerTier.B));
        Assert.Equal(2_000, policy.ShareFor(WorkerTier.A));
        Assert.Equal(1_000, policy.ShareFor(WorkerTier.S));
    }

    [Theory]
    [InlineData(WorkerTier.Trial, 10_000)]
    [InlineData(WorkerTier.B, 5_000)]
    [InlineData(WorkerTier.A, 2_000)]
    [InlineData(WorkerTier.S, 1_000)]
    public void IsSampled_Over10000Submissions_StaysWithinTwoPointsOfTheTierShare(WorkerTier tier, int expected)
    {
        var sampled = SubmissionIds(10_000).Count(id => SamplingPolicy.Default.IsSampled(Seed, id, tier));

        // Observed share in basis points of 10,000 submissions is simply the count.
        Assert.True(Math.Abs(sampled - expected) < 200, $"Tier {tier}: sampled {sampled} of 10,000, expected {expected} ± 199.");
    }

    [Fact]
    public void IsSampled_ForCustomShares_FollowsTheConfiguredShare()
    {
        var policy = SamplingPolicy.Default.WithShare(WorkerTier.S, 3_000).WithShare(WorkerTier.B, 0);

        var s = SubmissionIds(10_000).Count(id => policy.IsSampled(Seed, id, WorkerTier.S));
        var b = SubmissionIds(10_000).Count(id => policy.IsSampled(Seed, id, WorkerTier.B));

        Assert.InRange(s, 2_801, 3_199);
        Assert.Equal(0, b);
        Assert.Equal(10_000, policy.ShareFor(WorkerTier.Trial));
    }

    [Fact]
    public void IsSampled_WithTheSameSeed_GivesTheSameDecisions()
    {
        var first = SubmissionIds(2_000).Select(id => SamplingPolicy.Default.IsSampled(Seed, id, WorkerTier.A)).ToList();
        var again = SubmissionIds(2_000).Select(id => new SamplingPolicy(10_000, 5_000, 2_000, 1_000).IsSampled(Seed, id, WorkerTier.A)).ToList();

        Assert.Equal(first, again);
    }

    [Fact]
    public void IsSampled_WithAnotherSeed_GivesOtherDecisions()
    {
        var ids = SubmissionIds(2_000).ToList();
        var first = ids.Select(id => SamplingPolicy.Default.IsSampled(Seed, id, WorkerTier.B)).ToList();
        var other = ids.Select(id => SamplingPolicy.Default.IsSampled("another-agent", id, WorkerTier.B)).ToList();

        var differing = first.Zip(other).Count(p => p.First != p.Second);
        Assert.InRange(differing, 800, 1_200);
    }

    [Fact]
    public void Draw_IsTheDocumentedHashSoAnAuditorCanRecomputeIt()
    {
        var id = Guid.Parse("0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        var input = Encoding.UTF8.GetBytes(Seed).Concat(new byte[] { 0x1F }).Concat(id.ToByteArray(bigEndian: true)).ToArray();
        var u = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(input));
        var expected = (int)(((UInt128)u * 10_000) >> 64);

        var decision = SamplingPolicy.Default.Decide(Seed, id, WorkerTier.A);

        Assert.Equal(expected, decision.Draw);
        Assert.Equal(expected < 2_000, decision.IsSampled);
        Assert.Equal(2_000, decision.ShareBasisPoints);
    }

    [Fact]
    public void Decide_AtTheShareBoundary_SamplesOnlyDrawsBelowTheShare()
    {
        var id = SubmissionIds(1).Single();
        var draw = SamplingPolicy.Draw(Seed, id);

        Assert.True(SamplingPolicy.Default.WithShare(WorkerTier.A, draw + 1).IsSampled(Seed, id, WorkerTier.A));
        Assert.False(SamplingPolicy.Default.WithShare(WorkerTier.A, draw).IsSampled(Seed, id, WorkerTier.A));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void Constructor_WithAShareOutsideZeroToTenThousand_IsRefused(int share)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => new SamplingPolicy(10_000, share, 2_000, 1_000));

        Assert.Equal("sampling_share_out_of_range", refusal.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_000)]
    public void Constructor_AtTheLimits_IsAccepted(int share)
    {
        var policy = new SamplingPolicy(share, share, share, share);

        Assert.Equal(share, policy.ShareFor(WorkerTier.S));
    }

    [Fact]
    public void Draw_WithoutASeed_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => SamplingPolicy.Draw("", Guid.Empty));

        Assert.Equal("sampling_seed_required", refusal.Code);
    }
}
