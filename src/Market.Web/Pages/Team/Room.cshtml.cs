using System.ComponentModel.DataAnnotations;
using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Team;

/// <summary>
/// A team's room: who is there (live), start and end of work, and the channel. Everything works without JavaScript;
/// with it, presence and new messages arrive live through the relay to the API's hub.
/// </summary>
[Authorize(Roles = "AgentOwner,AgentCoordinator,AgentReviewer,Worker")]
public sealed class RoomModel(TeamRoomApiClient rooms, ProblemLocalizer problems) : PageModel
{
    public const int MessagePageSize = 30;
    public const string NoticeKey = "TeamNotice";

    private static readonly IReadOnlyDictionary<string, string> MessageFields = new Dictionary<string, string> { ["body"] = "Post.Body" };
    private static readonly IReadOnlyDictionary<string, string> MessageCodes = new Dictionary<string, string>
    {
        ["team_message_body_required"] = "Post.Body",
        ["team_message_too_long"] = "Post.Body",
        ["team_mention_not_in_team"] = "Post.Mentions",
    };

    [BindProperty(SupportsGet = true)]
    public Guid TeamId { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public Guid AgentId { get; private set; }

    public string TeamName { get; private set; } = string.Empty;

    public PresenceBoard? Board { get; private set; }

    public TeamMessagePage? Messages { get; private set; }

    /// <summary>Unread when the page was opened (the page then marks the channel read).</summary>
    public int UnreadOnArrival { get; private set; }

    public MyCheckIns? CheckIns { get; private set; }

    public PresenceVisibility? Visibility { get; private set; }

    public PostInput Post { get; set; } = new();

    public NoteInput Note { get; set; } = new();

    public string? Problem { get; private set; }

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public bool IsWorker => User.IsInRole(Auth.MarketRoles.Worker);

    public bool MayPost => IsWorker || TeamVocabulary.MayAnnounce(User);

    public bool MayAnnounce => TeamVocabulary.MayAnnounce(User);

    public int StartedToday => Board?.Members.Count(m => m.StartedToday is not null) ?? 0;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(markRead: true, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostStartAsync([FromForm(Name = "Note")] NoteInput note, CancellationToken cancellationToken)
    {
        var result = await rooms.StartWorkAsync(Clean(note.Text), cancellationToken);
        return await DoneAsync(result.Succeeded ? "Team_Notice_Started" : null, result.Problem, cancellationToken);
    }

    public async Task<IActionResult> OnPostEndAsync([FromForm(Name = "Note")] NoteInput note, CancellationToken cancellationToken)
    {
        var result = await rooms.EndWorkAsync(Clean(note.Text), cancellationToken);
        return await DoneAsync(result.Succeeded ? "Team_Notice_Ended" : null, result.Problem, cancellationToken);
    }

    public async Task<IActionResult> OnPostVisibilityAsync(bool visible, CancellationToken cancellationToken)
    {
        var result = await rooms.SetVisibilityAsync(visible, cancellationToken);
        return await DoneAsync(result.Succeeded ? (visible ? "Team_Notice_Visible" : "Team_Notice_Hidden") : null, result.Problem, cancellationToken);
    }

    public async Task<IActionResult> OnPostMessageAsync([FromForm(Name = "Post")] PostInput post, CancellationToken cancellationToken)
    {
        Post = post;
        if (ModelState.IsValid && TeamVocabulary.AgentId(User) is { } agentId)
        {
            var kind = MayAnnounce && post.Announcement ? "Announcement" : "Message";
            var result = await rooms.PostMessageAsync(agentId, TeamId, new PostTeamMessageRequest(post.Body.Trim(), kind, post.Mentions), cancellationToken);
            if (result.Succeeded)
            {
                return RedirectToPage(new { TeamId });
            }

            problems.AddToModelState(ModelState, result.Problem, MessageFields, MessageCodes);
        }

        return await LoadAsync(markRead: false, cancellationToken) ?? Page();
    }

    private async Task<IActionResult> DoneAsync(string? noticeKey, ApiProblem? problem, CancellationToken cancellationToken)
    {
        if (noticeKey is not null)
        {
            Notice = noticeKey;
            return RedirectToPage(new { TeamId });
        }

        return await LoadAsync(markRead: false, cancellationToken, problem is null ? null : problems.Explain(problem)) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(bool markRead, CancellationToken cancellationToken, string? problem = null)
    {
        if (TeamVocabulary.AgentId(User) is not { } agentId)
        {
            return Forbid();
        }

        AgentId = agentId;
        Problem = problem;
        var board = await rooms.PresenceAsync(agentId, TeamId, cancellationToken);
        if (!board.Succeeded)
        {
            return board.Problem.Status == StatusCodes.Status404NotFound ? NotFound() : Fail(board.Problem);
        }

        Board = board.Value;
        var myRooms = await rooms.MyRoomsAsync(cancellationToken);
        TeamName = myRooms.Value?.FirstOrDefault(r => r.TeamId == TeamId)?.Name ?? string.Empty;
        var messages = await rooms.MessagesAsync(agentId, TeamId, Before, MessagePageSize, cancellationToken);
        if (!messages.Succeeded)
        {
            return Fail(messages.Problem);
        }

        Messages = messages.Value;
        UnreadOnArrival = Messages.Unread;
        if (markRead && Before is null && Messages.LatestSequence > Messages.LastReadSequence)
        {
            await rooms.MarkReadAsync(agentId, TeamId, Messages.LatestSequence, cancellationToken);
        }

        if (IsWorker)
        {
            CheckIns = (await rooms.MyCheckInsAsync(cancellationToken)).Value;
            Visibility = (await rooms.VisibilityAsync(cancellationToken)).Value;
        }

        return null;
    }

    private PageResult Fail(ApiProblem problem)
    {
        Problem = problems.Explain(problem);
        return Page();
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public sealed class PostInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(2000)]
        public string Body { get; set; } = string.Empty;

        public bool Announcement { get; set; }

        public List<Guid> Mentions { get; set; } = [];
    }

    public sealed class NoteInput
    {
        [StringLength(500)]
        public string? Text { get; set; }
    }
}
