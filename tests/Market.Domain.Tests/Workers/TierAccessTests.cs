using Market.Domain.Jobs;
using Market.Domain.Workers;

namespace Market.Domain.Tests.Workers;

public class TierAccessTests
{
    [Theory]
    [InlineData(WorkerTier.Trial, ConfidentialityLevel.Standard, true)]
    [InlineData(WorkerTier.Trial, ConfidentialityLevel.Confidential, false)]
    [InlineData(WorkerTier.Trial, ConfidentialityLevel.PersonalData, false)]
    [InlineData(WorkerTier.B, ConfidentialityLevel.Standard, true)]
    [InlineData(WorkerTier.B, ConfidentialityLevel.Confidential, false)]
    [InlineData(WorkerTier.B, ConfidentialityLevel.PersonalData, false)]
    [InlineData(WorkerTier.A, ConfidentialityLevel.Standard, true)]
    [InlineData(WorkerTier.A, ConfidentialityLevel.Confidential, true)]
    [InlineData(WorkerTier.A, ConfidentialityLevel.PersonalData, false)]
    [InlineData(WorkerTier.S, ConfidentialityLevel.Standard, true)]
    [InlineData(WorkerTier.S, ConfidentialityLevel.Confidential, true)]
    [InlineData(WorkerTier.S, ConfidentialityLevel.PersonalData, true)]
    public void Allows_ForEveryTierAndLevel_FollowsTheTierTable(WorkerTier tier, ConfidentialityLevel level, bool allowed)
    {
        Assert.Equal(allowed, TierAccess.Allows(tier, level));
    }
}
