using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Auth;
using Market.Web.Localization;
using Market.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Agent.Payouts;

/// <summary>
/// One payout batch: each worker's payout to their (masked) account and the dues carried forward; the owner downloads
/// the Zengin file for the bank and, once the bank has made the transfers, confirms them, naming any that failed.
/// </summary>
[Authorize(Roles = AgentUser.ManagerRoles)]
public sealed class DetailsModel(AgentPayoutsApiClient payouts, ProblemLocalizer problems, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const string NoticeKey = "AgentPayoutNotice";
    public const string ActionKey = "Batch";

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public PayoutBatchDetail Detail { get; private set; } = null!;

    /// <summary>The workers marked as failed on the confirmation just refused, and the reasons typed for them.</summary>
    public IReadOnlyDictionary<Guid, string> PostedFailures { get; private set; } = new Dictionary<Guid, string>();

    public string IdempotencyKey { get; private set; } = Guid.NewGuid().ToString();

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public bool IsOwner => User.IsInRole(MarketRoles.AgentOwner);

    public bool CanDownload => IsOwner && Detail.Batch.Status is "Posted" or "FileIssued";

    public bool CanConfirm => IsOwner && Detail.Batch.Status == "FileIssued";

    public static string ReasonKey(Guid workerId) => "Failure." + workerId.ToString("N");

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnGetZenginAsync(CancellationToken cancellationToken)
    {
        if (!IsOwner)
        {
            return Forbid();
        }

        var file = await payouts.OpenZenginFileAsync(User.AgentId(), Id, cancellationToken);
        if (!file.Succeeded)
        {
            ModelState.AddModelError(ActionKey, problems.Explain(file.Problem));
            return await LoadAsync(cancellationToken) ?? Page();
        }

        HttpContext.Response.RegisterForDispose(file.Value);
        return File(file.Value.Content, "text/plain; charset=shift_jis", file.Value.FileName ?? $"zengin-{Id:N}.txt");
    }

    public async Task<IActionResult> OnPostConfirmAsync(List<Guid>? failed, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!IsOwner)
        {
            return Forbid();
        }

        IdempotencyKey = Guid.TryParse(idempotencyKey, out _) ? idempotencyKey! : Guid.NewGuid().ToString();
        var failures = new List<PayoutFailure>();
        var typed = new Dictionary<Guid, string>();
        foreach (var workerId in (failed ?? []).Distinct())
        {
            var reason = Request.Form["reason-" + workerId.ToString("N")].ToString().Trim();
            typed[workerId] = reason;
            if (reason.Length == 0)
            {
                ModelState.AddModelError(ReasonKey(workerId), localizer["Agent_Payouts_FailureReasonRequired"]);
            }

            failures.Add(new PayoutFailure(workerId, reason));
        }

        PostedFailures = typed;
        if (ModelState.IsValid)
        {
            var result = await payouts.ConfirmAsync(User.AgentId(), Id, failures, IdempotencyKey, cancellationToken);
            if (result.Succeeded)
            {
                Notice = failures.Count == 0 ? "Agent_Notice_PayoutsConfirmed" : "Agent_Notice_PayoutsConfirmedWithFailures";
                return RedirectToPage(new { id = Id });
            }

            ModelState.AddModelError(ActionKey, problems.Explain(result.Problem));
        }

        return await LoadAsync(cancellationToken) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var detail = await payouts.GetAsync(User.AgentId(), Id, cancellationToken);
        if (!detail.Succeeded)
        {
            return detail.Problem.Status is StatusCodes.Status404NotFound or StatusCodes.Status403Forbidden
                ? NotFound()
                : StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        Detail = detail.Value;
        return null;
    }
}
