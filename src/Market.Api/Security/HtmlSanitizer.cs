using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Market.Api.Security;

/// <summary>
/// Allow-list HTML sanitiser for web-edit submissions: a page's content as a town's web editor would write it
/// (headings, paragraphs, lists, tables, links, images, emphasis) and nothing that runs or restyles the page. Parsed
/// with AngleSharp exactly as a browser would parse it, so markup tricks (unclosed tags, entities in URLs, nested
/// comments, SVG and MathML) cannot smuggle script past it. Anything not allowed is dropped with its content when it
/// can run (script, style, iframe, object…) and unwrapped (content kept) otherwise.
/// </summary>
public static class HtmlSanitizer
{
    private static readonly HashSet<string> Elements = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "address", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "rp",
        "rt", "ruby", "s", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "time", "tr", "u", "ul",
    };

    /// <summary>Dropped with everything inside: they run code, load other documents, or are not page content at all.</summary>
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template", "svg", "math",
        "form", "input", "button", "select", "textarea", "option", "link", "meta", "base", "title", "head", "audio", "video",
        "source", "track", "canvas", "portal", "xmp", "plaintext", "noembed", "noframes",
    };

    private static readonly HashSet<string> Attributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "scope", "headers", "datetime", "cite",
        "lang", "dir", "class", "id", "start", "reversed", "type", "abbr", "open",
    };

    private static readonly HashSet<string> UrlAttributes = new(StringComparer.OrdinalIgnoreCase) { "href", "src", "cite" };

    private static readonly string[] Schemes = ["http", "https", "mailto", "tel"];

    public static string Sanitize(string html)
    {
        var parser = new HtmlParser();
        var document = parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var nodes = parser.ParseFragment(html, document.Body!);
        var body = document.Body!;
        foreach (var node in nodes.ToList())
        {
            body.AppendChild(node);
        }

        Clean(body);
        return body.InnerHtml;
    }

    private static void Clean(INode parent)
    {
        foreach (var child in parent.ChildNodes.ToList())
        {
            switch (child)
            {
                case IElement element when Dropped.Contains(element.LocalName) || element.NamespaceUri != AngleSharp.Dom.NamespaceNames.HtmlUri:
                    element.Remove();
                    break;
                case IElement element when !Elements.Contains(element.LocalName):
                    Clean(element);
                    foreach (var grandChild in element.ChildNodes.ToList())
                    {
                        parent.InsertBefore(grandChild, element);
                    }

                    element.Remove();
                    break;
                case IElement element:
                    CleanAttributes(element);
                    Clean(element);
                    break;
                case IComment or IProcessingInstruction or IDocumentType:
                    parent.RemoveChild(child);
                    break;
            }
        }
    }

    private static void CleanAttributes(IElement element)
    {
        foreach (var attribute in element.Attributes.ToList())
        {
            if (!Attributes.Contains(attribute.LocalName) || (UrlAttributes.Contains(attribute.LocalName) && !IsSafeUrl(attribute.Value)))
            {
                element.RemoveAttribute(attribute.NamespaceUri, attribute.LocalName);
            }
        }

        if (element.LocalName == "a" && element.HasAttribute("href"))
        {
            element.SetAttribute("rel", "noopener noreferrer nofollow");
        }
    }

    /// <summary>Relative URLs and http(s)/mailto/tel only: no javascript:, data:, vbscript:, or schemes hidden by whitespace and entities.</summary>
    private static bool IsSafeUrl(string value)
    {
        var url = new string(value.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return true;
        }

        var pathStart = url.IndexOfAny(['/', '?', '#']);
        if (pathStart >= 0 && pathStart < colon)
        {
            return true; // a relative URL whose path happens to hold a colon
        }

        return Schemes.Contains(url[..colon], StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>What a worker hands in for a web edit whose pages are HTML is sanitised before it is stored, reviewed or delivered.</summary>
public static class WebEditContent
{
    public static string Clean(Domain.Jobs.Job job, string content) =>
        job.Type == Domain.Jobs.JobType.WebEdit && job.WebEditSettings?.ContentFormat == Domain.Jobs.WebContentFormat.Html
            ? HtmlSanitizer.Sanitize(content)
            : content;
}
