using System.ComponentModel.DataAnnotations;
using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Localization;
using Market.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Agent;

/// <summary>The agent's home workers (availability, tier, what they hold now), certifications lapsing soon, and its teams.</summary>
[Authorize(Roles = AgentUser.ManagerRoles)]
public sealed class TeamModel(AgentApiClient agents, ProblemLocalizer problems, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const string NoticeKey = "AgentTeamNotice";
    public const string MemberKey = "Member.UserId";

    public IReadOnlyList<AgentWorker> Workers { get; private set; } = [];

    public IReadOnlyList<AgentTeam> Teams { get; private set; } = [];

    /// <summary>How far ahead a certification counts as lapsing: a month gives the worker time to renew.</summary>
    public const int LapsingWithinDays = 30;

    /// <summary>Certifications renewal-due, in grace or ending within <see cref="LapsingWithinDays"/>; null when the API could not say.</summary>
    public IReadOnlyList<MemberCertification>? Lapsing { get; private set; }

    public string? Problem { get; private set; }

    public NewTeamInput NewTeam { get; set; } = new();

    /// <summary>The team a member was just refused for.</summary>
    public Guid? MemberTeamId { get; private set; }

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public string NameOf(Guid userId) => Workers.FirstOrDefault(w => w.UserId == userId)?.DisplayName ?? userId.ToString("D")[..8];

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateTeamAsync([FromForm(Name = "NewTeam")] NewTeamInput newTeam, CancellationToken cancellationToken)
    {
        NewTeam = newTeam;
        if (ModelState.IsValid)
        {
            var result = await agents.CreateTeamAsync(User.AgentId(), newTeam.Name!.Trim(), cancellationToken);
            if (result.Succeeded)
            {
                Notice = "Agent_Notice_TeamCreated";
                return RedirectToPage();
            }

            problems.AddToModelState(ModelState, result.Problem, new Dictionary<string, string> { ["name"] = "NewTeam.Name" }, new Dictionary<string, string>());
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAddMemberAsync(Guid teamId, Guid? userId, CancellationToken cancellationToken)
    {
        MemberTeamId = teamId;
        if (userId is null)
        {
            ModelState.AddModelError(MemberKey, localizer["Validation_Choose", localizer["Agent_Field_Worker"]]);
        }
        else
        {
            var result = await agents.AddTeamMemberAsync(User.AgentId(), teamId, userId.Value, cancellationToken);
            if (result.Succeeded)
            {
                Notice = "Agent_Notice_MemberAdded";
                return RedirectToPage();
            }

            ModelState.AddModelError(MemberKey, problems.Explain(result.Problem));
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var agentId = User.AgentId();
        var workers = await agents.ListWorkersAsync(agentId, cancellationToken);
        if (!workers.Succeeded)
        {
            Problem = problems.Explain(workers.Problem);
            return;
        }

        Workers = workers.Value;
        var teams = await agents.ListTeamsAsync(agentId, cancellationToken);
        Teams = teams.Succeeded ? teams.Value : [];
        var certifications = await agents.ListCertificationsAsync(agentId, LapsingWithinDays, lapsingOnly: true, cancellationToken);
        Lapsing = certifications.Succeeded
            ? certifications.Value.Items.Where(c => c.LapsingSoon).OrderBy(c => c.Certification.ValidUntil).ToList()
            : null;
    }

    public sealed class NewTeamInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(100, ErrorMessage = "Validation_MaxLength")]
        [Display(Name = "Agent_Field_TeamName")]
        public string? Name { get; set; }
    }
}
