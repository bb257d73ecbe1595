using System.Text;

namespace Market.Domain.Assembly;

public enum DiffOperation
{
    Equal = 0,
    Delete = 1,
    Insert = 2,
}

public sealed record DiffLine(DiffOperation Operation, string Text);

/// <summary>
/// Line-based diff (Myers' O((N+M)·D) algorithm, after trimming the common head and tail) and its unified
/// rendering as <c>diff -u</c> prints it. Line endings are compared as LF.
/// </summary>
public static class LineDiff
{
    public const int DefaultContext = 3;

    public static IReadOnlyList<DiffLine> Compare(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var a = Lines(oldText);
        var b = Lines(newText);

        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)])
        {
            tail++;
        }

        var result = new List<DiffLine>(a.Length + b.Length);
        result.AddRange(a[..head].Select(l => new DiffLine(DiffOperation.Equal, l)));
        result.AddRange(Myers(a[head..^tail], b[head..^tail]));
        result.AddRange(a[^tail..].Select(l => new DiffLine(DiffOperation.Equal, l)));
        return result;
    }

    public static string Unified(string oldText, string newText, string oldName, string newName, int context = DefaultContext)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        var lines = Compare(oldText, newText);
        var changes = Enumerable.Range(0, lines.Count).Where(i => lines[i].Operation != DiffOperation.Equal).ToList();
        if (changes.Count == 0)
        {
            return string.Empty;
        }

        // Line numbers before each diff line, in the old and the new text.
        var oldBefore = new int[lines.Count + 1];
        var newBefore = new int[lines.Count + 1];
        for (var i = 0; i < lines.Count; i++)
        {
            oldBefore[i + 1] = oldBefore[i] + (lines[i].Operation == DiffOperation.Insert ? 0 : 1);
            newBefore[i + 1] = newBefore[i] + (lines[i].Operation == DiffOperation.Delete ? 0 : 1);
        }

        var output = new StringBuilder();
        output.Append("--- ").Append(oldName).Append('\n');
        output.Append("+++ ").Append(newName).Append('\n');
        var c = 0;
        while (c < changes.Count)
        {
            var start = Math.Max(0, changes[c] - context);
            var lastChange = changes[c];
            while (c + 1 < changes.Count && changes[c + 1] - lastChange <= 2 * context)
            {
                lastChange = changes[++c];
            }

            c++;
            var end = Math.Min(lines.Count, lastChange + context + 1);
            var oldCount = oldBefore[end] - oldBefore[start];
            var newCount = newBefore[end] - newBefore[start];
            output.Append("@@ -").Append(Range(oldBefore[start], oldCount))
                .Append(" +").Append(Range(newBefore[start], newCount)).Append(" @@\n");
            for (var i = start; i < end; i++)
            {
                var prefix = lines[i].Operation switch
                {
                    DiffOperation.Delete => '-',
                    DiffOperation.Insert => '+',
                    _ => ' ',
                };
                output.Append(prefix).Append(lines[i].Text).Append('\n');
            }
        }

        return output.ToString();
    }

    private static string Range(int linesBefore, int count) =>
        count == 1 ? $"{linesBefore + 1}" : $"{(count == 0 ? linesBefore : linesBefore + 1)},{count}";

    private static string[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    private static List<DiffLine> Myers(string[] a, string[] b)
    {
        var n = a.Length;
        var m = b.Length;
        var max = n + m;
        var offset = max + 1;
        var v = new int[(2 * max) + 3];
        var trace = new List<int[]>();
        var found = max == 0;
        for (var d = 0; d <= max && !found; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                    ? v[offset + k + 1]
                    : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    found = true;
                    break;
                }
            }
        }

        var edits = new List<DiffLine>(n + m);
        int cx = n, cy = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var before = trace[d];
            var k = cx - cy;
            var previousK = k == -d || (k != d && before[offset + k - 1] < before[offset + k + 1]) ? k + 1 : k - 1;
            var previousX = before[offset + previousK];
            var previousY = previousX - previousK;
            while (cx > previousX && cy > previousY)
            {
                edits.Add(new DiffLine(DiffOperation.Equal, a[--cx]));
                cy--;
            }

            if (d > 0)
            {
                if (cx == previousX)
                {
                    edits.Add(new DiffLine(DiffOperation.Insert, b[--cy]));
                }
                else
                {
                    edits.Add(new DiffLine(DiffOperation.Delete, a[--cx]));
                }
            }
        }

        edits.Reverse();
        return edits;
    }
}
