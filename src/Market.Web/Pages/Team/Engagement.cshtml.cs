using Market.Web.Api;
using Market.Web.Localization;
using Market.Web.Pages.Reports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Market.Web.Resources;

namespace Market.Web.Pages.Team;

/// <summary>The coordinator's view of a team: weekly engagement with a chart, the idle alerts, and the alert threshold.</summary>
[Authorize(Roles = "AgentOwner,AgentCoordinator,AgentReviewer")]
public sealed class EngagementModel(TeamRoomApiClient rooms, ProblemLocalizer problems, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const int Weeks = 8;

    [BindProperty(SupportsGet = true)]
    public Guid TeamId { get; set; }

    public TeamEngagement? Engagement { get; private set; }

    public IReadOnlyList<IdleAlert> Alerts { get; private set; } = [];

    public TeamRoomSettings? Settings { get; private set; }

    public string? Problem { get; private set; }

    [TempData(Key = RoomModel.NoticeKey)]
    public string? Notice { get; set; }

    public bool IsManager => TeamVocabulary.MayAnnounce(User);

    public BarChart ActivityChart => new(
        localizer["Team_Engagement_ChartTitle"],
        Engagement?.Weeks.Select(w => new Bar(w.WeekStart.ToString("M/d", System.Globalization.CultureInfo.InvariantCulture), w.ActiveDays, TeamVocabulary.Number(w.ActiveDays))).ToList() ?? []);

    public BarChart MessagesChart => new(
        localizer["Team_Engagement_MessagesChartTitle"],
        Engagement?.Weeks.Select(w => new Bar(w.WeekStart.ToString("M/d", System.Globalization.CultureInfo.InvariantCulture), w.Messages + w.CheckIns, TeamVocabulary.Number(w.Messages + w.CheckIns))).ToList() ?? []);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid alertId, CancellationToken cancellationToken)
    {
        if (TeamVocabulary.AgentId(User) is not { } agentId)
        {
            return Forbid();
        }

        var result = await rooms.AcknowledgeAsync(agentId, alertId, cancellationToken);
        if (!result.Succeeded)
        {
            Problem = problems.Explain(result.Problem);
            return await LoadAsync(cancellationToken) ?? Page();
        }

        Notice = "Team_Notice_Acknowledged";
        return RedirectToPage(new { TeamId });
    }

    public async Task<IActionResult> OnPostSettingsAsync(int idleAlertDays, CancellationToken cancellationToken)
    {
        if (TeamVocabulary.AgentId(User) is not { } agentId)
        {
            return Forbid();
        }

        var result = await rooms.SetSettingsAsync(agentId, idleAlertDays, cancellationToken);
        if (!result.Succeeded)
        {
            Problem = problems.Explain(result.Problem);
            return await LoadAsync(cancellationToken) ?? Page();
        }

        Notice = "Team_Notice_SettingsSaved";
        return RedirectToPage(new { TeamId });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (TeamVocabulary.AgentId(User) is not { } agentId)
        {
            return Forbid();
        }

        var engagement = await rooms.EngagementAsync(agentId, TeamId, Weeks, cancellationToken);
        if (!engagement.Succeeded)
        {
            if (engagement.Problem.Status == StatusCodes.Status404NotFound)
            {
                return NotFound();
            }

            Problem ??= problems.Explain(engagement.Problem);
            return null;
        }

        Engagement = engagement.Value;
        if (IsManager)
        {
            var alerts = await rooms.IdleAlertsAsync(agentId, cancellationToken);
            var members = Engagement.Weeks.LastOrDefault()?.ByMember.Select(m => m.UserId).ToHashSet() ?? [];
            Alerts = alerts.Value?.Where(a => members.Contains(a.WorkerUserId)).ToList() ?? [];
            Settings = (await rooms.SettingsAsync(agentId, cancellationToken)).Value;
        }

        return null;
    }
}
