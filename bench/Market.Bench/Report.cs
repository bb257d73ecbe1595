using System.Globalization;
using System.Text;

namespace Market.Bench;

/// <summary>One figure beside its reference: the ratio is what the target is about, because the machine is shared.</summary>
public sealed record Comparison(
    string Section,
    string What,
    double Value,
    string Unit,
    string Reference,
    double ReferenceValue,
    Target Target,
    string? Note = null)
{
    /// <summary>value ÷ reference for "at least" targets (higher is better), reference ÷ value would hide nothing.</summary>
    public double Ratio => ReferenceValue == 0 ? 0 : Value / ReferenceValue;

    public bool Met => Target.IsMet(Ratio);
}

/// <summary>A target on the ratio value ÷ reference.</summary>
public sealed record Target(string Text, Func<double, bool> IsMet, bool Absolute = false)
{
    public static Target AtLeast(double ratio) => new($"≥ {ratio:P0} of the reference", r => r >= ratio);

    public static Target AtMost(double ratio) => new($"≤ {ratio.ToString("0.##", CultureInfo.InvariantCulture)}× the reference", r => r <= ratio);

    public static Target None => new("(context only)", _ => true);

    /// <summary>An absolute ceiling the issue sets (the reference is then the ceiling itself, and the ratio value ÷ ceiling must stay ≤ 1).</summary>
    /// <remarks>The summary shows the figure itself for these, not its ratio to the ceiling.</remarks>
    public static Target Ceiling(string text) => new(text, r => r <= 1, Absolute: true);
}

/// <summary>Collects figures, profiles and notes while the benchmark runs, and writes docs/benchmarks.md at the end.</summary>
public sealed class Report
{
    private readonly List<Comparison> _comparisons = [];
    private readonly List<(string Section, string Markdown)> _sections = [];

    public IReadOnlyList<Comparison> Comparisons => _comparisons;

    public List<string> Failures { get; } = [];

    public void Add(Comparison comparison)
    {
        _comparisons.Add(comparison);
        Console.WriteLine($"  {comparison.What}: {Fmt(comparison.Value)} {comparison.Unit} vs {comparison.Reference} {Fmt(comparison.ReferenceValue)} → {comparison.Ratio:P1} ({(comparison.Met ? "met" : "MISSED")}: {comparison.Target.Text})");
    }

    /// <summary>Free markdown (tables, profiles, explanations) placed under the section's heading.</summary>
    public void Section(string section, string markdown) => _sections.Add((section, markdown));

    public void Fail(string message)
    {
        Failures.Add(message);
        Console.WriteLine("  FAILED: " + message);
    }

    public static string Fmt(double value) => value switch
    {
        >= 100 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("#,0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("#,0.00", CultureInfo.InvariantCulture),
    };

    public string ComparisonTable(string section)
    {
        var rows = _comparisons.Where(c => c.Section == section).ToList();
        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        sb.AppendLine("| figure | value | reference | ratio | target | met |");
        sb.AppendLine("|---|---:|---|---:|---|---|");
        foreach (var c in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.What} | {Fmt(c.Value)} {c.Unit} | {c.Reference}: {Fmt(c.ReferenceValue)} {c.Unit} | {c.Ratio:P1} | {c.Target.Text} | {(c.Met ? "yes" : "**no**")} |");
        }

        foreach (var c in rows.Where(c => c.Note is not null))
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"*{c.What}:* {c.Note}");
        }

        return sb.ToString();
    }

    public string SectionText(string section) =>
        string.Join(Environment.NewLine + Environment.NewLine, _sections.Where(s => s.Section == section).Select(s => s.Markdown.TrimEnd()));
}
