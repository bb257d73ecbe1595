using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Auth;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Agent;

/// <summary>
/// The agent console's front page: the agent's standing (vetting, capacity, certifications), what waits for the
/// signed-in person's role (offers to make, units to hand out, work to inspect, appeals to decide) and the jobs in hand.
/// </summary>
public sealed class IndexModel(AgentApiClient agents, AgentReviewApiClient reviews, JobsApiClient jobs, ProblemLocalizer problems) : PageModel
{
    public const int JobsShown = 5;

    /// <summary>Parts of the console still to come; the live ones are linked from the cards above them.</summary>
    internal static readonly PortalSection[] Sections =
    [
        new("TeamRoom"),
        new("AgentImpact", MarketRoles.AgentOwner),
    ];

    public PortalHome Home => PortalHome.For(Portal.Agent, User, Sections);

    public AgentProfile? Agent { get; private set; }

    public string? Problem { get; private set; }

    public int? EligibleOpenJobs { get; private set; }

    public int? WaitingReviews { get; private set; }

    public int? PendingAppeals { get; private set; }

    public JobPage? Jobs { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var agentId = User.AgentId();
        var agent = await agents.GetAgentAsync(agentId, cancellationToken);
        if (!agent.Succeeded)
        {
            Problem = problems.Explain(agent.Problem);
            return;
        }

        Agent = agent.Value;
        if (User.IsAgentManager())
        {
            var open = await agents.ListOpenJobsAsync(agentId, includeIneligible: false, page: 1, pageSize: 1, cancellationToken);
            EligibleOpenJobs = open.Succeeded ? open.Value.Total : null;
        }

        var queue = await reviews.GetQueueAsync(agentId, null, 1, 1, cancellationToken);
        WaitingReviews = queue.Succeeded ? queue.Value.Total : null;
        if (User.IsAgentOwner())
        {
            var appeals = await reviews.ListAppealsAsync(agentId, cancellationToken);
            PendingAppeals = appeals.Succeeded ? appeals.Value.Count : null;
        }

        var mine = await jobs.ListAsync(null, 1, JobsShown, cancellationToken);
        Jobs = mine.Succeeded ? mine.Value : null;
    }
}
