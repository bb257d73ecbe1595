using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Auth;
using Market.Web.Localization;
using Market.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Agent;

/// <summary>The owner decides workers' appeals against rejections: uphold (with a reason) or overturn (the work is accepted and paid).</summary>
[Authorize(Roles = MarketRoles.AgentOwner)]
public sealed class AppealsModel(AgentReviewApiClient reviews, ProblemLocalizer problems, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const string NoticeKey = "AgentAppealNotice";
    public const string OutcomeKey = "Decision.Outcome";
    public const string NoteKey = "Decision.Note";

    private static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string> { ["outcome"] = OutcomeKey, ["note"] = NoteKey };

    private static readonly IReadOnlyDictionary<string, string> Codes = new Dictionary<string, string>
    {
        ["appeal_decision_note_required"] = NoteKey,
        ["review_comment_too_long"] = NoteKey,
        ["appeal_outcome_unknown"] = OutcomeKey,
    };

    public IReadOnlyList<AppealItem> Appeals { get; private set; } = [];

    public string? Problem { get; private set; }

    /// <summary>The appeal whose decision was just refused; its form shows why.</summary>
    public Guid? DecidedTaskId { get; private set; }

    public string? PostedOutcome { get; private set; }

    public string? PostedNote { get; private set; }

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostDecideAsync(Guid taskId, string? outcome, string? note, CancellationToken cancellationToken)
    {
        (DecidedTaskId, PostedOutcome, PostedNote) = (taskId, outcome, note);
        if (outcome is null || !AgentVocabulary.AppealOutcomes.Contains(outcome))
        {
            ModelState.AddModelError(OutcomeKey, localizer["Validation_Choose", localizer["Agent_Field_AppealOutcome"]]);
        }
        else if (outcome == "Upheld" && string.IsNullOrWhiteSpace(note))
        {
            ModelState.AddModelError(NoteKey, localizer["Agent_Problem_AppealNoteRequired"]);
        }
        else
        {
            var result = await reviews.DecideAppealAsync(taskId, new AppealDecisionRequest(outcome, string.IsNullOrWhiteSpace(note) ? null : note.Trim()), cancellationToken);
            if (result.Succeeded)
            {
                Notice = outcome == "Upheld" ? "Agent_Notice_AppealUpheld" : "Agent_Notice_AppealOverturned";
                return RedirectToPage();
            }

            problems.AddToModelState(ModelState, result.Problem, Fields, Codes);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var result = await reviews.ListAppealsAsync(User.AgentId(), cancellationToken);
        if (result.Succeeded)
        {
            Appeals = result.Value;
        }
        else
        {
            Problem = problems.Explain(result.Problem);
        }
    }
}
