using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Offers;
using Market.Domain.Tenancy;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Offers;

public class OfferTests
{
    internal static readonly DateTimeOffset At = AgentLayer.Now;
    internal static readonly DateTimeOffset DeliverBy = TestJobs.Deadline.AddDays(-5);

    internal static Offer Submit(Job job, Agent agent, IEnumerable<Offer>? existing = null, long price = 250_000, DateTimeOffset? deliverBy = null, string? note = null, int load = 0) =>
        Offer.Submit(OfferId.New(), job, agent, load, existing ?? [], new Yen(price), deliverBy ?? DeliverBy, note, At);

    [Fact]
    public void Submit_WhenEligibleAndValid_IsSubmittedAndRaisesEvent()
    {
        var job = AgentLayer.OpenJob();
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        var offer = Submit(job, agent, note: "  過去に同種案件 3 件の実績あり  ");

        Assert.Equal(OfferStatus.Submitted, offer.Status);
        Assert.True(offer.IsLive);
        Assert.Equal((job.Id, agent.Id, new Yen(250_000), DeliverBy), (offer.JobId, offer.AgentId, offer.Price, offer.DeliverBy));
        Assert.Equal("過去に同種案件 3 件の実績あり", offer.Note);
        Assert.Equal(new OfferSubmitted(offer.Id, job.Id, agent.Id, new Yen(250_000), DeliverBy, At), Assert.Single(offer.DomainEvents));
    }

