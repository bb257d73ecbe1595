using System.Text.RegularExpressions;
using System.Xml.Linq;
using Market.Web.Pages.Reports;

namespace Market.Web.Tests;

public sealed partial class ImpactChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void BarChart_DrawsOneBarPerValue_WithHeightsInProportion_AndAnAccessibleTitle()
    {
        var chart = new BarChart("地元ワーカーへの支払額 <月別>", [new Bar("26/4", 100, "¥100"), new Bar("26/5", 50, "¥50"), new Bar("26/6", 0, "¥0")]);

        var svg = XElement.Parse(chart.ToSvg());

        Assert.Equal("img", svg.Attribute("role")?.Value);
        Assert.Equal("地元ワーカーへの支払額 <月別>", svg.Element(Svg + "title")?.Value);
        var heights = svg.Descendants(Svg + "rect").Select(r => double.Parse(r.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, heights.Count);
        Assert.Equal(heights[0] / 2, heights[1], 1);
        Assert.Equal(0, heights[2]);
        Assert.Equal(["¥100", "¥50", "¥0"], svg.Descendants(Svg + "text").Where(t => t.Attribute("class")?.Value == "chart__value").Select(t => t.Value));
    }

    [Fact]
    public void BarChart_OfRates_UsesTheGivenMaximum_AndNeverInlineStyles()
    {
        var markup = new BarChart("検品合格率", [new Bar("26/4", 5_000, "50.0%")], Max: 10_000).ToSvg();

        var rect = XElement.Parse(markup).Descendants(Svg + "rect").Single();
        Assert.Equal(88, double.Parse(rect.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture), 1); // half of the 176 px plot
        Assert.DoesNotMatch(StyleAttribute(), markup); // the CSP forbids inline styles
    }

    [Theory]
    [InlineData(6667, "66.7%")]
    [InlineData(10000, "100.0%")]
    [InlineData(0, "0.0%")]
    [InlineData(null, "—")]
    public void Percent_ShowsOneDecimal_OrADashWhenNothingWasMeasured(int? basisPoints, string shown) =>
        Assert.Equal(shown, ReportFormat.Percent(basisPoints));

    [GeneratedRegex("style\\s*=")]
    private static partial Regex StyleAttribute();
}
