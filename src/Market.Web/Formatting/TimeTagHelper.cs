using System.Globalization;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Market.Web.Formatting;

/// <summary><c>&lt;market-time value="@instant" /&gt;</c> renders a <c>&lt;time&gt;</c> in Asia/Tokyo in the user's language.</summary>
[HtmlTargetElement("market-time", TagStructure = TagStructure.WithoutEndTag)]
public sealed class TimeTagHelper : TagHelper
{
    public DateTimeOffset Value { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = "time";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("datetime", TokyoTime.FormatIso(Value));
        output.Content.SetContent(TokyoTime.Format(Value, CultureInfo.CurrentCulture));
    }
}
