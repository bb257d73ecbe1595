using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Market.Web.Pages.Reports;

/// <summary>One bar: its label under the axis, its value, and the text shown on it (already formatted for the reader).</summary>
public sealed record Bar(string Label, double Value, string Display);

/// <summary>
/// A bar chart drawn on the server as SVG: no script, no CDN, nothing for a slow line to fetch, and readable by screen
/// readers through its title and the data table beside it. Sizes are SVG attributes (the CSP forbids inline styles).
/// </summary>
public sealed record BarChart(string Title, IReadOnlyList<Bar> Bars, double? Max = null, string CssClass = "chart")
{
    private const int Width = 640;
    private const int Height = 240;
    private const int Left = 8;
    private const int Top = 24;
    private const int Bottom = 40;

    public string ToSvg()
    {
        var encoder = HtmlEncoder.Default;
        var svg = new StringBuilder();
        var id = "chart-" + Math.Abs(Title.GetHashCode(StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture);
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"{encoder.Encode(CssClass)}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}\">{encoder.Encode(Title)}</title>");
        var plotHeight = Height - Top - Bottom;
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"chart__axis\" x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Width - Left}\" y2=\"{Top + plotHeight}\" />");
        if (Bars.Count == 0)
        {
            return svg.Append("</svg>").ToString();
        }

        var max = Math.Max(Max ?? Bars.Max(b => b.Value), 1e-9);
        var slot = (Width - 2.0 * Left) / Bars.Count;
        var barWidth = Math.Max(4, slot * 0.6);
        for (var i = 0; i < Bars.Count; i++)
        {
            var bar = Bars[i];
            var height = Math.Max(0, bar.Value / max * plotHeight);
            var x = Left + i * slot + (slot - barWidth) / 2;
            var y = Top + plotHeight - height;
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"chart__bar\"><rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{barWidth:0.#}\" height=\"{height:0.#}\"><title>{encoder.Encode(bar.Label)}: {encoder.Encode(bar.Display)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart__value\" x=\"{x + barWidth / 2:0.#}\" y=\"{y - 6:0.#}\" text-anchor=\"middle\">{encoder.Encode(bar.Display)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart__label\" x=\"{x + barWidth / 2:0.#}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{encoder.Encode(bar.Label)}</text></g>");
        }

        return svg.Append("</svg>").ToString();
    }
}
