using System.ComponentModel.DataAnnotations;
using Market.Web.Agent;
using Market.Web.Api;
using Market.Web.Formatting;
using Market.Web.Localization;
using Market.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Agent;

/// <summary>Open jobs the agent may bid for, its live offers on them, and the offer form for each (price and delivery date).</summary>
[Authorize(Roles = AgentUser.ManagerRoles)]
public sealed class OpenJobsModel(
    AgentApiClient agents,
    ProblemLocalizer problems,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const string NoticeKey = "AgentNotice";
    public const int PageSize = 20;

    private static readonly IReadOnlyDictionary<string, string> OfferFields = new Dictionary<string, string>
    {
        ["price"] = "Offer.Price",
        ["deliverBy"] = "Offer.DeliverDate",
        ["note"] = "Offer.Note",
    };

    private static readonly IReadOnlyDictionary<string, string> OfferCodes = new Dictionary<string, string>
    {
        ["offer_price_not_positive"] = "Offer.Price",
        ["offer_delivery_after_deadline"] = "Offer.DeliverDate",
        ["offer_delivery_not_in_future"] = "Offer.DeliverDate",
        ["offer_delivery_passed"] = "Offer.DeliverDate",
        ["offer_note_too_long"] = "Offer.Note",
    };

    [BindProperty(SupportsGet = true, Name = "ineligible")]
    public bool IncludeIneligible { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public OfferInput Offer { get; set; } = new();

    public OpenJobPage? Jobs { get; private set; }

    /// <summary>The agent's live offers on the jobs of this page, by job.</summary>
    public IReadOnlyDictionary<Guid, Api.Offer> LiveOffers { get; private set; } = new Dictionary<Guid, Api.Offer>();

    public string? Problem { get; private set; }

    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    public int PageCount => Jobs is null ? 0 : Math.Max(1, (Jobs.Total + PageSize - 1) / PageSize);

    /// <summary>The form for a job: what was just posted for it (with its errors), or the job's own deadline and quote.</summary>
    public OfferInput FormFor(OpenJob job)
    {
        if (Offer.JobId == job.Id)
        {
            return Offer;
        }

        var deadline = TokyoTime.ToTokyo(job.Deadline);
        return new OfferInput
        {
            JobId = job.Id,
            Price = job.Quote?.ClientPriceBeforeTax,
            DeliverDate = DateOnly.FromDateTime(deadline.DateTime),
            DeliverTime = TimeOnly.FromDateTime(deadline.DateTime),
            IdempotencyKey = Guid.NewGuid().ToString(),
        };
    }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostOfferAsync([FromForm(Name = "Offer")] OfferInput offer, CancellationToken cancellationToken)
    {
        Offer = offer;
        if (!Guid.TryParse(offer.IdempotencyKey, out _))
        {
            offer.IdempotencyKey = Guid.NewGuid().ToString();
        }

        if (ModelState.IsValid && AgentForms.TokyoInstant(offer.DeliverDate, offer.DeliverTime) is { } deliverBy)
        {
            var note = string.IsNullOrWhiteSpace(offer.Note) ? null : offer.Note.Trim();
            var result = await agents.SubmitOfferAsync(offer.JobId, new OfferRequest(offer.Price!.Value, deliverBy, note), offer.IdempotencyKey, cancellationToken);
            if (result.Result.Succeeded)
            {
                Notice = "Agent_Notice_OfferSubmitted";
                return RedirectToPage(new { ineligible = IncludeIneligible ? "true" : null, p = PageNumber > 1 ? PageNumber : (int?)null });
            }

            ModelState.AddProblem(problems, localizer, result.Result.Problem, result.Refusals, OfferFields, OfferCodes);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid offerId, CancellationToken cancellationToken)
    {
        var result = await agents.WithdrawOfferAsync(offerId, cancellationToken);
        if (result.Succeeded)
        {
            Notice = "Agent_Notice_OfferWithdrawn";
            return RedirectToPage(new { ineligible = IncludeIneligible ? "true" : null, p = PageNumber > 1 ? PageNumber : (int?)null });
        }

        await LoadAsync(cancellationToken);
        Problem = problems.Explain(result.Problem);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(PageNumber, 1);
        var result = await agents.ListOpenJobsAsync(User.AgentId(), IncludeIneligible, PageNumber, PageSize, cancellationToken);
        if (!result.Succeeded)
        {
            Problem = problems.Explain(result.Problem);
            return;
        }

        Jobs = result.Value;
        var live = new Dictionary<Guid, Api.Offer>();
        foreach (var job in Jobs.Items.Where(j => j.LiveOfferId is not null))
        {
            var offer = await agents.GetOfferAsync(job.LiveOfferId!.Value, cancellationToken);
            if (offer.Succeeded)
            {
                live[job.Id] = offer.Value;
            }
        }

        LiveOffers = live;
    }

    public sealed class OfferInput
    {
        public const int MaxNoteLength = 1000;

        public Guid JobId { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [Range(1, 1_000_000_000_000, ErrorMessage = "Agent_Validation_WholeYen")]
        [Display(Name = "Agent_Field_OfferPrice")]
        public long? Price { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [Display(Name = "Agent_Field_DeliverDate")]
        public DateOnly? DeliverDate { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [Display(Name = "Agent_Field_DeliverTime")]
        public TimeOnly? DeliverTime { get; set; }

        [StringLength(MaxNoteLength, ErrorMessage = "Validation_MaxLength")]
        [Display(Name = "Agent_Field_OfferNote")]
        public string? Note { get; set; }

        public string IdempotencyKey { get; set; } = string.Empty;
    }
}
