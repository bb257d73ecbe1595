using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Market.Web.Formatting;

/// <summary>
/// Ties each input to its error message for screen readers: the message gets a stable id, and an input
/// whose field has errors gets <c>aria-invalid</c> and <c>aria-describedby</c> pointing at it. A group of radio
/// buttons or check boxes names its field with <c>market-validation-for</c> on its fieldset.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("fieldset", Attributes = "market-validation-for")]
[HtmlTargetElement("span", Attributes = "asp-validation-for")]
public sealed class AriaValidationTagHelper : TagHelper
{
    public override int Order => 1000;

    [HtmlAttributeName("asp-for")]
    public ModelExpression? For { get; set; }

    [HtmlAttributeName("asp-validation-for")]
    public ModelExpression? ValidationFor { get; set; }

    [HtmlAttributeName("market-validation-for")]
    public ModelExpression? GroupFor { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var expression = For ?? ValidationFor ?? GroupFor;
        if (expression is null)
        {
            return;
        }

        var fieldName = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(expression.Name);
        var errorId = TagBuilder.CreateSanitizedId(fieldName, "_") + "-error";
        if (ValidationFor is not null)
        {
            output.Attributes.SetAttribute("id", errorId);
            return;
        }

        if (ViewContext.ViewData.ModelState.TryGetValue(fieldName, out var entry) && entry.Errors.Count > 0)
        {
            if (GroupFor is null)
            {
                output.Attributes.SetAttribute("aria-invalid", "true");
            }

            var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing)
                ? $"{errorId} {existing.Value}"
                : errorId;
            output.Attributes.SetAttribute("aria-describedby", describedBy);
        }
    }
}
