using Market.Api.Persistence;
using Market.Api.Seeding;
using Market.Domain.Certifications;
using Market.Domain.Money;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>
/// Jobs in the states the money pages and the screenshots need, made through the real API by the demo people who would
/// do each step: a job worked, reviewed, delivered and accepted by the client; an open job with an offer; a job in
/// progress with a worker holding a unit.
/// </summary>
public static class DemoStory
{
    public const string Client = "株式会社 東京データワークス";

    /// <summary>A corporation's qualified-invoice registration number: T, the check digit, twelve digits.</summary>
    public static readonly string InvoiceRegistration = "T" + RegistrationNumber.CorporateCheckDigit("700150000001") + "700150000001";

    /// <summary>A one-segment transcription job worked by worker1, accepted by the reviewer, delivered and accepted by the client.</summary>
    public static async Task<Guid> AcceptedJobAsync(Uri api, string title)
    {
        var jobId = await PostTranscriptionJobAsync(api, title, TimeSpan.FromSeconds(80));
        await ApiActor.ContractAndStartAsync(api, jobId);
        Guid unitId;
        using (var worker = await ApiActor.SignInAsync(api, ApiActor.WorkerEmail(1)))
        {
            unitId = await worker.ClaimAndSubmitAsync(_ => "【司会】皆さん、おはようございます。定刻になりましたので始めます。");
        }

        using (var reviewer = await ApiActor.SignInAsync(api, ApiActor.ReviewerEmail))
        {
            // worker1 is a Trial worker, whose every submission is drawn for review.
            await reviewer.ReviewAsync(unitId, new { decision = "Accept", accuracy = 5, format = 4 });
        }

        using (var owner = await ApiActor.SignInAsync(api, ApiActor.OwnerEmail))
        {
            await owner.PostAsync($"api/v1/jobs/{jobId}/deliver");
        }

        using (var client = await ApiActor.SignInAsync(api, ApiActor.ClientEmail))
        {
            await client.PostAsync($"api/v1/jobs/{jobId}/accept");
        }

        return jobId;
    }

    /// <summary>The owner gives the agent the registration number and invoice prefix a qualified invoice needs.</summary>
    public static async Task SetInvoiceSettingsAsync(Uri api)
    {
        using var owner = await ApiActor.SignInAsync(api, ApiActor.OwnerEmail);
        await owner.PutAsync(
            $"api/v1/agents/{DemoAccounts.DemoAgentId}/money-settings",
            new { registrationNumber = InvoiceRegistration, invoicePrefix = "YMB", withheldJobTypes = Array.Empty<string>() });
    }

    /// <summary>The owner issues the qualified invoice of an accepted job; answers its id.</summary>
    public static async Task<Guid> IssueInvoiceAsync(Uri api, Guid jobId)
    {
        using var owner = await ApiActor.SignInAsync(api, ApiActor.OwnerEmail);
        var invoice = await owner.PostAsync($"api/v1/agents/{DemoAccounts.DemoAgentId}/invoices", new { jobId });
        return invoice.GetProperty("id").GetGuid();
    }

    /// <summary>A job the client posted and the demo agent offered on; the client has not chosen yet.</summary>
    public static async Task<Guid> OpenJobWithOfferAsync(Uri api, string title)
    {
        Guid jobId;
        using (var client = new DemoClientApi(api))
        {
            await client.SignInAsync();
            jobId = await client.PostDataEntryJobAsync(title, TestFiles.PeopleCsv(60), DateTimeOffset.UtcNow.AddDays(10));
        }

        using var owner = await ApiActor.SignInAsync(api, ApiActor.OwnerEmail);
        await owner.PostAsync($"api/v1/jobs/{jobId}/offers", new { price = 36_000, deliverBy = DateTimeOffset.UtcNow.AddDays(7), note = "二重入力と照合で正確に仕上げます。" });
        return jobId;
    }

    /// <summary>
    /// A two-segment transcription job in progress: worker2 handed in the first segment (a Trial worker's, so it waits
    /// for review) and worker3 holds the second. Answers the job and worker3's unit.
    /// </summary>
    public static async Task<(Guid JobId, Guid HeldUnitId)> JobInProgressAsync(Uri api, string title)
    {
        var jobId = await PostTranscriptionJobAsync(api, title, TimeSpan.FromMinutes(5));
        await ApiActor.ContractAndStartAsync(api, jobId);
        using (var worker2 = await ApiActor.SignInAsync(api, ApiActor.WorkerEmail(2)))
        {
            await worker2.ClaimAndSubmitAsync(_ => "【議長】ただいまから地域テレワーク協議会を開会します。");
        }

        using var worker3 = await ApiActor.SignInAsync(api, ApiActor.WorkerEmail(3));
        var claim = await worker3.PostAsync("api/v1/me/units/claim");
        return (jobId, claim.GetProperty("unitId").GetGuid());
    }

    /// <summary>
    /// worker5's first transcription certification was issued 350 days ago, so it is due for renewal within the month:
    /// the team page lists it as lapsing.
    /// </summary>
    public static async Task GiveALapsingCertificationAsync(EndToEndFixture fixture)
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var worker5 = await db.Users.Where(u => u.Email == ApiActor.WorkerEmail(5)).Select(u => u.Id).SingleAsync();
        // The demo seed certified every worker today; this one is replaced by one issued 350 days ago.
        await db.WorkerCertifications.Where(c => c.UserId == worker5 && c.Code == CertificationCodes.TranscriptionL1).ExecuteDeleteAsync();
        db.WorkerCertifications.Add(WorkerCertification.Issue(
            worker5, DemoAccounts.DemoAgentId, CertificationCodes.TranscriptionL1, new CertificationTerms(12, 30, 14), DateTimeOffset.UtcNow.AddDays(-350)));
        await db.SaveChangesAsync();
    }

    private static async Task<Guid> PostTranscriptionJobAsync(Uri api, string title, TimeSpan length)
    {
        using var client = await DemoApi.SignInAsync(api, "client");
        return await client.PostTranscriptionJobAsync(title, TestFiles.SpeechLikeWav(length), 3, DateTimeOffset.UtcNow.AddDays(14));
    }
}
