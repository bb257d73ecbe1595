using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Agents;
using Market.Domain.Jobs;
using Market.Domain.Offers;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Agents.OpenJobs;

/// <summary>
/// Open jobs the agent may offer for, soonest deadline first. With <see cref="IncludeIneligible"/> the others are
/// listed too, each with the codes of the rules that keep the agent out, so the agent can see what stands in its way.
/// </summary>
public sealed record ListOpenJobs(Guid AgentId, bool IncludeIneligible, int Page, int PageSize) : IRequest<OpenJobPage>;

public sealed record OpenJobQuote(int UnitCount, long WorkerPay, long AgentMargin, long ClientPriceBeforeTax, long AudioMinutes, int KeyedFields);

public sealed record RefusalView(string Code, string Message);

public sealed record OpenJobView(
    Guid Id,
    string Title,
    string Type,
    DateTimeOffset Deadline,
    string Confidentiality,
    IReadOnlyList<string> RegionPreference,
    OpenJobQuote? Quote,
    bool Eligible,
    IReadOnlyList<RefusalView> Refusals,
    Guid? LiveOfferId);

public sealed record OpenJobPage(IReadOnlyList<OpenJobView> Items, int Page, int PageSize, int Total, int ActiveJobs, int MaxConcurrentJobs);

public sealed class ListOpenJobsHandler(MarketDbContext db, TimeProvider clock) : IRequestHandler<ListOpenJobs, OpenJobPage>
{
    public async Task<OpenJobPage> Handle(ListOpenJobs request, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == request.AgentId, cancellationToken)
            ?? throw new NotFoundException("agent_not_found", "No such agent.");
        var activeLoad = await AgentActiveLoad.CountAsync(db, agent.Id, cancellationToken);
        var now = clock.GetUtcNow();

        // The tenant filter shows a job only to its client and the agents working on it, so an open job is invisible
        // to the agents that could bid for it. This listing is the one deliberate window onto other clients' jobs:
        // only Open ones (still taking offers), and only those the domain's eligibility rules let this agent see
        // (the ineligible ones only on request, with the rules that refuse them).
        var open = await db.Jobs.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(j => j.Status == JobStatus.Open && j.Deadline > now)
            .OrderBy(j => j.Deadline).ThenBy(j => j.Id)
            .ToListAsync(cancellationToken);
        var listed = open
            .Select(job => (Job: job, Refusals: AgentEligibility.Evaluate(agent, job, activeLoad)))
            .Where(x => request.IncludeIneligible || x.Refusals.Count == 0)
            .ToList();
        var page = listed.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToList();

        var ids = page.Select(x => x.Job.Id).ToList();
        // The quotes of these open jobs only, read past the filter for the same reason as the jobs themselves.
        var quotes = await db.JobQuotes.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(q => ids.Contains(q.JobId))
            .ToDictionaryAsync(q => q.JobId, cancellationToken);
        var liveOffers = await db.Offers.AsNoTracking()
            .Where(o => ids.Contains(o.JobId) && o.AgentId == agent.Id && (o.Status == OfferStatus.Submitted || o.Status == OfferStatus.Accepted))
            .Select(o => new { o.JobId, o.Id })
            .ToDictionaryAsync(o => o.JobId, o => o.Id, cancellationToken);

        var items = page.Select(x => new OpenJobView(
            x.Job.Id.Value,
            x.Job.Title,
            x.Job.Type.ToString(),
            x.Job.Deadline,
            x.Job.Confidentiality.ToString(),
            x.Job.RegionPreference,
            quotes.TryGetValue(x.Job.Id, out var quote) ? QuoteOf(quote) : null,
            x.Refusals.Count == 0,
            x.Refusals.Select(r => new RefusalView(r.Code, r.Message)).ToList(),
            liveOffers.TryGetValue(x.Job.Id, out var offerId) ? offerId.Value : null)).ToList();
        return new OpenJobPage(items, request.Page, request.PageSize, listed.Count, activeLoad, agent.MaxConcurrentJobs);
    }

    private static OpenJobQuote QuoteOf(JobQuote quote) => new(
        quote.UnitCount,
        quote.WorkerPay.Amount,
        quote.AgentMargin.Amount,
        (quote.WorkerPay + quote.AgentMargin).Amount,
        (quote.AudioMs + 59_999) / 60_000,
        quote.KeyedFields);
}
