using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Market.Web.Formatting;

/// <summary><c>&lt;market-yen amount="@yen" /&gt;</c> renders ¥1,234.</summary>
[HtmlTargetElement("market-yen", TagStructure = TagStructure.WithoutEndTag)]
public sealed class YenTagHelper : TagHelper
{
    public long Amount { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "yen");
        output.Content.SetContent(Yen.Format(Amount));
    }
}
