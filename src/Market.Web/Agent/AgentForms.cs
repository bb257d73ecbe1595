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

        if (problem.Errors.Count == 0 && AgentProblems.MessageKeys.TryGetValue(problem.Code, out var agentKey))
        {
            modelState.AddModelError(codeKeys.GetValueOrDefault(problem.Code, string.Empty), localizer[agentKey].Value);
            return;
        }

        problems.AddToModelState(modelState, problem, fieldKeys, codeKeys);
    }

    /// <summary>
    /// A refusal in the user's language when the console knows its code, otherwise the API's words. The console's own
    /// wording wins: the same code reads differently to a worker ("hand in your work first") and to the agent.
    /// </summary>
    public static string Refusal(IStringLocalizer<SharedResource> localizer, ApiRefusal refusal) =>
        KeyFor(refusal.Code) is { } key ? localizer[key].Value : refusal.Message;

    private static string? KeyFor(string code) =>
        AgentProblems.MessageKeys.TryGetValue(code, out var key) ? key : ProblemLocalizer.KeyFor(code);

    /// <summary>The instant a date and time typed on a form mean in Japan, or null when either is missing.</summary>
    public static DateTimeOffset? TokyoInstant(DateOnly? date, TimeOnly? time) =>
        date is { } d && time is { } t ? TokyoTime.FromTokyoWallClock(d, t) : null;
}
