using Market.Api.Persistence;
using Market.Domain.Certifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>
/// Certifications the demo seed does not hand out, granted straight in the test database: the QC reviewer
/// certification for the demo reviewer, and every work certification for the demo workers, so the flows do not depend
/// on which per-type certifications the rules require.
/// </summary>
public static class DemoCertifications
{
    private static readonly string[] WorkCodes =
    [
        CertificationCodes.TranscriptionL1, CertificationCodes.TranscriptionL2, CertificationCodes.DataEntry,
        CertificationCodes.DataEntryPersonalData, CertificationCodes.WebEditing,
    ];

    public static async Task GrantAsync(EndToEndFixture fixture)
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = DateTimeOffset.UtcNow;
        var emails = new[] { ApiActor.ReviewerEmail }.Concat(Enumerable.Range(1, 5).Select(ApiActor.WorkerEmail)).ToList();
        var users = await db.Users.Where(u => emails.Contains(u.Email!)).Select(u => new { u.Id, u.Email }).ToListAsync();
        foreach (var user in users)
        {
            var codes = user.Email == ApiActor.ReviewerEmail ? [CertificationCodes.QcReviewer] : WorkCodes;
            var held = await db.WorkerCertifications.Where(c => c.UserId == user.Id).Select(c => c.Code).ToListAsync();
            foreach (var code in codes.Except(held))
            {
                db.WorkerCertifications.Add(WorkerCertification.Issue(user.Id, Market.Api.Seeding.DemoAccounts.DemoAgentId, code, new CertificationTerms(12, 30, 14), now));
            }
        }

        await db.SaveChangesAsync();
        Assert.Equal(emails.Count, users.Count);
    }
}
