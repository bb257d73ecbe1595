using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Worker;

/// <summary>The worker's quality score over the last 90 days and every input behind it, so the number can be checked.</summary>
public sealed class QualityModel(WorkerApiClient worker, ProblemLocalizer problems) : PageModel
{
    public MyQuality? Quality { get; private set; }

    public string? Problem { get; private set; }

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
    }
}