    [Fact]
    public void Submit_WithBlankNote_StoresNoNote()
    {
        Assert.Null(Submit(AgentLayer.OpenJob(), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId), note: "   ").Note);
    }

    [Theory]
    [InlineData(JobStatus.Draft)]
    [InlineData(JobStatus.Contracted)]
    [InlineData(JobStatus.Cancelled)]
    public void Submit_WhenJobNotOpen_IsRefused(JobStatus status)
    {
        var job = TestJobs.InState(status);

        var refusal = Assert.Throws<DomainRuleException>(() => Submit(job, AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId)));

        Assert.Equal("job_not_open", refusal.Code);
    }

    [Fact]
    public void Submit_WhenAgentIneligible_IsRefusedWithEveryReason()
    {
        var agent = AgentLayer.PendingAgent(AgentLayer.LeadAgentId, "徳島県");
        var job = AgentLayer.OpenJob(regions: "高知県");

        var refusal = Assert.Throws<EligibilityException>(() => Submit(job, agent));

        Assert.Equal("agent_not_approved", refusal.Code);
        Assert.Equal(["agent_not_approved", "agent_region_mismatch"], AgentLayer.Codes(refusal.Refusals));
    }

    [Fact]
    public void Submit_WhenAgentAtCapacity_IsRefused()
    {
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);

        var refusal = Assert.Throws<EligibilityException>(() => Submit(AgentLayer.OpenJob(), agent, load: agent.MaxConcurrentJobs));

        Assert.Equal("agent_capacity_full", refusal.Code);
    }

    [Fact]
    public void Submit_WhenAgentAlreadyHasALiveOffer_IsRefused()
    {
        var job = AgentLayer.OpenJob();
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        var first = Submit(job, agent);

        var refusal = Assert.Throws<DomainRuleException>(() => Submit(job, agent, [first]));

        Assert.Equal("offer_already_submitted", refusal.Code);
    }

    [Fact]
    public void Submit_AfterWithdrawingTheFirst_IsAllowed()
    {
        var job = AgentLayer.OpenJob();
        var agent = AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId);
        var first = Submit(job, agent);
        first.Withdraw(At);

        var second = Submit(job, agent, [first], price: 240_000);

        Assert.Equal(OfferStatus.Submitted, second.Status);
    }

    [Fact]
    public void Submit_WhenAnotherAgentHasAnOffer_IsAllowed()
    {
        var job = AgentLayer.OpenJob();
        var theirs = Submit(job, AgentLayer.ApprovedAgent(AgentLayer.AllyAgentId));

        var ours = Submit(job, AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId), [theirs]);

        Assert.Equal(OfferStatus.Submitted, ours.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Submit_WithPriceNotPositive_IsRefused(long price)
    {
        var refusal = Assert.Throws<DomainRuleException>(() => Submit(AgentLayer.OpenJob(), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId), price: price));

        Assert.Equal("offer_price_not_positive", refusal.Code);
    }

    [Fact]
    public void Submit_WithDeliveryNow_IsRefused()
    {
        var refusal = Assert.Throws<DomainRuleException>(() => Submit(AgentLayer.OpenJob(), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId), deliverBy: At));

        Assert.Equal("offer_delivery_not_in_future", refusal.Code);
    }

    [Fact]
    public void Submit_WithDeliveryOnTheDeadline_IsAllowed()
    {
        var offer = Submit(AgentLayer.OpenJob(), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId), deliverBy: TestJobs.Deadline);

        Assert.Equal(TestJobs.Deadline, offer.DeliverBy);
    }

    [Fact]
    public void Submit_WithDeliveryAfterTheDeadline_IsRefused()
    {
        var refusal = Assert.Throws<DomainRuleException>(
            () => Submit(AgentLayer.OpenJob(), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId), deliverBy: TestJobs.Deadline.AddTicks(1)));

        Assert.Equal("offer_delivery_after_deadline", refusal.Code);
    }

    [Fact]
    public void Submit_WithOverlongNote_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(
            () => Submit(AgentLayer.OpenJob(), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId), note: new string('あ', Offer.MaxNoteLength + 1)));

        Assert.Equal("offer_note_too_long", refusal.Code);
    }

    [Fact]
    public void Withdraw_WhenSubmitted_IsWithdrawnAndNoLongerLive()
    {
        var offer = Submit(AgentLayer.OpenJob(), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId));

        offer.Withdraw(At.AddHours(1));

        Assert.Equal(OfferStatus.Withdrawn, offer.Status);
        Assert.False(offer.IsLive);
        Assert.Equal(At.AddHours(1), offer.DecidedAt);
        Assert.IsType<OfferWithdrawn>(offer.DomainEvents[^1]);
    }

    [Fact]
    public void Decline_WhenWithdrawn_IsRefused()
    {
        var offer = Submit(AgentLayer.OpenJob(), AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId));
        offer.Withdraw(At);

        var refusal = Assert.Throws<DomainRuleException>(() => offer.Decline(At));

        Assert.Equal("offer_not_submitted", refusal.Code);
        Assert.Equal(OfferStatus.Withdrawn, offer.Status);
    }

    [Fact]
    public void Expire_WhenJobStillOpenAndDeliveryAhead_IsRefused()
    {
        var job = AgentLayer.OpenJob();
        var offer = Submit(job, AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId));

        var refusal = Assert.Throws<DomainRuleException>(() => offer.Expire(job, DeliverBy.AddTicks(-1)));

        Assert.Equal("offer_not_stale", refusal.Code);
    }

    [Fact]
    public void Expire_OnceTheDeliveryDateHasCome_Expires()
    {
        var job = AgentLayer.OpenJob();
        var offer = Submit(job, AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId));

        offer.Expire(job, DeliverBy);

        Assert.Equal(OfferStatus.Expired, offer.Status);
        Assert.IsType<OfferExpired>(offer.DomainEvents[^1]);
    }

    [Fact]
    public void Expire_WhenTheJobWasCancelled_Expires()
    {
        var job = AgentLayer.OpenJob();
        var offer = Submit(job, AgentLayer.ApprovedAgent(AgentLayer.LeadAgentId));
        job.Cancel("予算が付かなかった", At.AddHours(1));

        offer.Expire(job, At.AddHours(2));

        Assert.Equal(OfferStatus.Expired, offer.Status);
    }
}
