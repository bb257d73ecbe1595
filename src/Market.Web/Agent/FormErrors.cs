using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Market.Web.Agent;

/// <summary>
/// Error messages of one field of one of several forms on a page. Such forms render their inputs by hand (each with
/// its own id), so the tag helpers that tie a field to its error cannot; these helpers do it instead.
/// </summary>
public static class FormErrors
{
    public static IReadOnlyList<string> For(ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToList() : [];

    public static bool Has(ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    /// <summary>Messages for the form as a whole (the empty key): refusals and problems that name no field.</summary>
    public static IReadOnlyList<string> Summary(ModelStateDictionary modelState) => For(modelState, string.Empty);

    public static bool Any(ModelStateDictionary modelState) => modelState.Values.Any(entry => entry.Errors.Count > 0);
}

/// <summary>Model-state housekeeping for pages with several forms.</summary>
public static class ModelStateExtensions
{
    /// <summary>
    /// Forgets what model binding said about the fields of the page's other forms (only one form is posted at a
    /// time), so validity is judged on the posted form alone.
    /// </summary>
    public static void RemoveAllExcept(this Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string prefix)
    {
        foreach (var key in modelState.Keys.Where(k => k.Length > 0 && !k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            modelState.Remove(key);
        }
    }
}

/// <summary>What <c>_FieldError</c> prints: the messages of one field under the id its input names in <c>aria-describedby</c>.</summary>
public sealed record FieldErrorView(string Id, IReadOnlyList<string> Messages);
