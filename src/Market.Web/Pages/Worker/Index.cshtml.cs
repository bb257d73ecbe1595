using Market.Web.Api;
using Market.Web.Auth;
using Market.Web.Localization;
using Market.Web.Worker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Worker;

/// <summary>Today's work: the units in hand with the time left on each lease, rework requests, and "take the next unit".</summary>
public sealed class IndexModel(WorkerApiClient worker, ProblemLocalizer problems) : PageModel
{
    public const string NoticeKey = "WorkerNotice";

    internal static readonly PortalSection[] Sections =
    [
        new("TeamRoom"),
    ];

    public PortalHome Home => PortalHome.For(Portal.Worker, User, Sections);

    public IReadOnlyList<MyUnit> Units { get; private set; } = [];

    /// <summary>The open rework request of each unit returned to the worker, by unit.</summary>
    public IReadOnlyDictionary<Guid, MyReview> Rework { get; private set; } = new Dictionary<Guid, MyReview>();

    public string? UnitsProblem { get; private set; }

    public string? ClaimProblem { get; private set; }

    /// <summary>The claim was refused for a missing or lapsed certification: the page points to the exams.</summary>
    public bool ClaimNeedsCertification { get; private set; }

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostClaimAsync(CancellationToken cancellationToken)
    {
        var claimed = await worker.ClaimNextAsync(cancellationToken);
        if (claimed.Succeeded)
        {
            TempData[NoticeKey] = "Worker_Notice_Claimed";
            return RedirectToPage("/Worker/Units/Work", new { unitId = claimed.Value.UnitId });
        }

        ClaimProblem = problems.Explain(claimed.Problem);
        ClaimNeedsCertification = claimed.Problem.Code == "worker_certification_missing";
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var units = await worker.ListMyUnitsAsync(cancellationToken);
        if (!units.Succeeded)
        {
            UnitsProblem = problems.Explain(units.Problem);
            return;
        }

        Units = units.Value;
        if (Units.Any(u => u.UnitStatus == WorkerVocabulary.ReworkRequested))
        {
            var reviews = await worker.ListMyReviewsAsync(cancellationToken);
            if (reviews.Succeeded)
            {
                Rework = WorkerVocabulary.OpenReworkByUnit(reviews.Value);
            }
        }
    }
}
