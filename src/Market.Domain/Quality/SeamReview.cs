using System.Globalization;
using Market.Domain.Assembly;
using Market.Domain.Units;

namespace Market.Domain.Quality;

/// <summary>
/// What each of two neighbouring transcription units says about the audio they share, for a reviewer to read
/// side by side before the transcript is stitched.
/// </summary>
/// <param name="EarlierTail">The end of the earlier unit's text covering the shared audio.</param>
/// <param name="LaterHead">The start of the later unit's text covering the shared audio (what stitching drops).</param>
/// <param name="Matched">The stitcher found the duplicated text; otherwise both sides are estimated from the overlap's share of each segment.</param>
/// <param name="OverlapMs">Milliseconds of audio the two units share.</param>
public sealed record SeamOverlap(string EarlierTail, string LaterHead, bool Matched, int Score, long OverlapMs);

public static class SeamReview
{
    private static readonly char[] LeadingPunctuation = ['。', '、', '，', '．', '.', ',', '!', '?', '！', '？', '」', '』', ')', '）'];

    /// <summary>The overlapping text of two neighbouring units of one recording (the earlier first).</summary>
    public static SeamOverlap Compare(WorkUnit earlier, string earlierText, WorkUnit later, string laterText, SeamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        ArgumentNullException.ThrowIfNull(earlierText);
        ArgumentNullException.ThrowIfNull(laterText);
        var first = earlier.Segment ?? throw new ArgumentException("Only transcription units have seams.", nameof(earlier));
        var second = later.Segment ?? throw new ArgumentException("Only transcription units have seams.", nameof(later));
        if (first.File != second.File || second.StartMs <= first.StartMs || second.StartMs > first.EndMs)
        {
            throw new ArgumentException("The units are not neighbouring segments of one recording.", nameof(later));
        }

        var overlapMs = first.EndMs - second.StartMs;
        var earlierTrimmed = earlierText.Trim();
        var laterTrimmed = laterText.Trim();
        var (headLength, score) = TranscriptStitcher.DuplicatedPrefixLength(earlierTrimmed, laterTrimmed, options);
        if (headLength > 0)
        {
            // The same alignment run backwards (both texts reversed) finds where the duplicate starts in the earlier
            // text; run backwards it also takes the punctuation before it, which ends the previous sentence.
            var (tailLength, _) = TranscriptStitcher.DuplicatedPrefixLength(Reverse(laterTrimmed), Reverse(earlierTrimmed), options);
            if (tailLength > 0)
            {
                return new SeamOverlap(
                    earlierTrimmed[^tailLength..].TrimStart().TrimStart(LeadingPunctuation).Trim(),
                    laterTrimmed[..headLength].Trim(),
                    Matched: true,
                    score,
                    overlapMs);
            }
        }

        return new SeamOverlap(
            earlierTrimmed[^TailLength(earlierTrimmed, overlapMs, first.DurationMs)..].Trim(),
            laterTrimmed[..HeadLength(laterTrimmed, overlapMs, second.DurationMs)].Trim(),
            Matched: false,
            score,
            overlapMs);
    }

    /// <summary>Characters at the end of the text covering the overlap's share of the segment, rounded up to whole text elements.</summary>
    private static int TailLength(string text, long overlapMs, long durationMs)
    {
        var elements = StringInfo.ParseCombiningCharacters(text);
        var count = ElementsFor(elements.Length, overlapMs, durationMs);
        return count == 0 ? 0 : text.Length - elements[^count];
    }

    /// <summary>Characters at the start of the text covering the overlap's share of the segment, rounded up to whole text elements.</summary>
    private static int HeadLength(string text, long overlapMs, long durationMs)
    {
        var elements = StringInfo.ParseCombiningCharacters(text);
        var count = ElementsFor(elements.Length, overlapMs, durationMs);
        return count == elements.Length ? text.Length : elements[count];
    }

    private static int ElementsFor(int elements, long overlapMs, long durationMs) =>
        overlapMs <= 0 ? 0 : (int)Math.Min(elements, ((long)elements * overlapMs + durationMs - 1) / durationMs);

    private static string Reverse(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        elements.Reverse();
        return string.Concat(elements);
    }
}
