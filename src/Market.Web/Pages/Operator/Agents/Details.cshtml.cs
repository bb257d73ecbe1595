using System.ComponentModel.DataAnnotations;
using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Localization;
using Market.Web.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Operator.Agents;

/// <summary>One agent as the operator vets it: approve, suspend or reinstate with a reason, record certifications, set capacity.</summary>
public sealed class DetailsModel(OperatorApiClient operators, ProblemLocalizer problems, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const string NoticeKey = "OperatorAgentNotice";
    public const string ApproveKey = "Approve";
    public const string CertificationKey = "Certification";

    private static readonly IReadOnlyDictionary<string, string> ReasonFields = new Dictionary<string, string> { ["reason"] = "Vetting.Reason" };

    private static readonly IReadOnlyDictionary<string, string> ReasonCodes = new Dictionary<string, string>
    {
        ["agent_suspension_reason_required"] = "Vetting.Reason",
        ["agent_reinstatement_reason_required"] = "Vetting.Reason",
        ["agent_not_approved"] = "Vetting.Reason",
        ["agent_not_suspended"] = "Vetting.Reason",
    };

    private static readonly IReadOnlyDictionary<string, string> CapacityFields = new Dictionary<string, string> { ["maxConcurrentJobs"] = "Capacity.MaxConcurrentJobs" };

    private static readonly IReadOnlyDictionary<string, string> CapacityCodes = new Dictionary<string, string> { ["agent_capacity_out_of_range"] = "Capacity.MaxConcurrentJobs" };

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public AgentProfile Agent { get; private set; } = null!;

    public VettingInput Vetting { get; set; } = new();

    public CapacityInput Capacity { get; set; } = new();

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(cancellationToken);
        if (loaded is null)
        {
            Capacity.MaxConcurrentJobs = Agent.MaxConcurrentJobs;
        }

        return loaded ?? Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken)
    {
        var result = await operators.ApproveAsync(Id, cancellationToken);
        if (result.Succeeded)
        {
            return Done("Operator_Notice_Approved");
        }

        ModelState.AddModelError(ApproveKey, problems.Explain(result.Problem));
        return await ShowAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostSuspendAsync([FromForm(Name = "Vetting")] VettingInput vetting, CancellationToken cancellationToken) =>
        ChangeVettingAsync(vetting, operators.SuspendAsync, "Operator_Notice_Suspended", cancellationToken);

    public Task<IActionResult> OnPostReinstateAsync([FromForm(Name = "Vetting")] VettingInput vetting, CancellationToken cancellationToken) =>
        ChangeVettingAsync(vetting, operators.ReinstateAsync, "Operator_Notice_Reinstated", cancellationToken);

    public async Task<IActionResult> OnPostCertificationAsync(string? certification, bool granted, CancellationToken cancellationToken)
    {
        if (certification is null || !AgentVocabulary.OrganisationCertifications.Contains(certification))
        {
            ModelState.AddModelError(CertificationKey, localizer["Validation_Choose", localizer["Agent_Certifications"]]);
            return await ShowAsync(cancellationToken);
        }

        var result = await operators.SetCertificationAsync(Id, certification, granted, cancellationToken);
        if (result.Succeeded)
        {
            return Done(granted ? "Operator_Notice_CertificationGranted" : "Operator_Notice_CertificationWithdrawn");
        }

        ModelState.AddModelError(CertificationKey, problems.Explain(result.Problem));
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCapacityAsync([FromForm(Name = "Capacity")] CapacityInput capacity, CancellationToken cancellationToken)
    {
        Capacity = capacity;
        if (ModelState.IsValid)
        {
            var result = await operators.SetCapacityAsync(Id, capacity.MaxConcurrentJobs!.Value, cancellationToken);
            if (result.Succeeded)
            {
                return Done("Operator_Notice_CapacitySet");
            }

            problems.AddToModelState(ModelState, result.Problem, CapacityFields, CapacityCodes);
        }

        return await LoadAsync(cancellationToken) ?? Page();
    }

    private async Task<IActionResult> ChangeVettingAsync(
        VettingInput vetting,
        Func<Guid, string?, CancellationToken, Task<ApiResult<AgentProfile>>> change,
        string notice,
        CancellationToken cancellationToken)
    {
        Vetting = vetting;
        if (ModelState.IsValid)
        {
            var result = await change(Id, vetting.Reason!.Trim(), cancellationToken);
            if (result.Succeeded)
            {
                return Done(notice);
            }

            problems.AddToModelState(ModelState, result.Problem, ReasonFields, ReasonCodes);
        }

        return await ShowAsync(cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(cancellationToken);
        if (loaded is null && !ModelState.ContainsKey("Capacity.MaxConcurrentJobs"))
        {
            Capacity.MaxConcurrentJobs = Agent.MaxConcurrentJobs;
        }

        return loaded ?? Page();
    }

    private RedirectToPageResult Done(string noticeKey)
    {
        Notice = noticeKey;
        return RedirectToPage(new { id = Id });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var agent = await operators.GetAgentAsync(Id, cancellationToken);
        if (!agent.Succeeded)
        {
            return agent.Problem.Status == StatusCodes.Status404NotFound ? NotFound() : StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        Agent = agent.Value;
        return null;
    }

    public sealed class VettingInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(1000, ErrorMessage = "Validation_MaxLength")]
        [Display(Name = "Field_Reason")]
        public string? Reason { get; set; }
    }

    public sealed class CapacityInput
    {
        // The range is the domain's rule; its refusal (agent_capacity_out_of_range) shows beside the field.
        [Required(ErrorMessage = "Validation_Required")]
        [Display(Name = "Operator_Field_Capacity")]
        public int? MaxConcurrentJobs { get; set; }
    }
}
