using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Auth;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Operator;

/// <summary>The operator's front page: agents waiting for vetting and the state of the market at a glance.</summary>
public sealed class IndexModel(OperatorApiClient operators, ProblemLocalizer problems) : PageModel
{
    internal static readonly PortalSection[] Sections =
    [
        new("Accounts"),
        new("AuditLog"),
    ];

    public PortalHome Home => PortalHome.For(Portal.Operator, User, Sections);

    /// <summary>How many agents are in each vetting state.</summary>
    public IReadOnlyDictionary<string, int> AgentsByStatus { get; private set; } = new Dictionary<string, int>();

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        foreach (var status in AgentVocabulary.VettingStatuses)
        {
            var result = await operators.ListAgentsAsync(status, 1, 1, cancellationToken);
            if (!result.Succeeded)
            {
                Problem = problems.Explain(result.Problem);
                return;
            }

            counts[status] = result.Value.Total;
        }

        AgentsByStatus = counts;
    }
}
