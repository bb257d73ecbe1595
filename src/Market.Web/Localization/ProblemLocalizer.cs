using Market.Web.Api;
using Market.Web.Resources;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Market.Web.Localization;

/// <summary>Shows API problems in the user's language: a known <c>code</c> picks a localized message; field errors go beside their fields.</summary>
public sealed class ProblemLocalizer(IStringLocalizer<SharedResource> localizer)
{
    internal static readonly IReadOnlyDictionary<string, string> MessageKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["invalid_credentials"] = "Problem_InvalidCredentials",
        ["locked_out"] = "Problem_LockedOut",
        ["two_factor_required"] = "Problem_TwoFactorRequired",
        ["invalid_two_factor_code"] = "Problem_InvalidTwoFactorCode",
        ["account_suspended"] = "Problem_AccountSuspended",
        ["validation_failed"] = "Problem_ValidationFailed",
        ["forbidden"] = "Problem_Forbidden",
        ["not_found"] = "Problem_NotFound",
        ["rate_limited"] = "Problem_RateLimited",
        ["conflict"] = "Problem_Conflict",
        ["concurrency_conflict"] = "Problem_Conflict",
        ["service_unavailable"] = "Problem_ServiceUnavailable",
        [ApiProblem.ServiceUnavailableCode] = "Problem_ServiceUnavailable",
    };

    public string Message(ApiProblem problem) =>
        localizer[MessageKeys.GetValueOrDefault(problem.Code, "Problem_Generic")];

    /// <summary>
    /// Adds the localized summary under the form-level key and each API field error under the model key the
    /// form uses for that field; errors for fields the form does not show join the summary.
    /// </summary>
    public void AddToModelState(ModelStateDictionary modelState, ApiProblem problem, IReadOnlyDictionary<string, string> fieldKeys)
    {
        modelState.AddModelError(string.Empty, Message(problem));
        foreach (var (field, messages) in problem.Errors)
        {
            var key = fieldKeys.FirstOrDefault(pair => string.Equals(pair.Key, field, StringComparison.OrdinalIgnoreCase)).Value;
            foreach (var message in messages)
            {
                modelState.AddModelError(key ?? string.Empty, message);
            }
        }
    }
}
