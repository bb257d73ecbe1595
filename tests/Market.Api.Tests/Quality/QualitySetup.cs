using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Certifications;
using Market.Domain.Quality;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Quality;

/// <summary>Arranging quality control directly in the database: a certified reviewer, and the agent's sampling shares.</summary>
internal static class QualitySetup
{
    public static async Task CertifyReviewerAsync(MarketApiFactory factory, Guid userId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = factory.Clock.GetUtcNow();
        var agentId = await db.Memberships.IgnoreQueryFilters().Where(m => m.UserId == userId).Select(m => m.TenantId!.Value).SingleAsync();
        db.WorkerCertifications.Add(WorkerCertification.Issue(userId, agentId, CertificationCodes.QcReviewer, WorkWorld.PlatformTerms, now));
        await db.SaveChangesAsync();
    }

    /// <summary>Sets the agent's shares before its first submission (which would otherwise create the defaults).</summary>
    public static async Task SetSamplingAsync(MarketApiFactory factory, Guid agentId, SamplingPolicy policy)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        db.AgentQualitySettings.Add(new AgentQualitySettings
        {
            AgentId = agentId,
            TrialShare = policy.TrialShare,
            BShare = policy.BShare,
            AShare = policy.AShare,
            SShare = policy.SShare,
            Seed = "test-seed",
            CreatedAt = factory.Clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
    }
}
