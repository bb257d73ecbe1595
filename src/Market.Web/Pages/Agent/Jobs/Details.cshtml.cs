using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Localization;
using Market.Web.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Agent.Jobs;

/// <summary>
/// One job as its agent works it: progress and the unit board (state, holder, lease), starting the work, assigning by
/// hand or by policy with every candidate's reasons, subcontracts to allied agents, and the final check and delivery.
/// </summary>
public sealed class DetailsModel(
    JobsApiClient jobs,
    AgentApiClient agents,
    ProblemLocalizer problems,
    IStringLocalizer<SharedResource> localizer,
    TimeProvider clock) : PageModel
{
    public const string NoticeKey = "AgentJobNotice";
    public const string RankingKey = "AgentJobRanking";
    public const int BoardPageSize = 50;

    /// <summary>
    /// Up to this many active workers each unit's row has its own drop-down of them. A larger agent gets one shared,
    /// searchable list (a <c>datalist</c>) that every row's field refers to: a drop-down per row repeats every worker
    /// 50 times, and for an agent of 4,000 workers that made the board 30 MB and 1.8 s to first byte
    /// (docs/benchmarks.md section 5; ADR 0045). Nobody scrolls a 4,000-entry drop-down anyway.
    /// </summary>
    public const int WorkerSelectLimit = 50;

    /// <summary>
    /// A lease this close to its end is flagged on the board, so a coordinator can chase or reassign it. Leases last at
    /// least 30 minutes and every autosave renews them, so a lease this near its end means nobody is working on it.
    /// </summary>
    public static readonly TimeSpan ExpiringSoon = TimeSpan.FromMinutes(10);

    public const string AssignKey = "Assign";
    public const string SubcontractReasonKey = "Subcontract.Reason";
    public const string DeliverKey = "Deliver";
    public const string StartKey = "Start";

    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>();

    private static readonly IReadOnlyDictionary<string, string> ProposeFields = new Dictionary<string, string>
    {
        ["subAgentId"] = "Propose.SubAgentId",
        ["unitIds"] = "Propose.UnitIds",
        ["price"] = "Propose.Price",
        ["basis"] = "Propose.Basis",
    };

    private static readonly IReadOnlyDictionary<string, string> ProposeCodes = new Dictionary<string, string>
    {
        ["subcontract_sub_agent_not_found"] = "Propose.SubAgentId",
        ["subcontract_to_self"] = "Propose.SubAgentId",
        ["agent_not_approved"] = "Propose.SubAgentId",
        ["agent_region_mismatch"] = "Propose.SubAgentId",
        ["agent_lacks_privacy_mark"] = "Propose.SubAgentId",
        ["agent_capacity_full"] = "Propose.SubAgentId",
        ["subcontract_no_units"] = "Propose.UnitIds",
        ["subcontract_unit_not_found"] = "Propose.UnitIds",
        ["subcontract_unit_already_subcontracted"] = "Propose.UnitIds",
        ["subcontract_unit_started"] = "Propose.UnitIds",
        ["subcontract_price_not_positive"] = "Propose.Price",
        ["subcontract_price_basis_unknown"] = "Propose.Basis",
    };

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? StateFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int BoardPage { get; set; } = 1;

    public ProposeInput Propose { get; set; } = new();

    public JobDetails Job { get; private set; } = null!;

    public AgentUnitPage? Board { get; private set; }

    public string? BoardProblem { get; private set; }

    public IReadOnlyList<AgentWorker> Workers { get; private set; } = [];

    /// <summary>The workers a unit can be handed to.</summary>
    public IReadOnlyList<AgentWorker> AssignableWorkers => Workers.Where(w => w.Status == "Active").ToList();

    /// <summary>True when the rows share one searchable worker list instead of a drop-down each.</summary>
    public bool SearchesWorkers => Workers.Count(w => w.Status == "Active") > WorkerSelectLimit;

    /// <summary>What the shared list offers and a row's field sends back for a worker: the name and a short code that tells namesakes apart.</summary>
    public static string WorkerChoice(AgentWorker worker) => $"{worker.DisplayName} #{worker.UserId:N}"[..(worker.DisplayName.Length + 10)];

    public IReadOnlyList<Subcontract> Subcontracts { get; private set; } = [];

    /// <summary>The ranking the policy made on the last auto-assignment (or the refusal of every worker).</summary>
    public IReadOnlyList<CandidateRanking> Ranking { get; private set; } = [];

    /// <summary>The unit whose assignment was just refused; its row shows why.</summary>
    public Guid? AssignedUnitId { get; private set; }

    /// <summary>The subcontract whose decline or cancellation was just refused.</summary>
    public Guid? ActedSubcontractId { get; private set; }

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public DateTimeOffset Now => clock.GetUtcNow();

    public bool IsLead => Job.ContractedAgentId == User.AgentId();

    public bool CanManage => User.IsAgentManager();

    public int BoardPageCount => Board is null ? 0 : Math.Max(1, (Board.Total + BoardPageSize - 1) / BoardPageSize);

    public int ExpiringLeases => Board?.Items.Count(u => IsExpiringSoon(u)) ?? 0;

    public int HeldUnits => Board?.Items.Count(u => u.Holder is not null) ?? 0;

    public bool CanStartWork => IsLead && CanManage && Job.Status == "Contracted";

    /// <summary>Every planned unit is accepted and the job is still being worked: the deliverable can be assembled.</summary>
    public bool ReadyToDeliver =>
        Job.Status is "InProgress" or "RevisionRequested" && Job.Progress.Total > 0 && Job.Progress.Accepted == Job.Progress.Total;

    public bool ShowsDelivery => IsLead && CanManage && Job.Status is "InProgress" or "RevisionRequested" or "Delivered" or "Accepted" or "Closed";

    public bool IsExpiringSoon(AgentUnit unit) => unit.LeaseExpiresAt is { } expires && expires - Now <= ExpiringSoon;

    public string WorkerName(Guid workerId) => Workers.FirstOrDefault(w => w.UserId == workerId)?.DisplayName ?? workerId.ToString("D")[..8];

    /// <summary>Units the lead may still hand to an allied agent: in its own pool, not started, not offered elsewhere.</summary>
    public bool CanSubcontract(AgentUnit unit) =>
        unit.Pool == "Lead" && unit.Holder is null && unit.ProposedTo is null && unit.Status is "Pending" or "Available";

    /// <summary>Units a coordinator may hand to a worker (or move to another worker).</summary>
    public bool CanAssign(AgentUnit unit) => CanManage && unit.Status is "Available" or "Assigned" && unit.ProposedTo is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (TempData[RankingKey] is string ranking)
        {
            Ranking = JsonSerializer.Deserialize<List<CandidateRanking>>(ranking, JsonSerializerOptions.Web) ?? [];
        }

        return await LoadAsync(cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnGetDeliverableAsync(CancellationToken cancellationToken)
    {
        var download = await jobs.OpenDeliverableAsync(Id, cancellationToken);
        if (!download.Succeeded)
        {
            return download.Problem.Status == StatusCodes.Status404NotFound ? NotFound() : await FailAsync(DeliverKey, download.Problem, cancellationToken);
        }

        HttpContext.Response.RegisterForDispose(download.Value);
        return File(download.Value.Content, download.Value.MediaType, download.Value.FileName ?? $"deliverable-{Id:N}");
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken cancellationToken)
    {
        var result = await agents.StartWorkAsync(Id, cancellationToken);
        return result.Succeeded ? Done("Agent_Notice_WorkStarted") : await FailAsync(StartKey, result.Problem, cancellationToken);
    }

    public async Task<IActionResult> OnPostAssignAsync(Guid unitId, Guid? workerId, string? worker, bool auto, CancellationToken cancellationToken)
    {
        AssignedUnitId = unitId;
        if (!auto && workerId is null && !string.IsNullOrWhiteSpace(worker))
        {
            // The shared searchable list sends what was typed or picked: "name #code".
            workerId = await ResolveWorkerAsync(worker.Trim(), cancellationToken);
            if (workerId is null)
            {
                ModelState.AddModelError(AssignKey, localizer["Agent_Validation_WorkerNotInList"]);
                return await LoadAsync(cancellationToken) ?? Page();
            }
        }

        if (!auto && workerId is null)
        {
            ModelState.AddModelError(AssignKey, localizer["Validation_Choose", localizer["Agent_Field_Worker"]]);
            return await LoadAsync(cancellationToken) ?? Page();
        }

        var result = await agents.AssignAsync(unitId, new AssignRequest(auto ? null : workerId, auto), cancellationToken);
        if (result.Result.Succeeded)
        {
            if (result.Result.Value.Ranking is { Count: > 0 } ranking)
            {
                TempData[RankingKey] = JsonSerializer.Serialize(ranking, JsonSerializerOptions.Web);
            }

            return Done(auto ? "Agent_Notice_AutoAssigned" : "Agent_Notice_Assigned");
        }

        Ranking = result.Ranking;
        ModelState.AddProblem(problems, localizer, result.Result.Problem, result.Refusals, NoFields, new Dictionary<string, string>());
        MoveSummaryTo(AssignKey);
        return await LoadAsync(cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostProposeAsync([FromForm(Name = "Propose")] ProposeInput propose, CancellationToken cancellationToken)
    {
        Propose = propose;
        if (!Guid.TryParse(propose.IdempotencyKey, out _))
        {
            propose.IdempotencyKey = Guid.NewGuid().ToString();
        }

        Guid subAgentId = Guid.Empty;
        if (!string.IsNullOrWhiteSpace(propose.SubAgentId) && !Guid.TryParse(propose.SubAgentId.Trim(), out subAgentId))
        {
            ModelState.AddModelError("Propose.SubAgentId", localizer["Agent_Validation_AgentId"]);
        }

        if (propose.UnitIds.Count == 0)
        {
            ModelState.AddModelError("Propose.UnitIds", localizer["Agent_Validation_ChooseUnits"]);
        }

        if (!AgentVocabulary.PriceBases.Contains(propose.Basis))
        {
            ModelState.AddModelError("Propose.Basis", localizer["Validation_Choose", localizer["Agent_Field_PriceBasis"]]);
        }

        if (ModelState.IsValid)
        {
            var request = new SubcontractRequest(subAgentId, propose.UnitIds, propose.Price!.Value, propose.Basis);
            var result = await agents.ProposeSubcontractAsync(Id, request, propose.IdempotencyKey, cancellationToken);
            if (result.Result.Succeeded)
            {
                return Done("Agent_Notice_SubcontractProposed");
            }

            ModelState.AddProblem(problems, localizer, result.Result.Problem, result.Refusals, ProposeFields, ProposeCodes);
        }

        return await LoadAsync(cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostAcceptSubcontractAsync(Guid subcontractId, CancellationToken cancellationToken)
    {
        ActedSubcontractId = subcontractId;
        var result = await agents.AcceptSubcontractAsync(subcontractId, cancellationToken);
        if (result.Result.Succeeded)
        {
            return Done("Agent_Notice_SubcontractAccepted");
        }

        ModelState.AddProblem(problems, localizer, result.Result.Problem, result.Refusals, NoFields, new Dictionary<string, string>());
        MoveSummaryTo(SubcontractReasonKey);
        return await LoadAsync(cancellationToken) ?? Page();
    }

    public Task<IActionResult> OnPostDeclineSubcontractAsync(Guid subcontractId, string? reason, CancellationToken cancellationToken) =>
        EndSubcontractAsync(subcontractId, reason, agents.DeclineSubcontractAsync, "Agent_Notice_SubcontractDeclined", cancellationToken);

    public Task<IActionResult> OnPostCancelSubcontractAsync(Guid subcontractId, string? reason, CancellationToken cancellationToken) =>
        EndSubcontractAsync(subcontractId, reason, agents.CancelSubcontractAsync, "Agent_Notice_SubcontractCancelled", cancellationToken);

    public async Task<IActionResult> OnPostDeliverAsync(CancellationToken cancellationToken)
    {
        var result = await agents.DeliverAsync(Id, cancellationToken);
        return result.Succeeded ? Done("Agent_Notice_Delivered") : await FailAsync(DeliverKey, result.Problem, cancellationToken);
    }

    private async Task<IActionResult> EndSubcontractAsync(
        Guid subcontractId,
        string? reason,
        Func<Guid, string, CancellationToken, Task<ApiResult<Subcontract>>> end,
        string notice,
        CancellationToken cancellationToken)
    {
        ActedSubcontractId = subcontractId;
        if (string.IsNullOrWhiteSpace(reason))
        {
            ModelState.AddModelError(SubcontractReasonKey, localizer["Problem_ReasonRequired"]);
            return await LoadAsync(cancellationToken) ?? Page();
        }

        var result = await end(subcontractId, reason.Trim(), cancellationToken);
        if (result.Succeeded)
        {
            return Done(notice);
        }

        problems.AddToModelState(ModelState, result.Problem, new Dictionary<string, string> { ["reason"] = SubcontractReasonKey }, new Dictionary<string, string>());
        MoveSummaryTo(SubcontractReasonKey);
        return await LoadAsync(cancellationToken) ?? Page();
    }

    /// <summary>The active worker a choice from the shared list names: by its code, or by a name only one worker has.</summary>
    private async Task<Guid?> ResolveWorkerAsync(string choice, CancellationToken cancellationToken)
    {
        var workers = await agents.ListWorkersAsync(User.AgentId(), cancellationToken);
        if (!workers.Succeeded)
        {
            return null;
        }

        var active = workers.Value.Where(w => w.Status == "Active").ToList();
        var byChoice = active.Where(w => WorkerChoice(w) == choice).ToList();
        if (byChoice.Count == 1)
        {
            return byChoice[0].UserId;
        }

        var byName = active.Where(w => w.DisplayName == choice).ToList();
        return byName.Count == 1 ? byName[0].UserId : null;
    }

    private async Task<IActionResult> FailAsync(string key, ApiProblem problem, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(key, problems.Explain(problem));
        return await LoadAsync(cancellationToken) ?? Page();
    }

    /// <summary>Form-level messages of a per-row form belong beside that row, not at the top of the page.</summary>
    private void MoveSummaryTo(string key)
    {
        foreach (var message in FormErrors.Summary(ModelState))
        {
            ModelState.AddModelError(key, message);
        }

        ModelState.Remove(string.Empty);
    }

    private RedirectToPageResult Done(string noticeKey)
    {
        Notice = noticeKey;
        return RedirectToPage(new { id = Id, state = StateFilter, p = BoardPage > 1 ? BoardPage : (int?)null });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        BoardPage = Math.Max(BoardPage, 1);
        var job = await jobs.GetAsync(Id, cancellationToken);
        if (!job.Succeeded)
        {
            return job.Problem.Status is StatusCodes.Status404NotFound or StatusCodes.Status403Forbidden
                ? NotFound()
                : StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        Job = job.Value;
        var agentId = User.AgentId();
        var board = await agents.ListUnitsAsync(agentId, Id, StateFilter, BoardPage, BoardPageSize, cancellationToken);
        if (board.Succeeded)
        {
            Board = board.Value;
        }
        else
        {
            BoardProblem = problems.Explain(board.Problem);
        }

        if (CanManage)
        {
            var workers = await agents.ListWorkersAsync(agentId, cancellationToken);
            Workers = workers.Succeeded ? workers.Value : [];
        }

        var subcontracts = await agents.ListSubcontractsAsync(Id, cancellationToken);
        Subcontracts = subcontracts.Succeeded ? subcontracts.Value : [];
        return null;
    }

    public sealed class ProposeInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [Display(Name = "Agent_Field_SubAgentId")]
        public string? SubAgentId { get; set; }

        public List<Guid> UnitIds { get; set; } = [];

        [Required(ErrorMessage = "Validation_Required")]
        [Range(1, 1_000_000_000_000, ErrorMessage = "Agent_Validation_WholeYen")]
        [Display(Name = "Agent_Field_SubcontractPrice")]
        public long? Price { get; set; }

        public string Basis { get; set; } = "PerUnit";

        public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString();
    }
}
