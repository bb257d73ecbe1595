using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Team;

/// <summary>The caller's team rooms with their unread messages and mentions.</summary>
[Authorize(Roles = "AgentOwner,AgentCoordinator,AgentReviewer,Worker")]
public sealed class IndexModel(TeamRoomApiClient rooms, ProblemLocalizer problems) : PageModel
{
    public IReadOnlyList<MyTeamRoom> Rooms { get; private set; } = [];

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await rooms.MyRoomsAsync(cancellationToken);
        if (result.Succeeded)
        {
            Rooms = result.Value;
        }
        else
        {
            Problem = problems.Explain(result.Problem);
        }
    }
}
