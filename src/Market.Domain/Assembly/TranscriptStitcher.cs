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
        var (matched, score) = BestDuplicate(tail.Chars, head);
        if (matched == 0 || score < options.MinMatchChars || score * 2 < matched)
        {
            return (0, score);
        }

        // Drop through the last matched character and any punctuation or spacing after it.
        var length = matched < head.Chars.Length ? head.Start[matched] : later.Length;
        return (length, score);
    }

    /// <summary>
    /// Overlap alignment of a suffix of <paramref name="earlier"/> with a prefix of the later text (match +1,
    /// mismatch or gap −1). The prefix must end on a character both workers agree on, any characters the
    /// earlier worker wrote after it count as gaps, and in Latin-script text it must end at a word boundary:
    /// a word heard differently at the very end ("ten" / "10") then stays as a small visible repeat instead
    /// of a chance match carrying the cut into the next, new word. Ties go to the shorter prefix.
    /// </summary>
    private static (int PrefixLength, int Score) BestDuplicate(string earlier, Normalised later)
    {
        const int match = 1;
        const int penalty = 1;
        var b = later.Chars;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        var endingHere = new int[b.Length + 1];
        Array.Fill(endingHere, int.MinValue);
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = -j * penalty;
        }

        for (var i = 1; i <= earlier.Length; i++)
        {
            current[0] = 0;
            var trailingGaps = (earlier.Length - i) * penalty;
            for (var j = 1; j <= b.Length; j++)
            {
                var same = earlier[i - 1] == b[j - 1];
                var diagonal = previous[j - 1] + (same ? match : -penalty);
                current[j] = Math.Max(diagonal, Math.Max(previous[j] - penalty, current[j - 1] - penalty));
                if (same)
                {
                    endingHere[j] = Math.Max(endingHere[j], diagonal - trailingGaps);
                }
            }

            (previous, current) = (current, previous);
        }

        var latin = later.IsMostlyLatin;
        var best = 0;
        var bestScore = 0;
        for (var j = 1; j <= b.Length; j++)
        {
            if (endingHere[j] > bestScore && (!latin || later.EndsWordAt(j)))
            {
                best = j;
                bestScore = endingHere[j];
            }
        }

        return (best, bestScore);
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

    /// <summary>Normalised characters of a text, each remembering which text element of the original it came from.</summary>
    private sealed record Normalised(string Chars, int[] Start, int[] End)
    {
        public bool IsMostlyLatin => Chars.Count(char.IsAsciiLetterOrDigit) * 2 > Chars.Length;

        /// <summary>Whether the first <paramref name="length"/> characters end a word: spacing or punctuation (or the end) follows them.</summary>
        public bool EndsWordAt(int length) => length == 0 || length == Chars.Length || Start[length] > End[length - 1];

        public static Normalised Of(string text, int? fromEnd, int? limit = null)
        {
            var chars = new StringBuilder();
            var starts = new List<int>();
            var ends = new List<int>();
            var elements = StringInfo.GetTextElementEnumerator(text);
            while (elements.MoveNext())
            {
                var original = (string)elements.Current;
                foreach (var c in original.Normalize(NormalizationForm.FormKC).ToLowerInvariant())
                {
                    if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c))
                    {
                        continue;
                    }

                    chars.Append(c);
                    starts.Add(elements.ElementIndex);
                    ends.Add(elements.ElementIndex + original.Length);
                }
            }

            var all = new Normalised(chars.ToString(), [.. starts], [.. ends]);
            if (fromEnd is { } n && all.Chars.Length > n)
            {
                return new Normalised(all.Chars[^n..], all.Start[^n..], all.End[^n..]);
            }

            if (limit is { } l && all.Chars.Length > l)
            {
                return new Normalised(all.Chars[..l], all.Start[..l], all.End[..l]);
            }

            return all;
        }
    }
}
