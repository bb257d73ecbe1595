using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Offers;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Offers;

public class OfferAcceptanceTests
{
    private static readonly DateTimeOffset AcceptedAt = OfferTests.At.AddDays(2);

    [Fact]
    public void Accept_ContractsTheJobToTheOfferAndDeclinesTheOtherSubmittedOffers()
    {
        var job = AgentLayer.OpenJob();
        var lead = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        var chosen = OfferTests.Submit(job, lead, price: 280_000);
        var rival = OfferTests.Submit(job, AgentLayer.ApprovedAgent(AgentLayer.AllyAgentId), price: 260_000);
        var withdrawn = OfferTests.Submit(job, AgentLayer.ApprovedAgent(AgentLayer.ThirdAgentId));
        withdrawn.Withdraw(OfferTests.At.AddDays(1));

        OfferAcceptance.Accept(job, chosen, lead, [rival, withdrawn], AcceptedAt);

        Assert.Equal(JobStatus.Contracted, job.Status);
        Assert.Equal(lead.Id, job.ContractedAgentId);
        Assert.Equal(new Yen(280_000), job.AgreedPrice);
        Assert.Equal(OfferStatus.Accepted, chosen.Status);
        Assert.Equal(new OfferAccepted(chosen.Id, job.Id, lead.Id, new Yen(280_000), AcceptedAt), chosen.DomainEvents[^1]);
        Assert.Equal(OfferStatus.Declined, rival.Status);
        Assert.Equal(new OfferDeclined(rival.Id, job.Id, AgentLayer.AllyAgentId, AcceptedAt), rival.DomainEvents[^1]);
        Assert.Equal(OfferStatus.Withdrawn, withdrawn.Status);
        Assert.IsType<JobContracted>(job.DomainEvents[^1]);
    }

    [Fact]
    public void Accept_WhenTheAgentWasSuspendedSinceOffering_IsRefusedAndChangesNothing()
    {
        var job = AgentLayer.OpenJob();
        var lead = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        var chosen = OfferTests.Submit(job, lead);
        var rival = OfferTests.Submit(job, AgentLayer.ApprovedAgent(AgentLayer.AllyAgentId));
        lead.Suspend("調査中", OfferTests.At.AddDays(1));

        var refusal = Assert.Throws<DomainRuleException>(() => OfferAcceptance.Accept(job, chosen, lead, [rival], AcceptedAt));

        Assert.Equal("agent_not_approved", refusal.Code);
        Assert.Equal(JobStatus.Open, job.Status);
        Assert.Equal(OfferStatus.Submitted, chosen.Status);
        Assert.Equal(OfferStatus.Submitted, rival.Status);
    }

    [Fact]
    public void Accept_WhenTheOfferWasWithdrawn_IsRefusedAndTheJobStaysOpen()
    {
        var job = AgentLayer.OpenJob();
        var lead = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        var chosen = OfferTests.Submit(job, lead);
        chosen.Withdraw(OfferTests.At.AddDays(1));

        var refusal = Assert.Throws<DomainRuleException>(() => OfferAcceptance.Accept(job, chosen, lead, [], AcceptedAt));

        Assert.Equal("offer_not_submitted", refusal.Code);
        Assert.Equal(JobStatus.Open, job.Status);
    }

    [Fact]
    public void Accept_AfterTheDeliveryDate_IsRefused()
    {
        var job = AgentLayer.OpenJob();
        var lead = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        var chosen = OfferTests.Submit(job, lead);

        var refusal = Assert.Throws<DomainRuleException>(() => OfferAcceptance.Accept(job, chosen, lead, [], OfferTests.DeliverBy));

        Assert.Equal("offer_delivery_passed", refusal.Code);
        Assert.Equal(JobStatus.Open, job.Status);
    }

    [Fact]
    public void Accept_WhenTheJobIsNoLongerOpen_IsRefusedAndOffersStaySubmitted()
    {
        var job = AgentLayer.OpenJob();
        var lead = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        var chosen = OfferTests.Submit(job, lead);
        var rival = OfferTests.Submit(job, AgentLayer.ApprovedAgent(AgentLayer.AllyAgentId));
        job.Cancel("発注取り消し", OfferTests.At.AddDays(1));

        var refusal = Assert.Throws<DomainRuleException>(() => OfferAcceptance.Accept(job, chosen, lead, [rival], AcceptedAt));

        Assert.Equal("job_not_open", refusal.Code);
        Assert.Equal(OfferStatus.Submitted, chosen.Status);
        Assert.Equal(OfferStatus.Submitted, rival.Status);
    }

    [Fact]
    public void Accept_WithAnOfferOfAnotherJob_IsAProgrammingError()
    {
        var job = AgentLayer.OpenJob();
        var otherJob = AgentLayer.OpenJob(JobType.Transcription);
        var lead = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        var chosen = OfferTests.Submit(job, lead);
        var stray = OfferTests.Submit(otherJob, AgentLayer.ApprovedAgent(AgentLayer.AllyAgentId));

        Assert.Throws<ArgumentException>(() => OfferAcceptance.Accept(job, chosen, lead, [stray], AcceptedAt));
        Assert.Equal(JobStatus.Open, job.Status);
    }
}
