using Market.Domain.Assembly;

namespace Market.Domain.Tests.Assembly;

public class LineDiffTests
{
    [Fact]
    public void Unified_OneChangedLineInTheMiddle_MatchesDiffU()
    {
        const string before = "<h1>お知らせ</h1>\n<p>営業時間</p>\n<ul>\n<li>平日 9:00-17:00</li>\n<li>土曜 9:00-12:00</li>\n</ul>\n<p>電話 0263-00-0000</p>\n<p>所在地</p>\n<p>塩尻市大門</p>\n";
        const string after = "<h1>お知らせ</h1>\n<p>営業時間</p>\n<ul>\n<li>平日 8:30-17:15</li>\n<li>土曜 9:00-12:00</li>\n</ul>\n<p>電話 0263-00-0000</p>\n<p>所在地</p>\n<p>塩尻市大門</p>\n";

        var diff = LineDiff.Unified(before, after, "a/index.html", "b/index.html");

        // As printed by GNU diff -u for the same two files.
        Assert.Equal(
            "--- a/index.html\n+++ b/index.html\n@@ -1,7 +1,7 @@\n <h1>お知らせ</h1>\n <p>営業時間</p>\n <ul>\n-<li>平日 9:00-17:00</li>\n+<li>平日 8:30-17:15</li>\n <li>土曜 9:00-12:00</li>\n </ul>\n <p>電話 0263-00-0000</p>\n",
            diff);
    }

    [Fact]
    public void Unified_ChangesFarApart_MakesSeparateHunks()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 2\n", "line two\n", StringComparison.Ordinal).Replace("line 18\n", "", StringComparison.Ordinal);

        var diff = LineDiff.Unified(before, after, "a", "b");

        Assert.Equal(
            "--- a\n+++ b\n@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n line 3\n line 4\n line 5\n@@ -15,6 +15,5 @@\n line 15\n line 16\n line 17\n-line 18\n line 19\n line 20\n",
            diff);
    }

    [Fact]
    public void Unified_FromEmpty_IsOneHunkOfInsertions()
    {
        Assert.Equal("--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n", LineDiff.Unified("", "x\ny\n", "a", "b"));
    }

    [Fact]
    public void Unified_WhenIdentical_IsEmpty()
    {
        Assert.Equal(string.Empty, LineDiff.Unified("a\r\nb\r\n", "a\nb\n", "a", "b"));
    }

    [Fact]
    public void Compare_RandomEdits_ReconstructsBothTextsWithAMinimalEditScript()
    {
        var random = new Random(20250401);
        for (var round = 0; round < 200; round++)
        {
            var a = Enumerable.Range(0, random.Next(0, 30)).Select(_ => ((char)('a' + random.Next(4))).ToString()).ToArray();
            var b = Enumerable.Range(0, random.Next(0, 30)).Select(_ => ((char)('a' + random.Next(4))).ToString()).ToArray();

            var script = LineDiff.Compare(string.Join('\n', a), string.Join('\n', b));

            Assert.Equal(a, script.Where(l => l.Operation != DiffOperation.Insert).Select(l => l.Text));
            Assert.Equal(b, script.Where(l => l.Operation != DiffOperation.Delete).Select(l => l.Text));
            Assert.Equal(LongestCommonSubsequence(a, b), script.Count(l => l.Operation == DiffOperation.Equal));
        }
    }

    private static int LongestCommonSubsequence(string[] a, string[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                table[i, j] = a[i - 1] == b[j - 1] ? table[i - 1, j - 1] + 1 : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }

        return table[a.Length, b.Length];
    }
}
