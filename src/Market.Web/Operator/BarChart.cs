using System.Globalization;

namespace Market.Web.Operator;

/// <summary>One labelled figure of a chart.</summary>
public sealed record BarChartRow(string Label, long Value, string? ValueText = null);

/// <summary>A drawn bar: where it and its label sit in the chart's own coordinates, and the text printed beside it.</summary>
public sealed record BarGeometry(string Label, long Value, string ValueText, double LabelY, double Y, double Width, double TextY);

/// <summary>
/// A horizontal bar chart drawn on the server as SVG (no script, no CDN): the geometry is computed here and the view
/// only prints it. Each label sits above its bar, so long Japanese labels never squeeze the bars on a phone; every bar
/// carries its value as text, so nothing is told by colour or length alone.
/// </summary>
public sealed class BarChart
{
    public const double Width = 360;
    public const double ValueWidth = 130;
    public const double RowHeight = 46;
    public const double LabelHeight = 18;
    public const double BarHeight = 16;
    public const double Padding = 6;

    public BarChart(string id, string title, string? description, IReadOnlyList<BarChartRow> rows)
    {
        Id = id;
        Title = title;
        Description = description;
        Rows = rows;
        var max = rows.Count == 0 ? 0 : rows.Max(r => r.Value);
        Bars = rows.Select((row, i) =>
            {
                var top = Padding + (i * RowHeight);
                var y = top + LabelHeight + 4;
                var width = max <= 0 ? 0 : Math.Round(Math.Max(0, row.Value) * PlotWidth / max, 1);
                return new BarGeometry(
                    row.Label,
                    row.Value,
                    row.ValueText ?? row.Value.ToString("#,0", CultureInfo.InvariantCulture),
                    top + 14,
                    y,
                    width,
                    y + BarHeight - 3);
            })
            .ToList();
    }

    public string Id { get; }

    public string Title { get; }

    public string? Description { get; }

    public IReadOnlyList<BarChartRow> Rows { get; }

    public IReadOnlyList<BarGeometry> Bars { get; }

    /// <summary>The length a bar of the largest value gets.</summary>
    public static double PlotWidth => Width - ValueWidth;

    public double Height => (2 * Padding) + (Math.Max(Rows.Count, 1) * RowHeight);

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
