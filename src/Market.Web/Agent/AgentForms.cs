using Market.Web.Api;
using Market.Web.Formatting;
using Market.Web.Localization;
using Market.Web.Resources;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Market.Web.Agent;

/// <summary>How the console's forms report what the API refused.</summary>
public static class AgentForms
{
    /// <summary>
    /// The API's problem beside the fields it names (by field or by code), and every eligibility rule that refused,
    /// each in the user's language, in the form's summary.
    /// </summary>
    public static void AddProblem(
        this ModelStateDictionary modelState,
        ProblemLocalizer problems,
        IStringLocalizer<SharedResource> localizer,
        ApiProblem problem,
        IReadOnlyList<ApiRefusal> refusals,
        IReadOnlyDictionary<string, string> fieldKeys,
        IReadOnlyDictionary<string, string> codeKeys)
    {
        if (refusals.Count > 1)
        {
            foreach (var refusal in refusals)
            {
                modelState.AddModelError(codeKeys.GetValueOrDefault(refusal.Code, string.Empty), Refusal(localizer, refusal));
            }

            return;
        }

        problems.AddToModelState(modelState, problem, fieldKeys, codeKeys);
    }

    /// <summary>A refusal in the user's language when the console knows its code, otherwise the API's words.</summary>
    public static string Refusal(IStringLocalizer<SharedResource> localizer, ApiRefusal refusal) =>
        ProblemLocalizer.KeyFor(refusal.Code) is { } key ? localizer[key].Value : refusal.Message;

    /// <summary>The instant a date and time typed on a form mean in Japan, or null when either is missing.</summary>
    public static DateTimeOffset? TokyoInstant(DateOnly? date, TimeOnly? time) =>
        date is { } d && time is { } t ? TokyoTime.FromTokyoWallClock(d, t) : null;
}
