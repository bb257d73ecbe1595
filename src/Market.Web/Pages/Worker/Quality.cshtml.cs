using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Worker;

/// <summary>
/// The worker's quality score over the last 90 days and every input behind it, so the number can be checked; and their
/// tier, with the figures it is decided from beside what tiers A and S ask.
/// </summary>
public sealed class QualityModel(WorkerApiClient worker, ProblemLocalizer problems) : PageModel
{
    public MyQuality? Quality { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>The worker's tier and its inputs; null when the API could not say (the score is still shown).</summary>
    public MyTier? Tier { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var quality = await worker.GetMyQualityAsync(cancellationToken);
        if (quality.Succeeded)
        {
            Quality = quality.Value;
        }
        else
        {
            Problem = problems.Explain(quality.Problem);
        }

        var tier = await worker.GetMyTierAsync(cancellationToken);
        Tier = tier.Succeeded ? tier.Value : null;
    }
}
