using System.ComponentModel.DataAnnotations;
using Market.Web.Api;
using Market.Web.Auth;
using Market.Web.Localization;
using Market.Web.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Account;

public sealed class SignInModel(
    SignInService signInService,
    MarketAuthClient authClient,
    PendingSignInProtector pendingSignIns,
    ProblemLocalizer problems,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    private static readonly IReadOnlyDictionary<string, string> CredentialFields = new Dictionary<string, string>
    {
        ["email"] = "Input.Email",
        ["password"] = "Input.Password",
        ["twoFactorCode"] = "TwoFactor.Code",
    };

    public CredentialsInput Input { get; private set; } = new();

    public TwoFactorInput? TwoFactor { get; private set; }

    public TwoFactorSetupInput? Setup { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    public bool SessionExpired => Reason == "expired";

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(ReturnUrls.Safe(Url, ReturnUrl));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "Input")] CredentialsInput input, CancellationToken cancellationToken)
    {
        Input = input;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await signInService.SignInAsync(HttpContext, input.Email, input.Password, null, cancellationToken);
        if (outcome.Succeeded)
        {
            return SignedIn(outcome);
        }

        if (outcome.Problem.Code == "two_factor_required")
        {
            TwoFactor = new TwoFactorInput { PendingTicket = pendingSignIns.Protect(input.Email, input.Password) };
            return Page();
        }

        if (outcome.Problem is { Code: "two_factor_setup_required", SetupTicket: { } setupTicket })
        {
            var setup = await authClient.BeginTwoFactorSetupAsync(setupTicket, cancellationToken);
            if (setup.Succeeded)
            {
                Setup = new TwoFactorSetupInput { SetupTicket = setupTicket, SharedKey = setup.Value.SharedKey, AuthenticatorUri = setup.Value.AuthenticatorUri };
                return Page();
            }

            problems.AddToModelState(ModelState, setup.Problem, CredentialFields);
            return Page();
        }

        problems.AddToModelState(ModelState, outcome.Problem, CredentialFields);
        return Page();
    }

    public async Task<IActionResult> OnPostTwoFactorAsync([FromForm(Name = "TwoFactor")] TwoFactorInput twoFactor, CancellationToken cancellationToken)
    {
        var pending = pendingSignIns.Unprotect(twoFactor.PendingTicket);
        if (pending is null)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, localizer["SignIn_TwoFactorExpired"]);
            return Page();
        }

        Input = new CredentialsInput { Email = pending.Email };
        TwoFactor = twoFactor;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await signInService.SignInAsync(HttpContext, pending.Email, pending.Password, twoFactor.Code, cancellationToken);
        if (outcome.Succeeded)
        {
            return SignedIn(outcome);
        }

        switch (outcome.Problem.Code)
        {
            case "invalid_two_factor_code" or "two_factor_required" or "invalid_credentials":
                ModelState.AddModelError("TwoFactor.Code", localizer["SignIn_TwoFactorCodeInvalid"]);
                break;
            case "locked_out":
                TwoFactor = null;
                problems.AddToModelState(ModelState, outcome.Problem, CredentialFields);
                break;
            default:
                problems.AddToModelState(ModelState, outcome.Problem, CredentialFields);
                break;
        }

        return Page();
    }

    /// <summary>The user's role requires 2FA: the first code from the app they just set up turns it on and signs them in.</summary>
    public async Task<IActionResult> OnPostTwoFactorSetupAsync([FromForm(Name = "Setup")] TwoFactorSetupInput setup, CancellationToken cancellationToken)
    {
        Setup = setup;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await signInService.ActivateTwoFactorAsync(HttpContext, setup.SetupTicket, setup.Code, cancellationToken);
        if (outcome.Succeeded)
        {
            return SignedIn(outcome);
        }

        switch (outcome.Problem.Code)
        {
            case "invalid_two_factor_code":
                ModelState.AddModelError("Setup.Code", localizer["SignIn_TwoFactorCodeInvalid"]);
                break;
            case "invalid_setup_ticket":
                Setup = null;
                ModelState.AddModelError(string.Empty, localizer["SignIn_TwoFactorExpired"]);
                break;
            default:
                problems.AddToModelState(ModelState, outcome.Problem, CredentialFields);
                break;
        }

        return Page();
    }

    private LocalRedirectResult SignedIn(SignInOutcome outcome)
    {
        if (!CultureCookie.IsSet(Request) && MarketCultures.Normalize(outcome.PreferredLanguage) is { } preferred)
        {
            CultureCookie.Remember(HttpContext, preferred);
        }

        return LocalRedirect(ReturnUrls.Safe(Url, ReturnUrl));
    }

    public sealed class CredentialsInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [EmailAddress(ErrorMessage = "Validation_Email")]
        [Display(Name = "Field_Email")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Validation_Required")]
        [DataType(DataType.Password)]
        [Display(Name = "Field_Password")]
        public string Password { get; set; } = string.Empty;
    }

    public sealed class TwoFactorSetupInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [RegularExpression("^[0-9 ]{6,8}$", ErrorMessage = "Validation_TwoFactorCode")]
        [Display(Name = "Field_TwoFactorCode")]
        public string Code { get; set; } = string.Empty;

        public string SetupTicket { get; set; } = string.Empty;

        public string SharedKey { get; set; } = string.Empty;

        public string AuthenticatorUri { get; set; } = string.Empty;

        /// <summary>The key in groups of four, as authenticator apps ask it to be typed.</summary>
        public string SharedKeyForReading => string.Join(' ', SharedKey.Chunk(4).Select(group => new string(group)));
    }

    public sealed class TwoFactorInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [RegularExpression("^[0-9 ]{6,8}$", ErrorMessage = "Validation_TwoFactorCode")]
        [Display(Name = "Field_TwoFactorCode")]
        public string Code { get; set; } = string.Empty;

        public string PendingTicket { get; set; } = string.Empty;
    }
}
