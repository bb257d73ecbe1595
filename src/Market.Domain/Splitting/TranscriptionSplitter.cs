using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Splitting.Audio;
using Market.Domain.Units;

namespace Market.Domain.Splitting;

/// <summary>One recording of a transcription job, already reduced to its loudness envelope.</summary>
public sealed record AudioInput(FileId File, EnergyEnvelope Envelope);

/// <summary>A planned segment <c>[StartMs, EndMs)</c>; <see cref="CutMs"/> is where the next segment starts.</summary>
public sealed record PlannedSegment(long StartMs, long EndMs, long? CutMs);

/// <summary>
/// Cuts recordings into segments of the job's target length. Each nominal cut at k × target moves to the
/// quietest point within ±<see cref="SearchRadiusMs"/>, so words are not split. Segment i runs from the
/// previous cut to its own cut plus the overlap, so neighbours share the overlap. A tail shorter than
/// <see cref="ShortTailPercent"/> % of the target is merged into the previous segment.
/// </summary>
public static class TranscriptionSplitter
{
    public const long SearchRadiusMs = 20_000;
    public const int ShortTailPercent = 30;

    /// <summary>
    /// "Quiet" is judged over this span around a window, not one window alone, so the 50 ms closure of a
    /// consonant inside a word cannot beat a real pause between phrases.
    /// </summary>
    public const int QuietSpanMs = 250;

    /// <summary>Plans every attached recording of the job, in the job's input order; all or nothing.</summary>
    public static IReadOnlyList<WorkUnit> Split(Job job, IReadOnlyList<AudioInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(inputs);
        job.EnsureCanBeSplit(JobType.Transcription);
        var settings = job.TranscriptionSettings!;
        var byFile = SplitInputs.MatchJobInputs(job, inputs, i => i.File);

        var units = new List<WorkUnit>();
        foreach (var input in byFile)
        {
            foreach (var segment in PlanSegments(input.Envelope, settings))
            {
                units.Add(WorkUnit.ForTranscription(
                    job.Id,
                    units.Count + 1,
                    new TranscriptionSegment(input.File, segment.StartMs, segment.EndMs),
                    settings.Style));
            }
        }

        return units;
    }

    public static IReadOnlyList<PlannedSegment> PlanSegments(EnergyEnvelope envelope, TranscriptionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(settings);
        var duration = envelope.DurationMs;
        var target = settings.SegmentLengthMs;
        var quietness = Quietness(envelope);

        var cuts = new List<long>();
        for (var nominal = target; nominal < duration; nominal += target)
        {
            cuts.Add(QuietestPointNear(envelope, quietness, nominal));
        }

        if (cuts.Count > 0 && (duration - cuts[^1]) * 100 < target * ShortTailPercent)
        {
            cuts.RemoveAt(cuts.Count - 1);
        }

        var segments = new List<PlannedSegment>(cuts.Count + 1);
        var start = 0L;
        foreach (var cut in cuts)
        {
            segments.Add(new PlannedSegment(start, Math.Min(cut + settings.OverlapMs, duration), cut));
            start = cut;
        }

        segments.Add(new PlannedSegment(start, duration, null));
        return segments;
    }

    /// <summary>The mean RMS over <see cref="QuietSpanMs"/> centred on each window (edges use what exists).</summary>
    private static double[] Quietness(EnergyEnvelope envelope)
    {
        var rms = envelope.Rms;
        var radius = Math.Max(0, QuietSpanMs / envelope.WindowMs / 2);
        var prefix = new double[rms.Count + 1];
        for (var i = 0; i < rms.Count; i++)
        {
            prefix[i + 1] = prefix[i] + rms[i];
        }

        var quietness = new double[rms.Count];
        for (var i = 0; i < rms.Count; i++)
        {
            var from = Math.Max(0, i - radius);
            var to = Math.Min(rms.Count, i + radius + 1);
            quietness[i] = (prefix[to] - prefix[from]) / (to - from);
        }

        return quietness;
    }

    /// <summary>The centre of the quietest window within the search radius; ties go to the one closest to the nominal cut, then the earlier.</summary>
    private static long QuietestPointNear(EnergyEnvelope envelope, double[] quietness, long nominalMs)
    {
        var window = envelope.WindowMs;
        var half = window / 2;
        var first = Math.Max(0, (nominalMs - SearchRadiusMs - half + window - 1) / window);
        var last = Math.Min(quietness.Length - 1, (nominalMs + SearchRadiusMs - half) / window);

        var best = -1L;
        var bestQuietness = double.MaxValue;
        var bestDistance = long.MaxValue;
        for (var i = first; i <= last; i++)
        {
            var centre = (i * window) + half;
            if (centre >= envelope.DurationMs)
            {
                break;
            }

            var distance = Math.Abs(centre - nominalMs);
            if (quietness[i] < bestQuietness || (quietness[i] == bestQuietness && distance < bestDistance))
            {
                best = centre;
                bestQuietness = quietness[i];
                bestDistance = distance;
            }
        }

        return best >= 0 ? best : nominalMs;
    }
}
