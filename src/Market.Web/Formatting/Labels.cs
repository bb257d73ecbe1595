using Microsoft.Extensions.Localization;

namespace Market.Web.Formatting;

public static class Labels
{
    /// <summary>The label of an API value (<c>JobStatus_Open</c>), or the value itself when the UI has no label for it yet.</summary>
    public static string Label(this IStringLocalizer localizer, string prefix, string value)
    {
        var label = localizer[prefix + value];
        return label.ResourceNotFound ? value : label.Value;
    }
}
