using System.Globalization;

namespace Market.Web.Operator;

/// <summary>One labelled figure of a chart.</summary>
public sealed record BarChartRow(string Label, long Value, string? ValueText = null);

/// <summary>A drawn bar: where it sits in the chart's own coordinates, and the text printed beside it.</summary>
public sealed record BarGeometry(string Label, long Value, string ValueText, double Y, double Width, double TextY);

/// <summary>
/// A horizontal bar chart drawn on the server as SVG (no script, no CDN): the geometry is computed here and the view
/// only prints it. Every bar carries its value as text, so nothing is told by colour or length alone.
/// </summary>
public sealed class BarChart
{
    public const double Width = 640;
    public const double LabelWidth = 150;
    public const double ValueWidth = 80;
    public const double RowHeight = 30;
    public const double BarHeight = 18;
    public const double Padding = 8;

    public BarChart(string id, string title, string? description, IReadOnlyList<BarChartRow> rows)
    {
        Id = id;
        Title = title;
        Description = description;
        Rows = rows;
        var max = rows.Count == 0 ? 0 : rows.Max(r => r.Value);
        Bars = rows.Select((row, i) =>
            {
                var y = Padding + (i * RowHeight) + ((RowHeight - BarHeight) / 2);
                var width = max <= 0 ? 0 : Math.Round(Math.Max(0, row.Value) * PlotWidth / max, 1);
                return new BarGeometry(
                    row.Label,
                    row.Value,
                    row.ValueText ?? row.Value.ToString("#,0", CultureInfo.InvariantCulture),
                    y,
                    width,
                    y + (BarHeight / 2) + 5);
            })
            .ToList();
    }

    public string Id { get; }

    public string Title { get; }

    public string? Description { get; }

    public IReadOnlyList<BarChartRow> Rows { get; }

    public IReadOnlyList<BarGeometry> Bars { get; }

    /// <summary>The length a bar of the largest value gets.</summary>
    public static double PlotWidth => Width - LabelWidth - ValueWidth;

    public double Height => (2 * Padding) + (Math.Max(Rows.Count, 1) * RowHeight);

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
