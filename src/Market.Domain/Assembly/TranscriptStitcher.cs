using System.Globalization;
using System.Text;

namespace Market.Domain.Assembly;

/// <param name="MinMatchChars">
/// The smallest alignment score (matched characters minus differences) accepted as a duplicated
/// overlap; below it the texts are joined as they are, so a chance match never eats text.
/// </param>
/// <param name="WindowChars">How far from the seam (in normalised characters) a duplicate is looked for.</param>
public sealed record SeamOptions(int MinMatchChars = 8, int WindowChars = 400)
{
    public static SeamOptions Default { get; } = new();
}

/// <summary>What was done at one seam: the text dropped from the start of the later segment (empty if none).</summary>
public sealed record TranscriptSeam(int AfterSegment, string DroppedText, int Score)
{
    public bool Matched => DroppedText.Length > 0;
}

public sealed record StitchedTranscript(string Text, IReadOnlyList<TranscriptSeam> Seams);

/// <summary>
/// Joins segment transcripts in order, removing at each seam the text both workers transcribed from the
/// shared overlap. Texts are compared after normalisation (NFKC, so full- and half-width forms agree;
/// lower case; whitespace, punctuation and symbols ignored), character by character because Japanese has
/// no spaces. The duplicate is the best alignment of a suffix of the earlier text with a prefix of the
/// later one (match +1, mismatch or gap −1): an exact repeat is simply the best alignment, and when the two
/// workers heard the overlap slightly differently the earlier segment's wording is kept and the best
/// approximate match is dropped from the later one, provided at most about a quarter of it differs.
/// </summary>
public static class TranscriptStitcher
{
    public static StitchedTranscript Stitch(IReadOnlyList<string> segmentTexts, SeamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(segmentTexts);
        options ??= SeamOptions.Default;
        var text = new StringBuilder(segmentTexts.Count > 0 ? segmentTexts[0].Trim() : string.Empty);
        var seams = new List<TranscriptSeam>();
        for (var i = 1; i < segmentTexts.Count; i++)
        {
            var earlier = text.ToString();
            var later = segmentTexts[i].Trim();
            var (dropLength, score) = DuplicatedPrefixLength(earlier, later, options);
            seams.Add(new TranscriptSeam(i - 1, later[..dropLength], score));
            Append(text, later[dropLength..].TrimStart());
        }

        return new StitchedTranscript(text.ToString(), seams);
    }

    /// <summary>How many characters at the start of <paramref name="later"/> repeat the end of <paramref name="earlier"/>.</summary>
    public static (int Length, int Score) DuplicatedPrefixLength(string earlier, string later, SeamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        options ??= SeamOptions.Default;
        var tail = Normalised.Of(earlier, fromEnd: options.WindowChars);
        var head = Normalised.Of(later, fromEnd: null, limit: options.WindowChars);
        var (matched, score) = AlignSuffixToPrefix(tail.Chars, head.Chars);
        if (matched == 0 || score < options.MinMatchChars || score * 2 < matched)
        {
            return (0, score);
        }

        // Drop through the last matched character and any punctuation or spacing after it.
        var length = matched < head.Chars.Length ? head.Start[matched] : later.Length;
        return (length, score);
    }

    /// <summary>
    /// Overlap alignment: the suffix of <paramref name="a"/> (free start) against a prefix of
    /// <paramref name="b"/> (starting at b[0], free end). Returns the prefix length with the best score;
    /// on a tie, the shorter prefix, so as little as possible is dropped.
    /// </summary>
    private static (int PrefixLength, int Score) AlignSuffixToPrefix(string a, string b)
    {
        const int match = 1;
        const int penalty = 1;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = -j * penalty;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = 0;
            for (var j = 1; j <= b.Length; j++)
            {
                var diagonal = previous[j - 1] + (a[i - 1] == b[j - 1] ? match : -penalty);
                current[j] = Math.Max(diagonal, Math.Max(previous[j] - penalty, current[j - 1] - penalty));
            }

            (previous, current) = (current, previous);
        }

        var bestLength = 0;
        var bestScore = 0;
        for (var j = 1; j <= b.Length; j++)
        {
            if (previous[j] > bestScore)
            {
                bestScore = previous[j];
                bestLength = j;
            }
        }

        return (bestLength, bestScore);
    }

    private static void Append(StringBuilder text, string rest)
    {
        if (rest.Length == 0)
        {
            return;
        }

        // Latin text needs a space at the join; Japanese runs on without one (「…ました。」+「次に…」).
        if (text.Length > 0 && char.IsAscii(text[^1]) && !char.IsWhiteSpace(text[^1]) && char.IsAscii(rest[0]))
        {
            text.Append(' ');
        }

        text.Append(rest);
    }

    /// <summary>Normalised characters of a text, each remembering where its text element starts in the original.</summary>
    private sealed record Normalised(string Chars, int[] Start)
    {
        public static Normalised Of(string text, int? fromEnd, int? limit = null)
        {
            var chars = new StringBuilder();
            var starts = new List<int>();
            var elements = StringInfo.GetTextElementEnumerator(text);
            while (elements.MoveNext())
            {
                var element = ((string)elements.Current).Normalize(NormalizationForm.FormKC).ToLowerInvariant();
                foreach (var c in element)
                {
                    if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c))
                    {
                        continue;
                    }

                    chars.Append(c);
                    starts.Add(elements.ElementIndex);
                }
            }

            var all = new Normalised(chars.ToString(), [.. starts]);
            if (fromEnd is { } n && all.Chars.Length > n)
            {
                return new Normalised(all.Chars[^n..], all.Start[^n..]);
            }

            if (limit is { } l && all.Chars.Length > l)
            {
                return new Normalised(all.Chars[..l], all.Start[..l]);
            }

            return all;
        }
    }
}
